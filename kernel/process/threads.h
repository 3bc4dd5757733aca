// Threads of every process, on one vCPU: a thread runs until it blocks (futex wait, sleep), yields
// or exits in a syscall, or until the timer preempts it in user mode (process/preemption.h); the
// next runnable one then gets the CPU. Switching swaps the SyscallFrame (every user register; a
// preempted thread's %rax, %rcx and %r11 are kept beside it), the %fs base, the FPU/vector state
// and, between processes, CR3. The kernel is never interrupted, so it needs one stack. Without a
// local APIC timer threads switch only at syscalls, and a thread spinning in user mode starves
// the others.
#pragma once
#include <stdint.h>

#include "lib/result.h"
#include "arch/x86_64/trap_frame.h"
#include "process/signals.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

struct Process;

inline constexpr uint32_t kMaxThreads = 64;
inline constexpr uint64_t kNoDeadline = ~0ull;

// Call at boot, before the first user instruction: thread 1 (tid = pid = 1) is the workload.
void init_threads(Process& first);

uint32_t current_tid();
// The current thread's slot in the scheduler, 0..kMaxThreads-1 (reused after the thread ends).
uint32_t current_thread_slot();
// A fresh thread or process id (they share one number space).
uint32_t allocate_tid();
Process* running_process();
uint32_t live_threads();
uint32_t live_threads_of(const Process& process);

// clone: a runnable copy of the current thread in owner (the current process for a thread, the new
// one for fork): its registers as in frame, result 0, stack and %fs base as given. Returns the new
// tid, EAGAIN when the table or memory is full.
Result<uint32_t> create_thread(Process& owner, const SyscallFrame& frame, uint64_t stack, bool set_tls, uint64_t tls,
                               uint64_t clear_child_tid);
// The threads of process stop for good (exit_group, a fatal signal; execve keeps the caller's).
void end_threads_of(const Process& process, bool keep_current);

void set_clear_child_tid(uint64_t address);
uint64_t clear_child_tid();

// The current thread stops running when its syscall returns: it waits on a futex word (futex
// != 0) and/or until deadline_ns on CLOCK_MONOTONIC; bitset filters futex wakes.
void block_current(uint64_t futex, uint32_t bitset, uint64_t deadline_ns);
// The current thread sleeps until deadline_ns and then makes the same syscall again (its rip is
// moved back over the SYSCALL instruction): how a blocking read lets other threads run.
void restart_current_at(uint64_t deadline_ns);
// The current thread exits when its syscall returns (the caller has done the CLEARTID wake).
void exit_current();
// The current thread goes to the back of the run queue when its syscall returns.
void yield_current();

// The current thread sleeps until wake_waiters(key) (key: a kernel address) and then returns
// result from its syscall. Signals do not end this wait (a vfork parent's); they are delivered
// when it resumes.
void block_on(uint64_t key, long result);
// The current thread sleeps until wake_waiters(key) and then makes the same syscall again: how a
// read of an empty pipe or a wait for a child lets the other side run.
void wait_and_restart(uint64_t key);
// As wait_and_restart, for a call that has done part of its work (a pipe write that has put
// progress bytes in): the restarted call reads progress back with resumed_progress (0 when it is
// not such a restart). A signal ends the wait with progress as the result when it is not 0, as
// Linux returns a partial count, and never lets the call start over.
void wait_and_resume(uint64_t key, uint64_t progress);
uint64_t resumed_progress();
// Whether a thread sleeps on key (wait_and_restart, block_on, wait_for_readiness).
bool thread_waits_on(uint64_t key);
void wake_waiters(uint64_t key);
// execve: when its syscall returns, the current thread starts the new program at entry with rsp
// = stack, every other register zero, no %fs base.
void start_program_on_return(uint64_t entry, uint64_t stack);

// Wakes up to count threads (of the current address space) waiting on futex whose bitset intersects bitset; returns how many.
uint32_t wake_futex(uint64_t futex, uint32_t bitset, uint32_t count);
// Moves up to count waiters from futex to target (FUTEX_REQUEUE); returns how many.
uint32_t requeue_futex(uint64_t futex, uint64_t target, uint32_t count);
bool thread_exists(uint32_t tid);
// The process of a live thread, or nullptr.
Process* process_of_thread(uint32_t tid);

// Signals (process/signals.h). Each thread's ThreadSignals lives in its slot here.
// The signal state of thread tid, or nullptr if it is not live.
ThreadSignals* thread_signals(uint32_t tid);
// The live thread of process pid that should take a process-directed signal: one not blocking it
// (the current thread first), else any; 0 if pid has no live thread.
uint32_t thread_for_signal(uint32_t pid, SignalSet signal);
// A signal for thread tid: if it waits (blocked, or asleep before restarting its syscall), it stops
// waiting and its syscall ends with its interrupted result (kRestartSys for futex waits without a
// timeout, pipe reads and waits for children; kRestartNoHand for sleeps, timed waits, poll).
void interrupt_wait(uint32_t tid);
// The current thread sleeps until wake_waiters(key) or deadline_ns, then makes the same syscall
// again, which reads back deadline_ns with resumed_deadline: poll/select waiting for readiness,
// rt_sigtimedwait for a signal (process/wait_queue.h). A signal's handler ends it (EINTR).
void wait_for_readiness(uint64_t key, uint64_t deadline_ns);
// The deadline wait_for_readiness stored if this syscall is such a restart, else fresh_deadline.
uint64_t resumed_deadline(uint64_t fresh_deadline);

// A fault in user mode ended the current thread's process (exceptions.cpp): the next runnable
// thread runs instead, through the exception's return (preemption.h: load_trap_frame).
void run_next_thread_after_fault(x86::TrapFrame& frame);

// The timer interrupted the current thread in user mode (process/preemption.cpp): frame holds its
// registers but %rax, %rcx and %r11, given apart. It is saved as runnable, frame is switched to the
// next runnable thread (possibly itself) and that thread's %rax returned; a preempted thread's %rcx
// and %r11 come back through a full return (take_full_return).
long preempt_current(SyscallFrame* frame, long rax, uint64_t rcx, uint64_t r11);

// Called by dispatch_syscall with the handler's result: returns it if the current thread goes on,
// or switches frame to the next runnable thread and returns that thread's pending result. Either
// way the thread's pending signals are delivered first (deliver_pending_signals).
long finish_syscall(SyscallFrame* frame, long result);

}  // namespace kernel
