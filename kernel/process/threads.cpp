#include "process/threads.h"

#include "arch/x86_64/cpu.h"
#include "dev/devices.h"
#include "hostcall/channel.h"
#include "hostcall/exit.h"
#include "lib/errno.h"
#include "lib/print.h"
#include "lib/string.h"
#include "mm/physical.h"
#include "process/cpu_time.h"
#include "process/preemption.h"
#include "process/process.h"
#include "process/signal_frame.h"
#include "process/vector_state.h"
#include "time/clock.h"

namespace kernel {
namespace {

enum class State : uint8_t { kFree, kRunnable, kBlocked, kExited };

struct Thread {
  State state;
  uint32_t tid;
  Process* process;
  SyscallFrame frame;       // saved user registers while not running
  long result;              // what its pending syscall returns when it runs again
  uint64_t fs_base;
  uint64_t vector_state;    // physical frame holding its FPU/SSE/AVX state (XSAVE or FXSAVE area)
  uint64_t clear_child_tid; // CLONE_CHILD_CLEARTID / set_tid_address: zeroed and woken at exit
  uint64_t futex;           // blocked: the futex word it waits on, 0 for a plain sleep
  uint32_t bitset;
  uint64_t deadline_ns;     // blocked: wakes with ETIMEDOUT (futex) or 0 (sleep) at this time
  ThreadSignals signals;
  long interrupted_result;  // what its syscall returns when a signal ends its wait (kRestart*)
  bool uninterruptible;     // block_on: only its wake (or its process's end) ends the wait
  bool restarting;          // asleep with its rip moved back over SYSCALL (restart_requested)
  bool resuming;            // making the syscall it restarted: resumed_deadline/progress apply
  uint64_t resume_value;    // the deadline of a poll, the bytes a pipe write has put in
  bool preempted;           // by the timer, anywhere in user mode: result is its %rax, no syscall's
  uint64_t preempted_rcx, preempted_r11;
};

Thread threads[kMaxThreads];
uint32_t current = 0;       // index into threads
uint32_t tids_allocated = 0;  // zero-initialized, so the kernel has no .data page to load
bool yield_requested = false;
bool restart_requested = false;
bool program_start_requested = false;
uint64_t program_entry = 0, program_stack = 0;
constexpr uint64_t kInitialRflags = 0x202;  // as enter_user_mode: IF set (preemption), reserved bit 1
constexpr uint64_t kSyscallInstructionLength = 2;  // 0F 05

// Blocked threads whose deadline has passed become runnable.
void expire_deadlines() {
  uint64_t now = monotonic_ns();
  for (Thread& thread : threads) {
    if (thread.state == State::kBlocked && thread.deadline_ns <= now) {
      thread.state = State::kRunnable;
      // A sleep keeps the result it blocked with (0, or the syscall number of a restart).
      if (thread.futex != 0 && !thread.restarting) thread.result = -static_cast<long>(Errno::kTimedOut);
    }
  }
}

// The next runnable thread after the current one (round robin), waiting for a deadline if every
// thread is blocked. With nothing left that could ever run, the workload has deadlocked.
uint32_t pick_next() {
  for (;;) {
    expire_deadlines();
    bool awaiting_input = wake_console_waiters();  // console input arrives only by looking
    for (uint32_t step = 1; step <= kMaxThreads; ++step) {
      uint32_t index = (current + step) % kMaxThreads;
      if (threads[index].state == State::kRunnable) return index;
    }
    bool any_deadline = false;
    for (const Thread& thread : threads) any_deadline = any_deadline || (thread.state == State::kBlocked && thread.deadline_ns != kNoDeadline);
    if (!any_deadline && !awaiting_input) {
      print("confwl-kernel: every thread of the workload waits forever (deadlock)\n");
      end_run(128 + 9);  // as if SIGKILLed: nothing can ever wake it
    }
    poll_hostcall();
    for (int i = 0; i < 256; ++i) x86::pause();
  }
}

bool live(const Thread& thread) { return thread.state == State::kRunnable || thread.state == State::kBlocked; }

// A futex word is an address in one address space: only its threads share it.
bool same_memory(const Thread& thread) { return thread.process->memory == threads[current].process->memory; }

// Loads the saved state of the chosen thread into frame, CR3, %fs and the vector registers. A
// preempted thread gets every register back (%rcx and %r11 through a full return) and its %rax is
// never taken for a syscall's result to restart (as after rt_sigreturn).
long switch_to(SyscallFrame* frame, uint32_t next) {
  current = next;
  Thread& chosen = threads[next];
  activate_memory(*chosen.process->memory);
  *frame = chosen.frame;
  x86::write_msr(x86::kMsrFsBase, chosen.fs_base);
  restore_vector_state(chosen.vector_state);
  if (chosen.preempted) {
    chosen.preempted = false;
    chosen.signals.returning_from_handler = true;
    return_with_all_registers(chosen.preempted_rcx, chosen.preempted_r11);
  }
  return chosen.result;
}

// The running thread's user state outside the frame (which the caller has stored).
void save_running_state(Thread& running) {
  running.fs_base = x86::read_msr(x86::kMsrFsBase);
  save_vector_state(running.vector_state);
}

long start_program(SyscallFrame* frame) {
  program_start_requested = false;
  *frame = SyscallFrame{};
  frame->user_rip = program_entry;
  frame->user_rsp = program_stack;
  frame->user_rflags = kInitialRflags;
  x86::write_msr(x86::kMsrFsBase, 0);
  return 0;
}

// A signal ends the thread's wait: it runs again and its syscall returns its interrupted result
// (a thread asleep before a restart gets its rip back past the SYSCALL instruction first).
void interrupt(Thread& thread) {
  if (thread.state != State::kBlocked && !(thread.state == State::kRunnable && thread.restarting)) return;
  if (thread.state == State::kBlocked && thread.uninterruptible) return;
  if (thread.restarting) thread.frame.user_rip += kSyscallInstructionLength;
  thread.restarting = false;
  thread.state = State::kRunnable;
  thread.futex = 0;
  thread.result = thread.interrupted_result;
}

// Switches to the next runnable thread and delivers its pending signals before it returns to user
// mode; a thread making its restarted syscall (no handler frame put in between) is resuming.
// A default action that ends the chosen thread's process (procs: terminate_process) moves on to
// the next thread.
long resume_next(SyscallFrame* frame) {
  account_cpu(CpuMode::kIdle);  // what the outgoing thread had; waiting for a runnable one is nobody's
  for (;;) {
    uint32_t next = pick_next();
    Thread& chosen = threads[next];
    // A woken write with bytes already in returns their count to a handler, never redoes them.
    if (chosen.restarting && chosen.interrupted_result >= 0 &&
        has_deliverable_signal(chosen.process->signals, chosen.signals)) {
      interrupt(chosen);
    }
    bool restarted = chosen.restarting;
    threads[next].restarting = false;
    long result = switch_to(frame, next);
    account_cpu(CpuMode::kKernel);
    uint64_t restart_rip = frame->user_rip;
    result = deliver_pending_signals(frame, result);
    if (threads[current].state != State::kRunnable) continue;
    threads[current].resuming = restarted && frame->user_rip == restart_rip;
    return result;
  }
}

}  // namespace

void init_threads(Process& first) {
  threads[0] = Thread{};
  threads[0].state = State::kRunnable;
  threads[0].tid = 1;
  threads[0].process = &first;
  threads[0].vector_state = frames().allocate_zeroed();
  if (threads[0].vector_state == 0) panic("threads: no memory for the first thread's vector state");
  current = 0;
}

uint32_t current_tid() { return threads[current].tid; }
uint32_t current_thread_slot() { return current; }
uint32_t allocate_tid() { return kInitPid + 1 + tids_allocated++; }
Process* running_process() { return threads[current].process; }

uint32_t live_threads() {
  uint32_t count = 0;
  for (const Thread& thread : threads) count += live(thread);
  return count;
}

uint32_t live_threads_of(const Process& process) {
  uint32_t count = 0;
  for (const Thread& thread : threads) count += live(thread) && thread.process == &process;
  return count;
}

void end_threads_of(const Process& process, bool keep_current) {
  for (uint32_t index = 0; index < kMaxThreads; ++index) {
    Thread& thread = threads[index];
    if (live(thread) && thread.process == &process && !(keep_current && index == current)) thread.state = State::kExited;
  }
}

Result<uint32_t> create_thread(Process& owner, const SyscallFrame& frame, uint64_t stack, bool set_tls, uint64_t tls,
                               uint64_t clear_child_tid) {
  for (Thread& thread : threads) {
    if (thread.state != State::kFree && thread.state != State::kExited) continue;
    uint64_t vector_state = thread.vector_state != 0 ? thread.vector_state : frames().allocate_zeroed();
    if (vector_state == 0) return Errno::kAgain;
    thread = Thread{};
    thread.vector_state = vector_state;
    // A process's first thread has its pid as tid, as on Linux.
    thread.tid = live_threads_of(owner) == 0 ? owner.pid : allocate_tid();
    thread.process = &owner;
    // A thread shares the caller's memory and so not its alternate stack; a fork child keeps it.
    fork_thread_signals(threads[current].signals, thread.signals, &owner != threads[current].process);
    thread.frame = frame;
    if (stack != 0) thread.frame.user_rsp = stack;
    thread.result = 0;
    thread.fs_base = set_tls ? tls : x86::read_msr(x86::kMsrFsBase);
    thread.clear_child_tid = clear_child_tid;
    save_vector_state(thread.vector_state);  // the child starts with the parent's FPU state
    thread.state = State::kRunnable;
    reset_thread_cpu_time(static_cast<uint32_t>(&thread - threads));
    return thread.tid;
  }
  return Errno::kAgain;
}

void set_clear_child_tid(uint64_t address) { threads[current].clear_child_tid = address; }
uint64_t clear_child_tid() { return threads[current].clear_child_tid; }

void block_current(uint64_t futex, uint32_t bitset, uint64_t deadline_ns) {
  Thread& thread = threads[current];
  thread.state = State::kBlocked;
  thread.futex = futex;
  thread.bitset = bitset;
  thread.deadline_ns = deadline_ns;
  thread.result = 0;
  thread.uninterruptible = false;
  // Linux: a futex wait without a timeout restarts after an SA_RESTART handler; sleeps do not.
  thread.interrupted_result = futex != 0 && deadline_ns == kNoDeadline ? kRestartSys : kRestartNoHand;
}

void restart_current_at(uint64_t deadline_ns) {
  block_current(0, 0, deadline_ns);
  threads[current].interrupted_result = kRestartSys;  // a read: restarts after an SA_RESTART handler
  restart_requested = true;
}

void block_on(uint64_t key, long result) {
  block_current(key, ~0u, kNoDeadline);
  threads[current].result = result;
  // A vfork parent: its child runs on the shared memory; signals wait until the parent resumes.
  threads[current].uninterruptible = true;
}

void wait_and_restart(uint64_t key) {
  block_current(key, ~0u, kNoDeadline);
  restart_requested = true;
}

void wait_and_resume(uint64_t key, uint64_t progress) {
  wait_and_restart(key);
  Thread& thread = threads[current];
  thread.resume_value = progress;
  if (progress > 0) thread.interrupted_result = static_cast<long>(progress);  // Linux: a partial count
}

uint64_t resumed_progress() { return threads[current].resuming ? threads[current].resume_value : 0; }

bool thread_waits_on(uint64_t key) {
  for (const Thread& thread : threads) {
    if (thread.state == State::kBlocked && thread.futex == key) return true;
  }
  return false;
}

void wake_waiters(uint64_t key) {
  for (Thread& thread : threads) {
    if (thread.state == State::kBlocked && thread.futex == key) thread.state = State::kRunnable;
  }
}

void start_program_on_return(uint64_t entry, uint64_t stack) {
  program_start_requested = true;
  program_entry = entry;
  program_stack = stack;
}

void exit_current() { threads[current].state = State::kExited; }
void yield_current() { yield_requested = true; }

uint32_t wake_futex(uint64_t futex, uint32_t bitset, uint32_t count) {
  uint32_t woken = 0;
  for (Thread& thread : threads) {
    if (woken == count) break;
    if (thread.state == State::kBlocked && thread.futex == futex && (thread.bitset & bitset) != 0 && same_memory(thread)) {
      thread.state = State::kRunnable;
      thread.result = 0;
      ++woken;
    }
  }
  return woken;
}

uint32_t requeue_futex(uint64_t futex, uint64_t target, uint32_t count) {
  uint32_t moved = 0;
  for (Thread& thread : threads) {
    if (moved == count) break;
    if (thread.state == State::kBlocked && thread.futex == futex && same_memory(thread)) {
      thread.futex = target;
      ++moved;
    }
  }
  return moved;
}

bool thread_exists(uint32_t tid) {
  for (const Thread& thread : threads) {
    if (thread.tid == tid && live(thread)) return true;
  }
  return false;
}

Process* process_of_thread(uint32_t tid) {
  for (const Thread& thread : threads) {
    if (thread.tid == tid && live(thread)) return thread.process;
  }
  return nullptr;
}

long finish_syscall(SyscallFrame* frame, long result) {
  update_time_slice();
  Thread& running = threads[current];
  running.resuming = false;
  if (program_start_requested && running.state == State::kRunnable) result = start_program(frame);
  bool switching = running.state != State::kRunnable || yield_requested;
  if (running.state == State::kBlocked) count_context_switch(current, *running.process, true);
  yield_requested = false;
  program_start_requested = false;
  if (!switching) {
    long delivered = deliver_pending_signals(frame, result);
    if (running.state == State::kRunnable) return delivered;
    return resume_next(frame);  // a default action ended its process (procs: terminate_process)
  }
  if (running.state == State::kRunnable) running.result = result;
  if (running.state != State::kExited) {
    running.frame = *frame;
    if (restart_requested) {
      running.frame.user_rip -= kSyscallInstructionLength;
      running.result = static_cast<long>(frame->number);  // %rax: the syscall number again
      running.restarting = true;
    }
    save_running_state(running);
  }
  restart_requested = false;
  // A signal that arrived before the thread blocked ends its wait at once (Linux checks
  // signal_pending before it sleeps).
  if (running.state == State::kBlocked && has_deliverable_signal(running.process->signals, running.signals)) {
    interrupt(running);
  }
  return resume_next(frame);
}

void run_next_thread_after_fault(x86::TrapFrame& trap) {
  update_time_slice();
  SyscallFrame next{};
  long result = resume_next(&next);
  account_cpu(CpuMode::kUser);
  load_trap_frame(trap, next, result);
}

long preempt_current(SyscallFrame* frame, long rax, uint64_t rcx, uint64_t r11) {
  account_cpu(CpuMode::kKernel);
  uint32_t preempted = current;
  Thread& running = threads[current];
  running.frame = *frame;
  running.result = rax;
  // Still on the SYSCALL of its restart (resume_next put it there): it stays a restart, so the call
  // still finds what it had done (resumed_progress) and a signal still ends its wait.
  running.restarting = running.resuming;
  running.preempted = !running.restarting;
  running.preempted_rcx = rcx;
  running.preempted_r11 = r11;
  save_running_state(running);
  long result = resume_next(frame);
  if (current != preempted) count_context_switch(preempted, *running.process, false);
  account_cpu(CpuMode::kUser);
  return result;
}

ThreadSignals& current_thread_signals() { return threads[current].signals; }

ThreadSignals* thread_signals(uint32_t tid) {
  for (Thread& thread : threads) {
    if (thread.tid == tid && live(thread)) return &thread.signals;
  }
  return nullptr;
}

uint32_t thread_for_signal(uint32_t pid, SignalSet signal) {
  const Thread& running = threads[current];
  if (live(running) && running.process->pid == pid && !(running.signals.blocked & signal)) return running.tid;
  uint32_t any = 0;
  for (const Thread& thread : threads) {
    if (!live(thread) || thread.process->pid != pid) continue;
    if (!(thread.signals.blocked & signal)) return thread.tid;
    if (any == 0) any = thread.tid;
  }
  return any;
}

void interrupt_wait(uint32_t tid) {
  for (Thread& thread : threads) {
    if (thread.tid == tid && live(thread)) interrupt(thread);
  }
}

void wait_for_readiness(uint64_t key, uint64_t deadline_ns) {
  restart_current_at(deadline_ns);
  Thread& thread = threads[current];
  thread.futex = key;
  thread.bitset = ~0u;
  thread.interrupted_result = kRestartNoHand;  // poll, select: EINTR after a handler
  thread.resume_value = deadline_ns;
}

uint64_t resumed_deadline(uint64_t fresh_deadline) {
  const Thread& thread = threads[current];
  return thread.resuming ? thread.resume_value : fresh_deadline;
}

}  // namespace kernel
