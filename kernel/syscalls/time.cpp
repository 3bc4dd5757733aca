// clock_gettime, clock_getres, gettimeofday, nanosleep, clock_nanosleep. Realtime clocks come from the host (untrusted) plus
// the TSC; the CPU-time clocks are the process's or thread's user plus system time
// (process/cpu_time.h); everything else (monotonic, boottime) counts from boot.
#include "lib/errno.h"
#include "process/cpu_time.h"
#include "process/threads.h"
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

constexpr uint64_t kClockMonotonic = 1, kClockProcessCpuTime = 2, kClockThreadCpuTime = 3, kClockBoottime = 7;
constexpr uint64_t kTimerAbsolute = 1;  // TIMER_ABSTIME
constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;

bool is_realtime(uint64_t clock) {
  return clock == kClockRealtime || clock == kClockRealtimeCoarse || clock == kClockTai;
}

// The duration or absolute time in a user timespec, in nanoseconds; EINVAL if it is not one.
Result<uint64_t> read_timespec(uint64_t user_time) {
  Timespec time;
  TRY(copy_from_user(&time, user_time, sizeof time));
  if (time.seconds < 0 || time.nanoseconds < 0 || time.nanoseconds >= kNanosecondsPerSecond) return Errno::kInvalid;
  uint64_t total = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(time.seconds), uint64_t{kNanosecondsPerSecond}, &total) ||
      __builtin_add_overflow(total, static_cast<uint64_t>(time.nanoseconds), &total)) {
    return ~0ull;
  }
  return total;
}

long sleep_on(uint64_t clock, uint64_t flags, uint64_t user_time) {
  if (!is_realtime(clock) && clock != kClockMonotonic && clock != kClockBoottime) return negated(Errno::kInvalid);
  if ((flags & ~kTimerAbsolute) != 0) return negated(Errno::kInvalid);
  auto requested = read_timespec(user_time);
  if (!requested.ok()) return negated(requested.error());
  // The thread sleeps until a CLOCK_MONOTONIC deadline (an absolute realtime one is converted).
  uint64_t deadline = requested.value(), now = monotonic_ns();
  if (flags & kTimerAbsolute) {
    uint64_t clock_now = is_realtime(clock) ? realtime_ns() : now;
    deadline = deadline <= clock_now ? now : now + (deadline - clock_now);
  } else if (__builtin_add_overflow(now, deadline, &deadline)) {
    deadline = kNoDeadline - 1;
  }
  block_current(0, 0, deadline);
  return 0;
}

uint64_t clock_now_ns(uint64_t clock) {
  if (is_realtime(clock)) return realtime_ns();
  if (clock == kClockProcessCpuTime || clock == kClockThreadCpuTime) {
    CpuUsage usage = clock == kClockProcessCpuTime ? current_process_usage() : current_thread_usage();
    return usage.user_ns + usage.system_ns;
  }
  return monotonic_ns();
}

}  // namespace

long clock_gettime(const uint64_t* a) {
  if (a[0] > kLastClock) return negated(Errno::kInvalid);
  uint64_t ns = clock_now_ns(a[0]);
  Timespec time{static_cast<int64_t>(ns / 1'000'000'000), static_cast<int64_t>(ns % 1'000'000'000)};
  return copy_to_user(a[1], &time, sizeof time).ok() ? 0 : negated(Errno::kFault);
}

long clock_getres(const uint64_t* a) {
  if (a[0] > kLastClock) return negated(Errno::kInvalid);
  if (a[1] == 0) return 0;
  Timespec resolution{0, 1};
  return copy_to_user(a[1], &resolution, sizeof resolution).ok() ? 0 : negated(Errno::kFault);
}

long nanosleep(const uint64_t* a) { return sleep_on(kClockMonotonic, 0, a[0]); }
long clock_nanosleep(const uint64_t* a) { return sleep_on(a[0], a[1], a[2]); }

long gettimeofday(const uint64_t* a) {
  if (a[0] == 0) return 0;
  uint64_t ns = realtime_ns();
  Timeval time{static_cast<int64_t>(ns / 1'000'000'000), static_cast<int64_t>(ns % 1'000'000'000 / 1000)};
  return copy_to_user(a[0], &time, sizeof time).ok() ? 0 : negated(Errno::kFault);
}

}  // namespace kernel::syscalls
