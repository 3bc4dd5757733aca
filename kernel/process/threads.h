// Threads of the one workload process, on one vCPU, scheduled cooperatively: a thread runs until
// it blocks (futex wait, sleep), yields or exits in a syscall; the next runnable one then gets the
// CPU. All switching happens at the syscall boundary by swapping the SyscallFrame (every user
// register), the %fs base and the FPU/vector state, so the kernel needs one stack. There is no
// timer interrupt yet: a thread that spins in user mode waiting for another thread starves it.
#pragma once
#include <stdint.h>

#include "lib/result.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

inline constexpr uint32_t kMaxThreads = 64;
inline constexpr uint64_t kNoDeadline = ~0ull;

// Call at boot, before the first user instruction: thread 1 (tid = pid = 1) is the workload.
void init_threads();

uint32_t current_tid();
uint32_t live_threads();

// clone for threads: a runnable copy of the current thread (its registers as in frame, result 0,
// stack and %fs base as given). Returns the new tid, EAGAIN when the table or memory is full.
Result<uint32_t> create_thread(const SyscallFrame& frame, uint64_t stack, bool set_tls, uint64_t tls,
                               uint64_t clear_child_tid);

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

// Wakes up to count threads waiting on futex whose bitset intersects bitset; returns how many.
uint32_t wake_futex(uint64_t futex, uint32_t bitset, uint32_t count);
// Moves up to count waiters from futex to target (FUTEX_REQUEUE); returns how many.
uint32_t requeue_futex(uint64_t futex, uint64_t target, uint32_t count);
bool thread_exists(uint32_t tid);

// Called by dispatch_syscall with the handler's result: returns it if the current thread goes on,
// or switches frame to the next runnable thread and returns that thread's pending result.
long finish_syscall(SyscallFrame* frame, long result);

}  // namespace kernel
