// Signal state, sending and delivery decisions (which signal, which action, what the interrupted
// syscall returns). The frame a handler runs on is process/signal_frame.h.
#include "process/signals.h"

#include "hostcall/exit.h"
#include "lib/errno.h"
#include "process/signal_frame.h"
#include "process/signal_layout.h"
#include "process/process.h"
#include "process/threads.h"

namespace kernel {
namespace {

constexpr SignalSet kDefaultIgnored = signal_bit(sig::kChld) | signal_bit(sig::kCont) | signal_bit(sig::kUrg) |
                                      signal_bit(sig::kWinch);

// Lowest pending, unblocked signal, thread-directed first (Linux's next_signal order), or 0.
uint32_t next_deliverable(const ProcessSignals& process, const ThreadSignals& thread) {
  SignalSet own = thread.pending & ~thread.blocked;
  if (own != 0) return static_cast<uint32_t>(__builtin_ctzll(own)) + 1;
  SignalSet shared = process.pending & ~thread.blocked;
  return shared != 0 ? static_cast<uint32_t>(__builtin_ctzll(shared)) + 1 : 0;
}

SignalInfo take(ProcessSignals& process, ThreadSignals& thread, uint32_t signal) {
  SignalSet bit = signal_bit(signal);
  if (thread.pending & bit) {
    thread.pending &= ~bit;
    return thread.info[signal - 1];
  }
  process.pending &= ~bit;
  return process.info[signal - 1];
}

// The thread makes the same syscall again: back over the SYSCALL instruction, %rax its number.
long restart_syscall(SyscallFrame* frame) {
  constexpr uint64_t kSyscallInstructionLength = 2;  // 0F 05
  frame->user_rip -= kSyscallInstructionLength;
  return static_cast<long>(frame->number);
}

// Linux's handle_signal: what an interrupted syscall returns once a handler has run.
long result_after_handler(SyscallFrame* frame, long result, uint64_t flags) {
  bool restart = result == kRestartNoIntr || (result == kRestartSys && (flags & sa::kRestart));
  if (restart) return restart_syscall(frame);
  if (result == kRestartSys || result == kRestartNoHand) return negated(Errno::kInterrupted);
  return result;
}

// Linux's arch_do_signal_or_restart without a handler: every interrupted syscall starts again.
long result_without_handler(SyscallFrame* frame, long result) {
  if (result == kRestartSys || result == kRestartNoHand || result == kRestartNoIntr) return restart_syscall(frame);
  return result;
}

// The default action of signal, taken now. Returns false when the thread goes on.
bool take_default_action(uint32_t signal) {
  switch (default_action(signal)) {
    case DefaultAction::kTerminate:
    case DefaultAction::kCoreDump: terminate_by_signal(signal); return true;
    case DefaultAction::kIgnore:
    case DefaultAction::kContinue:
    case DefaultAction::kStop: return false;  // no job control: stop signals are not acted on
  }
  return false;
}

long run_handler(SyscallFrame* frame, long result, uint32_t signal, const SignalInfo& info, KernelSigaction& action) {
  UserRegisters registers = registers_at_syscall_return(*frame, result);
  if (!enter_signal_handler(registers, signal, info, action)) {
    // No room or no restorer: as Linux's force_sigsegv, the process dies of SIGSEGV.
    terminate_by_signal(sig::kSegv);
    return result;
  }
  return load_into_syscall_frame(registers, frame);
}

}  // namespace

bool enter_signal_handler(UserRegisters& registers, uint32_t signal, const SignalInfo& info, KernelSigaction& action) {
  ThreadSignals& thread = current_thread_signals();
  SignalSet interrupted_mask = thread.restore_saved_mask ? thread.saved_mask : thread.blocked;
  HandlerCall call{signal, info, action, interrupted_mask, thread.alternate_stack};
  if (!enter_handler(registers, call).ok()) return false;
  if ((action.flags & sa::kOnStack) && (static_cast<uint32_t>(thread.alternate_stack.ss_flags) & kSsAutoDisarm)) {
    thread.alternate_stack = SignalStack{0, kSsDisable, 0, 0};
  }
  thread.restore_saved_mask = false;
  thread.blocked = handler_mask(thread.blocked, action, signal);
  if (action.flags & sa::kResetHand) action = KernelSigaction{kSigDefault, 0, 0, 0};
  return true;
}

bool deliver_fault_signal(UserRegisters& registers, uint32_t signal, const SignalInfo& info) {
  KernelSigaction& action = current_process_signals().actions[signal - 1];
  bool handled = action.handler != kSigDefault && action.handler != kSigIgnore &&
                 (current_thread_signals().blocked & signal_bit(signal)) == 0;
  return handled && enter_signal_handler(registers, signal, info, action);
}

DefaultAction default_action(uint32_t signal) {
  switch (signal) {
    case sig::kChld: case sig::kUrg: case sig::kWinch: return DefaultAction::kIgnore;
    case sig::kCont: return DefaultAction::kContinue;
    case sig::kStop: case sig::kTstp: case sig::kTtin: case sig::kTtou: return DefaultAction::kStop;
    case sig::kQuit: case sig::kIll: case sig::kTrap: case sig::kAbrt: case sig::kBus: case sig::kFpe:
    case sig::kSegv: case sig::kXcpu: case sig::kXfsz: case sig::kSys: return DefaultAction::kCoreDump;
    default: return DefaultAction::kTerminate;  // including every real-time signal
  }
}

void reset_process_signals(ProcessSignals& process) { process = ProcessSignals{}; }

void reset_thread_signals(ThreadSignals& thread) {
  thread = ThreadSignals{};
  thread.alternate_stack.ss_flags = kSsDisable;
}

void fork_process_signals(const ProcessSignals& parent, ProcessSignals& child) {
  reset_process_signals(child);
  for (uint32_t i = 0; i < kSignalCount; ++i) child.actions[i] = parent.actions[i];
}

void fork_thread_signals(const ThreadSignals& parent, ThreadSignals& child, bool keep_alternate_stack) {
  reset_thread_signals(child);
  child.blocked = parent.restore_saved_mask ? parent.saved_mask : parent.blocked;
  if (keep_alternate_stack) child.alternate_stack = parent.alternate_stack;
}

void exec_signals(ProcessSignals& process, ThreadSignals& thread) {
  for (KernelSigaction& action : process.actions) {
    action = KernelSigaction{action.handler == kSigIgnore ? kSigIgnore : kSigDefault, 0, 0, 0};
  }
  thread.alternate_stack = SignalStack{0, kSsDisable, 0, 0};
}

bool signal_ignored(const ProcessSignals& process, uint32_t signal) {
  uint64_t handler = process.actions[signal - 1].handler;
  return handler == kSigIgnore || (handler == kSigDefault && (kDefaultIgnored & signal_bit(signal)));
}

bool signal_discarded(const ProcessSignals& process, const ThreadSignals& thread, uint32_t signal) {
  return (thread.blocked & signal_bit(signal)) == 0 && signal_ignored(process, signal);
}

bool has_deliverable_signal(const ProcessSignals& process, const ThreadSignals& thread) {
  return ((thread.pending | process.pending) & ~thread.blocked) != 0;
}

Status send_signal_to_thread(uint32_t tid, uint32_t signal, const SignalInfo& info) {
  ThreadSignals* thread = thread_signals(tid);
  if (thread == nullptr) return Errno::kSearch;
  ProcessSignals& process = process_of_thread(tid)->signals;
  if (signal_discarded(process, *thread, signal)) return kOk;
  if ((thread->pending & signal_bit(signal)) == 0) thread->info[signal - 1] = info;
  thread->pending |= signal_bit(signal);
  if ((thread->blocked & signal_bit(signal)) == 0) interrupt_wait(tid);
  wake_all(process.signal_waiters);
  return kOk;
}

Status send_signal_to_process(uint32_t pid, uint32_t signal, const SignalInfo& info) {
  uint32_t tid = thread_for_signal(pid, signal_bit(signal));
  if (tid == 0) return Errno::kSearch;
  ProcessSignals& process = process_of_thread(tid)->signals;
  if (signal_discarded(process, *thread_signals(tid), signal)) return kOk;
  if ((process.pending & signal_bit(signal)) == 0) process.info[signal - 1] = info;
  process.pending |= signal_bit(signal);
  if ((thread_signals(tid)->blocked & signal_bit(signal)) == 0) interrupt_wait(tid);
  wake_all(process.signal_waiters);
  return kOk;
}

long deliver_pending_signals(SyscallFrame* frame, long result) {
  ProcessSignals& process = current_process_signals();
  ThreadSignals& thread = current_thread_signals();
  keep_full_return_only_for(thread);
  bool from_sigreturn = thread.returning_from_handler;
  thread.returning_from_handler = false;
  for (uint32_t signal = next_deliverable(process, thread); signal != 0; signal = next_deliverable(process, thread)) {
    SignalInfo info = take(process, thread, signal);
    KernelSigaction& action = process.actions[signal - 1];
    if (action.handler == kSigIgnore) continue;
    if (action.handler == kSigDefault) {
      if (take_default_action(signal)) return result;
      continue;
    }
    if (!from_sigreturn) result = result_after_handler(frame, result, action.flags);
    return run_handler(frame, result, signal, info, action);
  }
  if (thread.restore_saved_mask) {
    thread.blocked = thread.saved_mask;
    thread.restore_saved_mask = false;
  }
  return from_sigreturn ? result : result_without_handler(frame, result);
}

void terminate_by_signal(uint32_t signal) { terminate_process(current_process(), signal); }

}  // namespace kernel
