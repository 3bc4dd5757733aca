// clone (threads only: CLONE_VM | CLONE_THREAD | CLONE_SIGHAND), futex (wait/wake with bitsets and
// timeouts, requeue). Scheduling is process/threads.h; tgkill, tkill and rt_sigprocmask are
// signals.cpp.
#include "arch/x86_64/cpu.h"
#include "hostcall/exit.h"
#include "lib/errno.h"
#include "process/process.h"
#include "process/threads.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"
#include "time/clock.h"

namespace kernel::syscalls {
namespace {

// include/uapi/linux/sched.h
constexpr uint64_t kCloneVm = 0x100, kCloneFs = 0x200, kCloneFiles = 0x400, kCloneSighand = 0x800,
                   kCloneThread = 0x10000, kCloneSysvsem = 0x40000, kCloneSettls = 0x80000,
                   kCloneParentSettid = 0x100000, kCloneChildCleartid = 0x200000, kCloneDetached = 0x400000,
                   kCloneChildSettid = 0x1000000;
constexpr uint64_t kExitSignalMask = 0xFF;
constexpr uint64_t kThreadFlags = kCloneVm | kCloneThread | kCloneSighand;
constexpr uint64_t kAcceptedFlags = kThreadFlags | kCloneFs | kCloneFiles | kCloneSysvsem | kCloneSettls |
                                    kCloneParentSettid | kCloneChildCleartid | kCloneDetached | kCloneChildSettid;

// include/uapi/linux/futex.h
constexpr uint64_t kFutexWait = 0, kFutexWake = 1, kFutexRequeue = 3, kFutexCmpRequeue = 4, kFutexWaitBitset = 9,
                   kFutexWakeBitset = 10;
constexpr uint64_t kFutexPrivate = 128, kFutexClockRealtime = 256;
constexpr uint32_t kBitsetMatchAny = ~0u;

struct Timespec {
  int64_t seconds;
  int64_t nanoseconds;
};

// A futex timeout as a CLOCK_MONOTONIC deadline: relative for FUTEX_WAIT, absolute on the chosen
// clock for FUTEX_WAIT_BITSET. EINVAL for a malformed timespec.
Result<uint64_t> futex_deadline(uint64_t user_timeout, bool absolute, bool realtime) {
  if (user_timeout == 0) return kNoDeadline;
  Timespec time;
  TRY(copy_from_user(&time, user_timeout, sizeof time));
  if (time.seconds < 0 || time.nanoseconds < 0 || time.nanoseconds >= 1'000'000'000) return Errno::kInvalid;
  uint64_t ns = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(time.seconds), uint64_t{1'000'000'000}, &ns) ||
      __builtin_add_overflow(ns, static_cast<uint64_t>(time.nanoseconds), &ns)) {
    return kNoDeadline;
  }
  uint64_t now = monotonic_ns();
  if (!absolute) return __builtin_add_overflow(now, ns, &ns) ? kNoDeadline : ns;
  if (!realtime) return ns;
  uint64_t real_now = realtime_ns();
  return ns <= real_now ? now : (__builtin_add_overflow(now, ns - real_now, &ns) ? kNoDeadline : ns);
}

Result<long> futex_wait(uint64_t address, uint32_t expected, uint64_t user_timeout, uint32_t bitset, bool absolute,
                        bool realtime) {
  if (bitset == 0) return Errno::kInvalid;
  uint64_t deadline = TRY(futex_deadline(user_timeout, absolute, realtime));
  uint32_t value = 0;
  TRY(copy_from_user(&value, address, sizeof value));
  if (value != expected) return Errno::kAgain;
  block_current(address, bitset, deadline);
  return 0;
}

Result<long> futex_requeue(uint64_t address, uint64_t wake, uint64_t requeue, uint64_t target, bool compare,
                           uint32_t expected) {
  if (target % 4 != 0 || !is_user_range(target, 4)) return Errno::kInvalid;
  if (compare) {
    uint32_t value = 0;
    TRY(copy_from_user(&value, address, sizeof value));
    if (value != expected) return Errno::kAgain;
  }
  uint32_t woken = wake_futex(address, kBitsetMatchAny, static_cast<uint32_t>(wake > 0x7fffffff ? 0x7fffffff : wake));
  uint32_t moved = requeue_futex(address, target, static_cast<uint32_t>(requeue > 0x7fffffff ? 0x7fffffff : requeue));
  return static_cast<long>(woken + (compare ? moved : 0));
}

Result<long> futex_operation(const uint64_t* a) {
  uint64_t address = a[0], operation = a[1];
  auto value = static_cast<uint32_t>(a[2]);
  if (address % 4 != 0 || !is_user_range(address, 4)) return Errno::kInvalid;
  bool realtime = (operation & kFutexClockRealtime) != 0;
  uint64_t command = operation & ~(kFutexPrivate | kFutexClockRealtime);
  if (realtime && command != kFutexWaitBitset) return Errno::kNoSys;
  uint32_t count = value > 0x7fffffff ? 0x7fffffff : value;
  switch (command) {
    case kFutexWait: return futex_wait(address, value, a[3], kBitsetMatchAny, false, false);
    case kFutexWaitBitset: return futex_wait(address, value, a[3], static_cast<uint32_t>(a[5]), true, realtime);
    case kFutexWake: return static_cast<long>(wake_futex(address, kBitsetMatchAny, count));
    case kFutexWakeBitset:
      if (static_cast<uint32_t>(a[5]) == 0) return Errno::kInvalid;
      return static_cast<long>(wake_futex(address, static_cast<uint32_t>(a[5]), count));
    case kFutexRequeue: return futex_requeue(address, count, a[3], a[4], false, 0);
    case kFutexCmpRequeue: return futex_requeue(address, count, a[3], a[4], true, static_cast<uint32_t>(a[5]));
    default: return Errno::kNoSys;
  }
}

Result<long> clone_thread(const uint64_t* a) {
  uint64_t flags = a[0], stack = a[1], parent_tid = a[2], child_tid = a[3], tls = a[4];
  if ((flags & kCloneThread) == 0) return clone_process(a);  // fork, vfork, posix_spawn (processes.cpp)
  if ((flags & kThreadFlags) != kThreadFlags) return Errno::kInvalid;
  if ((flags & ~(kAcceptedFlags | kExitSignalMask)) != 0) return Errno::kInvalid;  // the exit signal is unused for threads
  if ((flags & kCloneSettls) && !is_user_range(tls, 0)) return Errno::kPerm;
  uint32_t tid = TRY(create_thread(current_process(), frame_of(a), stack, (flags & kCloneSettls) != 0, tls,
                                   (flags & kCloneChildCleartid) ? child_tid : 0));
  // Both words live in the one shared address space; a bad pointer is the caller's EFAULT-free loss,
  // as on Linux (the thread exists either way).
  if (flags & kCloneParentSettid) (void)copy_to_user(parent_tid, &tid, sizeof tid);
  if (flags & kCloneChildSettid) (void)copy_to_user(child_tid, &tid, sizeof tid);
  return static_cast<long>(tid);
}

long to_syscall(const Result<long>& result) { return result.ok() ? result.value() : negated(result.error()); }

}  // namespace

long clone(const uint64_t* a) { return to_syscall(clone_thread(a)); }
long futex(const uint64_t* a) { return to_syscall(futex_operation(a)); }

}  // namespace kernel::syscalls
