// rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend, rt_sigtimedwait, sigaltstack,
// rt_sigreturn, tgkill, tkill: the signal syscalls (kill is processes.cpp). The state and delivery
// are process/signals.h; the frame a handler runs on is process/signal_frame.h.
#include "lib/errno.h"
#include "process/process.h"
#include "process/signal_frame.h"
#include "process/signal_layout.h"
#include "process/signals.h"
#include "process/threads.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"
#include "time/clock.h"

namespace kernel::syscalls {
namespace {

constexpr uint64_t kSigsetSize = sizeof(SignalSet);
constexpr uint64_t kSigBlock = 0, kSigUnblock = 1, kSigSetMask = 2;

long to_syscall(const Result<long>& result) { return result.ok() ? result.value() : negated(result.error()); }

bool valid_signal(uint64_t signal) { return signal >= 1 && signal <= kSignalCount; }

uint32_t own_pid() { return running_process()->pid; }

Result<long> change_action(uint64_t signal, uint64_t user_action, uint64_t user_old, uint64_t size) {
  if (size != kSigsetSize || !valid_signal(signal)) return Errno::kInvalid;
  auto number = static_cast<uint32_t>(signal);
  if (user_action != 0 && (kUnblockableSignals & signal_bit(number))) return Errno::kInvalid;
  ProcessSignals& process = current_process_signals();
  KernelSigaction previous = process.actions[number - 1];
  if (user_action != 0) {
    KernelSigaction action;
    TRY(copy_from_user(&action, user_action, sizeof action));
    action.mask &= ~kUnblockableSignals;
    process.actions[number - 1] = action;
    // POSIX: setting a pending signal to be ignored discards it (partial: the calling thread's and
    // the process's pending instance; another thread's own one stays).
    if (signal_ignored(process, number)) {
      process.pending &= ~signal_bit(number);
      current_thread_signals().pending &= ~signal_bit(number);
    }
  }
  if (user_old != 0) TRY(copy_to_user(user_old, &previous, sizeof previous));
  return 0;
}

Result<long> change_mask(uint64_t how, uint64_t user_set, uint64_t user_old, uint64_t size) {
  if (size != kSigsetSize) return Errno::kInvalid;
  ThreadSignals& thread = current_thread_signals();
  SignalSet previous = thread.blocked;
  if (user_set != 0) {
    SignalSet set = 0;
    TRY(copy_from_user(&set, user_set, sizeof set));
    set &= ~kUnblockableSignals;
    switch (how) {
      case kSigBlock: thread.blocked |= set; break;
      case kSigUnblock: thread.blocked &= ~set; break;
      case kSigSetMask: thread.blocked = set; break;
      default: return Errno::kInvalid;
    }
  }
  if (user_old != 0) TRY(copy_to_user(user_old, &previous, sizeof previous));
  return 0;
}

Result<long> suspend(uint64_t user_mask, uint64_t size) {
  if (size != kSigsetSize) return Errno::kInvalid;
  SignalSet mask = 0;
  TRY(copy_from_user(&mask, user_mask, sizeof mask));
  ThreadSignals& thread = current_thread_signals();
  thread.saved_mask = thread.blocked;
  thread.restore_saved_mask = true;
  thread.blocked = mask & ~kUnblockableSignals;
  block_current(0, 0, kNoDeadline);  // until a signal interrupts it: EINTR after the handler
  return kRestartNoHand;
}

// The first pending signal in set, taken off the pending sets with its siginfo, or 0.
uint32_t take_waited_signal(SignalSet set, SignalInfo* info) {
  ThreadSignals& thread = current_thread_signals();
  ProcessSignals& process = current_process_signals();
  SignalSet own = thread.pending & set, shared = process.pending & set;
  if ((own | shared) == 0) return 0;
  bool from_thread = own != 0;
  auto signal = static_cast<uint32_t>(__builtin_ctzll(from_thread ? own : shared)) + 1;
  (from_thread ? thread.pending : process.pending) &= ~signal_bit(signal);
  *info = (from_thread ? thread.info : process.info)[signal - 1];
  return signal;
}

Result<uint64_t> timeout_deadline(uint64_t user_timeout) {
  if (user_timeout == 0) return kNoDeadline;
  struct {
    int64_t seconds, nanoseconds;
  } time;
  TRY(copy_from_user(&time, user_timeout, sizeof time));
  if (time.seconds < 0 || time.nanoseconds < 0 || time.nanoseconds >= 1'000'000'000) return Errno::kInvalid;
  uint64_t ns = 0, deadline = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(time.seconds), uint64_t{1'000'000'000}, &ns) ||
      __builtin_add_overflow(ns, static_cast<uint64_t>(time.nanoseconds), &ns) ||
      __builtin_add_overflow(monotonic_ns(), ns, &deadline)) {
    return kNoDeadline;
  }
  return deadline;
}

Result<long> timed_wait(uint64_t user_set, uint64_t user_info, uint64_t user_timeout, uint64_t size) {
  if (size != kSigsetSize) return Errno::kInvalid;
  SignalSet set = 0;
  TRY(copy_from_user(&set, user_set, sizeof set));
  set &= ~kUnblockableSignals;
  uint64_t deadline = resumed_deadline(TRY(timeout_deadline(user_timeout)));
  SignalInfo info{};
  uint32_t signal = take_waited_signal(set, &info);
  if (signal != 0) {
    SigInfo out = siginfo_for(signal, info);
    if (user_info != 0) TRY(copy_to_user(user_info, &out, sizeof out));
    return static_cast<long>(signal);
  }
  if (monotonic_ns() >= deadline) return Errno::kAgain;
  // Woken by the next signal made pending (process/signals.h) or the deadline; the call then looks
  // again. A handler run in between ends it with EINTR.
  wait_for_readiness(wait_key(current_process_signals().signal_waiters), deadline);
  return 0;
}

// Linux's do_sigaltstack for a new stack: EPERM while running on the current one.
Status set_alternate_stack(ThreadSignals& thread, const SignalStack& stack, uint64_t user_rsp) {
  if (on_alternate_stack(user_rsp, thread.alternate_stack)) return Errno::kPerm;
  int32_t mode = static_cast<int32_t>(static_cast<uint32_t>(stack.ss_flags) & ~kSsAutoDisarm);
  if (mode != 0 && mode != kSsOnStack && mode != kSsDisable) return Errno::kInvalid;
  if (mode == kSsDisable) {
    thread.alternate_stack = SignalStack{0, kSsDisable, 0, 0};
    return kOk;
  }
  if (stack.ss_size < kMinSignalStackSize) return Errno::kNoMemory;
  if (!is_user_range(stack.ss_sp, stack.ss_size)) return Errno::kFault;
  auto auto_disarm = static_cast<int32_t>(static_cast<uint32_t>(stack.ss_flags) & kSsAutoDisarm);
  thread.alternate_stack = SignalStack{stack.ss_sp, auto_disarm, 0, stack.ss_size};
  return kOk;
}

Result<long> alternate_stack(uint64_t user_stack, uint64_t user_old, uint64_t user_rsp) {
  ThreadSignals& thread = current_thread_signals();
  bool on_stack = on_alternate_stack(user_rsp, thread.alternate_stack);
  if (user_old != 0) {
    SignalStack old = thread.alternate_stack;
    int32_t state = !alternate_stack_enabled(old) ? kSsDisable : on_stack ? kSsOnStack : 0;
    old.ss_flags = state | static_cast<int32_t>(static_cast<uint32_t>(old.ss_flags) & kSsAutoDisarm);
    if (state == kSsDisable) old.ss_sp = old.ss_size = 0;
    TRY(copy_to_user(user_old, &old, sizeof old));
  }
  if (user_stack == 0) return 0;
  SignalStack stack;
  TRY(copy_from_user(&stack, user_stack, sizeof stack));
  TRY(set_alternate_stack(thread, stack, user_rsp));
  return 0;
}

Result<long> send_to_thread(int64_t group, int64_t tid, uint64_t signal) {
  if (tid <= 0 || tid > 0x7FFFFFFF || group == 0 || group > 0x7FFFFFFF) return Errno::kInvalid;
  if (signal > kSignalCount) return Errno::kInvalid;
  Process* owner = process_of_thread(static_cast<uint32_t>(tid));
  if (owner == nullptr || (group > 0 && owner->pid != static_cast<uint32_t>(group))) return Errno::kSearch;
  if (signal == 0) return 0;
  TRY(send_signal_to_thread(static_cast<uint32_t>(tid), static_cast<uint32_t>(signal),
                            SignalInfo{si_code::kTkill, own_pid(), 0, 0, 0}));
  return 0;
}

}  // namespace

long rt_sigaction(const uint64_t* a) { return to_syscall(change_action(a[0], a[1], a[2], a[3])); }
long rt_sigprocmask(const uint64_t* a) { return to_syscall(change_mask(a[0], a[1], a[2], a[3])); }
long rt_sigsuspend(const uint64_t* a) { return to_syscall(suspend(a[0], a[1])); }
long rt_sigtimedwait(const uint64_t* a) { return to_syscall(timed_wait(a[0], a[1], a[2], a[3])); }
long sigaltstack(const uint64_t* a) { return to_syscall(alternate_stack(a[0], a[1], frame_of(a).user_rsp)); }
long tgkill(const uint64_t* a) {
  return to_syscall(send_to_thread(static_cast<int64_t>(a[0]) <= 0 ? 0 : static_cast<int64_t>(a[0]),
                                   static_cast<int64_t>(a[1]), a[2]));
}
long tkill(const uint64_t* a) { return to_syscall(send_to_thread(-1, static_cast<int64_t>(a[0]), a[1])); }

long rt_sigpending(const uint64_t* a) {
  if (a[1] > kSigsetSize) return negated(Errno::kInvalid);
  const ThreadSignals& thread = current_thread_signals();
  SignalSet pending = (thread.pending | current_process_signals().pending) & thread.blocked;
  return copy_to_user(a[0], &pending, a[1]).ok() ? 0 : negated(Errno::kFault);
}

long rt_sigreturn(const uint64_t* a) {
  // The live frame on the kernel stack: sigreturn rewrites every register in it.
  auto* frame = const_cast<SyscallFrame*>(&frame_of(a));
  auto restored = return_from_handler(frame);
  if (!restored.ok()) {
    terminate_by_signal(sig::kSegv);  // Linux: a bad frame is a SIGSEGV
    return 0;
  }
  ThreadSignals& thread = current_thread_signals();
  thread.blocked = restored.value().mask;
  thread.returning_from_handler = true;
  return_with_all_registers(restored.value().rcx, restored.value().r11);
  // Linux's restore_altstack: the frame's uc_stack becomes the alternate stack again (which brings
  // back one SS_AUTODISARM took down); refused, and ignored, while running on the current one.
  (void)set_alternate_stack(thread, restored.value().alternate_stack, frame->user_rsp);
  return restored.value().result;
}

}  // namespace kernel::syscalls
