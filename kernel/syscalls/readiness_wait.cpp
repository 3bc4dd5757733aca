#include "syscalls/readiness_wait.h"

#include "process/signals.h"
#include "process/threads.h"
#include "process/wait_queue.h"
#include "syscalls/user_access.h"
#include "time/clock.h"

namespace kernel::syscalls {
namespace {

constexpr uint64_t kNsPerSecond = 1'000'000'000;

struct TimePair {
  int64_t seconds;
  int64_t fraction;  // nanoseconds (timespec) or microseconds (timeval)
};

uint64_t deadline_after(uint64_t ns) {
  uint64_t deadline = 0;
  return __builtin_add_overflow(monotonic_ns(), ns, &deadline) ? kNoDeadline : deadline;
}

Result<uint64_t> deadline_after_pair(uint64_t user_time, uint64_t units_per_second, uint64_t ns_per_unit) {
  if (user_time == 0) return resumed_deadline(kNoDeadline);
  TimePair time;
  TRY(copy_from_user(&time, user_time, sizeof time));
  if (time.seconds < 0 || time.fraction < 0 || static_cast<uint64_t>(time.fraction) >= units_per_second) {
    return Errno::kInvalid;
  }
  uint64_t ns = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(time.seconds), kNsPerSecond, &ns) ||
      __builtin_add_overflow(ns, static_cast<uint64_t>(time.fraction) * ns_per_unit, &ns)) {
    return resumed_deadline(kNoDeadline);
  }
  return resumed_deadline(deadline_after(ns));
}

void write_remaining(uint64_t user_time, uint64_t deadline, uint64_t ns_per_unit) {
  if (user_time == 0 || deadline == kNoDeadline) return;
  uint64_t now = monotonic_ns(), left = deadline > now ? deadline - now : 0;
  TimePair time{static_cast<int64_t>(left / kNsPerSecond), static_cast<int64_t>(left % kNsPerSecond / ns_per_unit)};
  (void)copy_to_user(user_time, &time, sizeof time);  // Linux ignores a failure here too
}

void restore_own_mask() {
  ThreadSignals& thread = current_thread_signals();
  if (!thread.restore_saved_mask) return;
  thread.blocked = thread.saved_mask;
  thread.restore_saved_mask = false;
}

}  // namespace

Result<uint64_t> deadline_after_timespec(uint64_t user_time) { return deadline_after_pair(user_time, kNsPerSecond, 1); }
Result<uint64_t> deadline_after_timeval(uint64_t user_time) { return deadline_after_pair(user_time, 1'000'000, 1000); }

uint64_t deadline_after_milliseconds(int64_t milliseconds) {
  if (milliseconds < 0) return resumed_deadline(kNoDeadline);
  return resumed_deadline(deadline_after(static_cast<uint64_t>(milliseconds) * 1'000'000));
}

Status wait_under_mask(uint64_t user_mask, uint64_t size) {
  if (user_mask == 0) return kOk;
  if (size != sizeof(SignalSet)) return Errno::kInvalid;
  SignalSet mask = 0;
  TRY(copy_from_user(&mask, user_mask, sizeof mask));
  ThreadSignals& thread = current_thread_signals();
  if (!thread.restore_saved_mask) thread.saved_mask = thread.blocked;
  thread.restore_saved_mask = true;
  thread.blocked = mask & ~kUnblockableSignals;
  return kOk;
}

bool keep_waiting(long ready, uint64_t deadline) {
  uint64_t now = monotonic_ns();
  if (ready == 0 && now < deadline) {
    wait_for_readiness(current_poll_key(), deadline);
    return true;
  }
  // Linux restores the mask at once unless a signal interrupted the wait (EINTR keeps it for the
  // handler's frame): a ready call does not run handlers the temporary mask let through.
  restore_own_mask();
  return false;
}

long fail(Errno error) {
  restore_own_mask();
  return negated(error);
}

void write_remaining_timespec(uint64_t user_time, uint64_t deadline) { write_remaining(user_time, deadline, 1); }
void write_remaining_timeval(uint64_t user_time, uint64_t deadline) { write_remaining(user_time, deadline, 1000); }

}  // namespace kernel::syscalls
