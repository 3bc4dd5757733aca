// clock_gettime, clock_getres, gettimeofday. Realtime clocks come from the host (untrusted) plus
// the TSC; everything else (monotonic, boottime, CPU time: one process that never sleeps) counts
// from boot.
#include "lib/errno.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"
#include "time/clock.h"

namespace kernel::syscalls {
namespace {

// Clock ids (include/uapi/linux/time.h).
constexpr uint64_t kClockRealtime = 0;
constexpr uint64_t kClockRealtimeCoarse = 5;
constexpr uint64_t kClockTai = 11;
constexpr uint64_t kLastClock = 11;

struct Timespec {
  int64_t seconds;
  int64_t nanoseconds;
};

struct Timeval {
  int64_t seconds;
  int64_t microseconds;
};

bool is_realtime(uint64_t clock) {
  return clock == kClockRealtime || clock == kClockRealtimeCoarse || clock == kClockTai;
}

}  // namespace

long clock_gettime(const uint64_t* a) {
  if (a[0] > kLastClock) return negated(Errno::kInvalid);
  uint64_t ns = is_realtime(a[0]) ? realtime_ns() : monotonic_ns();
  Timespec time{static_cast<int64_t>(ns / 1'000'000'000), static_cast<int64_t>(ns % 1'000'000'000)};
  return copy_to_user(a[1], &time, sizeof time).ok() ? 0 : negated(Errno::kFault);
}

long clock_getres(const uint64_t* a) {
  if (a[0] > kLastClock) return negated(Errno::kInvalid);
  if (a[1] == 0) return 0;
  Timespec resolution{0, 1};
  return copy_to_user(a[1], &resolution, sizeof resolution).ok() ? 0 : negated(Errno::kFault);
}

long gettimeofday(const uint64_t* a) {
  if (a[0] == 0) return 0;
  uint64_t ns = realtime_ns();
  Timeval time{static_cast<int64_t>(ns / 1'000'000'000), static_cast<int64_t>(ns % 1'000'000'000 / 1000)};
  return copy_to_user(a[0], &time, sizeof time).ok() ? 0 : negated(Errno::kFault);
}

}  // namespace kernel::syscalls
