#include "process/preemption.h"

#include "arch/x86_64/lapic_timer.h"
#include "process/signal_frame.h"
#include "process/threads.h"

namespace kernel {
namespace {

// Every register of the interrupted thread but %rax, %rcx and %r11, as the syscall path saves it.
SyscallFrame frame_from_trap(const x86::TrapFrame& trap) {
  SyscallFrame frame{};
  frame.arguments[0] = trap.rdi, frame.arguments[1] = trap.rsi, frame.arguments[2] = trap.rdx;
  frame.arguments[3] = trap.r10, frame.arguments[4] = trap.r8, frame.arguments[5] = trap.r9;
  frame.user_rip = trap.rip, frame.user_rflags = trap.rflags, frame.user_rsp = trap.rsp;
  frame.rbx = trap.rbx, frame.rbp = trap.rbp, frame.r12 = trap.r12, frame.r13 = trap.r13;
  frame.r14 = trap.r14, frame.r15 = trap.r15;
  return frame;
}

}  // namespace

void update_time_slice() {
  if (!x86::lapic_timer_present()) return;
  bool wanted = live_threads() > 1;
  if (wanted == x86::timer_running()) return;
  if (wanted) {
    x86::start_periodic_timer(kTimeSliceNs);
  } else {
    x86::stop_timer();
  }
}

void preempt_on_timer(x86::TrapFrame& trap) {
  x86::end_of_interrupt();
  // Interrupts are enabled only in user mode; a tick the kernel held back while it ran (IF clear)
  // arrives on the way out to user mode, so this always holds.
  if (!x86::from_user_mode(trap)) return;
  SyscallFrame frame = frame_from_trap(trap);
  long result = preempt_current(&frame, static_cast<long>(trap.rax), trap.rcx, trap.r11);
  load_trap_frame(trap, frame, result);
  update_time_slice();
}

void load_trap_frame(x86::TrapFrame& trap, const SyscallFrame& frame, long result) {
  trap.rax = static_cast<uint64_t>(result);
  trap.rdi = frame.arguments[0];
  trap.rsi = frame.arguments[1];
  trap.rdx = frame.arguments[2];
  trap.r10 = frame.arguments[3];
  trap.r8 = frame.arguments[4];
  trap.r9 = frame.arguments[5];
  trap.rip = frame.user_rip;
  trap.rflags = frame.user_rflags;
  trap.rsp = frame.user_rsp;
  trap.rbx = frame.rbx;
  trap.rbp = frame.rbp;
  trap.r12 = frame.r12;
  trap.r13 = frame.r13;
  trap.r14 = frame.r14;
  trap.r15 = frame.r15;
  if (!take_full_return(&trap.rcx, &trap.r11)) {
    trap.rcx = frame.user_rip;
    trap.r11 = frame.user_rflags;
  }
}

}  // namespace kernel
