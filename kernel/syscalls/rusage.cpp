// getrusage and times: CPU time of the calling thread, its process and its reaped children
// (process/cpu_time.h), and the struct rusage that wait4 fills in too.
#include "syscalls/rusage.h"

#include "lib/errno.h"
#include "process/process.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"
#include "time/clock.h"

namespace kernel::syscalls {
namespace {

constexpr int64_t kRusageSelf = 0, kRusageChildren = -1, kRusageThread = 1;
constexpr uint64_t kNsPerMicrosecond = 1000, kNsPerClockTick = 10'000'000;  // USER_HZ = 100

struct TimeValue {
  int64_t tv_sec;
  int64_t tv_usec;
};

// struct rusage (include/uapi/linux/resource.h) on x86-64.
struct Rusage {
  TimeValue ru_utime;
  TimeValue ru_stime;
  int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock, ru_oublock,
      ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
static_assert(sizeof(Rusage) == 144);
static_assert(offsetof(Rusage, ru_stime) == 16);
static_assert(offsetof(Rusage, ru_maxrss) == 32);
static_assert(offsetof(Rusage, ru_nvcsw) == 128);
static_assert(offsetof(Rusage, ru_nivcsw) == 136);

// struct tms (include/uapi/linux/times.h), in clock ticks.
struct ProcessTimes {
  int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};
static_assert(sizeof(ProcessTimes) == 32);

TimeValue time_value(uint64_t ns) {
  return TimeValue{static_cast<int64_t>(ns / 1'000'000'000), static_cast<int64_t>(ns % 1'000'000'000 / kNsPerMicrosecond)};
}

int64_t clock_ticks(uint64_t ns) { return static_cast<int64_t>(ns / kNsPerClockTick); }

}  // namespace

Status write_rusage(uint64_t user_rusage, const CpuUsage& usage) {
  if (user_rusage == 0) return kOk;
  Rusage out{};
  out.ru_utime = time_value(usage.user_ns);
  out.ru_stime = time_value(usage.system_ns);
  out.ru_nvcsw = static_cast<int64_t>(usage.voluntary_switches);
  out.ru_nivcsw = static_cast<int64_t>(usage.involuntary_switches);
  out.ru_minflt = static_cast<int64_t>(usage.minor_faults);
  return copy_to_user(user_rusage, &out, sizeof out);
}

long getrusage(const uint64_t* a) {
  CpuUsage usage{};
  switch (static_cast<int64_t>(static_cast<int32_t>(a[0]))) {
    case kRusageSelf: usage = current_process_usage(); break;
    case kRusageChildren: usage = usage_of(current_process().children_cpu_time); break;
    case kRusageThread: usage = current_thread_usage(); break;
    default: return negated(Errno::kInvalid);
  }
  Status written = write_rusage(a[1], usage);
  return written.ok() ? 0 : negated(written.error());
}

long times(const uint64_t* a) {
  if (a[0] != 0) {
    CpuUsage own = current_process_usage();
    CpuUsage children = usage_of(current_process().children_cpu_time);
    ProcessTimes out{clock_ticks(own.user_ns), clock_ticks(own.system_ns), clock_ticks(children.user_ns),
                     clock_ticks(children.system_ns)};
    Status written = copy_to_user(a[0], &out, sizeof out);
    if (!written.ok()) return negated(written.error());
  }
  // Linux returns clock ticks since an arbitrary point in the past: here, boot.
  return clock_ticks(monotonic_ns());
}

}  // namespace kernel::syscalls
