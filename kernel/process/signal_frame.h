// Entering a signal handler and coming back from it (rt_sigreturn) on the x86-64 frame of
// process/signal_layout.h. A signal interrupts user mode at a syscall's return (a SyscallFrame
// plus the result; %rcx and %r11 there are what SYSRET leaves: the return address and rflags) or
// at a fault (a TrapFrame: every register as it was). rt_sigreturn gives every register back,
// %rcx and %r11 too (the syscall path returns with IRETQ then, see syscall_entry.S), and so does
// resuming a thread the timer preempted (process/preemption.h).
#pragma once
#include <stdint.h>

#include "lib/result.h"
#include "process/signal_layout.h"
#include "process/signals.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

// Every user register at the interrupted instruction; trap, error and cr2 describe a fault.
struct UserRegisters {
  uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8, r9, r10, r11, r12, r13, r14, r15;
  uint64_t rip, rflags;
  uint64_t trap, error, cr2;
};
UserRegisters registers_at_syscall_return(const SyscallFrame& frame, long result);
// The registers the handler starts with, into the syscall frame (rax is the syscall's result).
long load_into_syscall_frame(const UserRegisters& registers, SyscallFrame* frame);

struct HandlerCall {
  uint32_t signal;
  const SignalInfo& info;
  const KernelSigaction& action;
  SignalSet interrupted_mask;  // uc_sigmask: what sigreturn puts back
  const SignalStack& alternate_stack;
};

// Builds the frame (registers, mask, siginfo, FPU image) on the user stack or the alternate stack
// and points registers at the handler: rdi = signal, rsi = &siginfo, rdx = &ucontext, rax = 0,
// rsp = the frame, the FPU in its initial state. EFAULT when the frame cannot be written or there
// is no restorer (x86-64 requires SA_RESTORER) or the handler or restorer is not a user address.
Status enter_handler(UserRegisters& registers, const HandlerCall& call);

// The siginfo_t user mode sees for a signal sent with info.
SigInfo siginfo_for(uint32_t signal, const SignalInfo& info);

struct HandlerReturn {
  long result;              // the interrupted code's %rax
  uint64_t rcx, r11;        // its %rcx and %r11 (SYSRET would overwrite them)
  SignalSet mask;           // uc_sigmask
  SignalStack alternate_stack;  // uc_stack, for SS_AUTODISARM stacks
};
// rt_sigreturn: reads the frame whose pretcode the handler returned through (user rsp - 8) and
// restores every register of frame and the FPU from it. Nothing from user memory is trusted: the
// return address must be a user address, rflags keeps only the flags user mode may change.
// EFAULT when the frame cannot be read or is unusable (the caller then kills with SIGSEGV).
Result<HandlerReturn> return_from_handler(SyscallFrame* frame);

// The handler's frame over registers with the thread's mask, SA_RESETHAND and SS_AUTODISARM
// applied (signals.cpp). False when the frame cannot be built (the caller kills with SIGSEGV).
bool enter_signal_handler(UserRegisters& registers, uint32_t signal, const SignalInfo& info, KernelSigaction& action);
// A fault in user mode (exceptions.cpp): with a handler for signal that the thread does not block,
// its frame is built over registers (the exception return then enters it) and true is returned.
// Otherwise false: the fault is fatal (Linux's force_sig kills on a blocked or ignored one).
bool deliver_fault_signal(UserRegisters& registers, uint32_t signal, const SignalInfo& info);

// rt_sigreturn: the syscall returns with IRETQ and these %rcx and %r11 (syscall_entry.S).
void return_with_all_registers(uint64_t rcx, uint64_t r11);
// Called for the thread about to return to user mode: a full return requested by another thread's
// rt_sigreturn (a thread switch came in between) does not apply to it.
void keep_full_return_only_for(const ThreadSignals& returning);
// A thread switched to from an exception or interrupt returns through its IRETQ (process/preemption.h):
// the %rcx and %r11 of a pending full return go there instead, and the syscall path's is cancelled.
bool take_full_return(uint64_t* rcx, uint64_t* r11);

}  // namespace kernel
