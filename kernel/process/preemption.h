// Preemption: while more than one thread is live, the local APIC timer interrupts user mode every
// time slice and the next runnable thread gets the CPU, so a thread spinning without syscalls
// cannot starve the others. Without a local APIC (arch/x86_64/lapic_timer.h) threads switch only
// at syscalls. Interrupts are enabled only in user mode: the kernel is never interrupted.
#pragma once
#include <stdint.h>

#include "arch/x86_64/trap_frame.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

inline constexpr uint64_t kTimeSliceNs = 10'000'000;

// The timer runs while more than one thread is live; called whenever a thread may have started
// or ended (finish_syscall, after a fault) and at each tick.
void update_time_slice();

// The timer interrupt (arch/x86_64/exceptions.cpp): acknowledges it and, if it came from user
// mode, saves every register of the current thread and loads the next runnable one into trap.
void preempt_on_timer(x86::TrapFrame& trap);

// The thread switched to through frame (result: its %rax) returns to user mode through trap's
// IRETQ: its %rcx and %r11 are the ones a full return asked for (return_with_all_registers),
// else what SYSRET would leave (rip and rflags).
void load_trap_frame(x86::TrapFrame& trap, const SyscallFrame& frame, long result);

}  // namespace kernel
