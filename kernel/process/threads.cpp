#include "process/threads.h"

#include "arch/x86_64/cpu.h"
#include "hostcall/channel.h"
#include "hostcall/exit.h"
#include "lib/errno.h"
#include "lib/print.h"
#include "lib/string.h"
#include "mm/physical.h"
#include "time/clock.h"

namespace kernel {
namespace {

enum class State : uint8_t { kFree, kRunnable, kBlocked, kExited };

struct Thread {
  State state;
  uint32_t tid;
  SyscallFrame frame;       // saved user registers while not running
  long result;              // what its pending syscall returns when it runs again
  uint64_t fs_base;
  uint64_t vector_state;    // physical frame holding its FPU/SSE/AVX state (XSAVE or FXSAVE area)
  uint64_t clear_child_tid; // CLONE_CHILD_CLEARTID / set_tid_address: zeroed and woken at exit
  uint64_t futex;           // blocked: the futex word it waits on, 0 for a plain sleep
  uint32_t bitset;
  uint64_t deadline_ns;     // blocked: wakes with ETIMEDOUT (futex) or 0 (sleep) at this time
};

Thread threads[kMaxThreads];
uint32_t current = 0;       // index into threads
uint32_t next_tid = 2;
bool yield_requested = false;
bool restart_requested = false;
constexpr uint64_t kSyscallInstructionLength = 2;  // 0F 05
constexpr uint64_t kCr4Osxsave = 1u << 18;

bool uses_xsave() { return (x86::read_cr4() & kCr4Osxsave) != 0; }

void save_vector_state(uint64_t area_frame) {
  void* area = physical_to_virtual(area_frame);
  if (uses_xsave()) {
    asm volatile("xsave64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
  } else {
    asm volatile("fxsave64 (%0)" : : "r"(area) : "memory");
  }
}

void restore_vector_state(uint64_t area_frame) {
  void* area = physical_to_virtual(area_frame);
  if (uses_xsave()) {
    asm volatile("xrstor64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
  } else {
    asm volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
  }
}

// Blocked threads whose deadline has passed become runnable.
void expire_deadlines() {
  uint64_t now = monotonic_ns();
  for (Thread& thread : threads) {
    if (thread.state == State::kBlocked && thread.deadline_ns <= now) {
      thread.state = State::kRunnable;
      // A sleep keeps the result it blocked with (0, or the syscall number of a restart).
      if (thread.futex != 0) thread.result = -static_cast<long>(Errno::kTimedOut);
    }
  }
}

// The next runnable thread after the current one (round robin), waiting for a deadline if every
// thread is blocked. With nothing left that could ever run, the workload has deadlocked.
uint32_t pick_next() {
  for (;;) {
    expire_deadlines();
    for (uint32_t step = 1; step <= kMaxThreads; ++step) {
      uint32_t index = (current + step) % kMaxThreads;
      if (threads[index].state == State::kRunnable) return index;
    }
    bool any_deadline = false;
    for (const Thread& thread : threads) any_deadline = any_deadline || (thread.state == State::kBlocked && thread.deadline_ns != kNoDeadline);
    if (!any_deadline) {
      print("confwl-kernel: every thread of the workload waits forever (deadlock)\n");
      end_run(128 + 9);  // as if SIGKILLed: nothing can ever wake it
    }
    poll_hostcall();
    for (int i = 0; i < 256; ++i) x86::pause();
  }
}

}  // namespace

void init_threads() {
  threads[0] = Thread{};
  threads[0].state = State::kRunnable;
  threads[0].tid = 1;
  threads[0].vector_state = frames().allocate_zeroed();
  if (threads[0].vector_state == 0) panic("threads: no memory for the first thread's vector state");
  current = 0;
}

uint32_t current_tid() { return threads[current].tid; }

uint32_t live_threads() {
  uint32_t count = 0;
  for (const Thread& thread : threads) count += thread.state == State::kRunnable || thread.state == State::kBlocked;
  return count;
}

Result<uint32_t> create_thread(const SyscallFrame& frame, uint64_t stack, bool set_tls, uint64_t tls,
                               uint64_t clear_child_tid) {
  for (Thread& thread : threads) {
    if (thread.state != State::kFree && thread.state != State::kExited) continue;
    uint64_t vector_state = thread.vector_state != 0 ? thread.vector_state : frames().allocate_zeroed();
    if (vector_state == 0) return Errno::kAgain;
    thread = Thread{};
    thread.vector_state = vector_state;
    thread.tid = next_tid++;
    thread.frame = frame;
    if (stack != 0) thread.frame.user_rsp = stack;
    thread.result = 0;
    thread.fs_base = set_tls ? tls : x86::read_msr(x86::kMsrFsBase);
    thread.clear_child_tid = clear_child_tid;
    save_vector_state(thread.vector_state);  // the child starts with the parent's FPU state
    thread.state = State::kRunnable;
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
}

void restart_current_at(uint64_t deadline_ns) {
  block_current(0, 0, deadline_ns);
  restart_requested = true;
}

void exit_current() { threads[current].state = State::kExited; }
void yield_current() { yield_requested = true; }

uint32_t wake_futex(uint64_t futex, uint32_t bitset, uint32_t count) {
  uint32_t woken = 0;
  for (Thread& thread : threads) {
    if (woken == count) break;
    if (thread.state == State::kBlocked && thread.futex == futex && (thread.bitset & bitset) != 0) {
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
    if (thread.state == State::kBlocked && thread.futex == futex) {
      thread.futex = target;
      ++moved;
    }
  }
  return moved;
}

bool thread_exists(uint32_t tid) {
  for (const Thread& thread : threads) {
    if (thread.tid == tid && (thread.state == State::kRunnable || thread.state == State::kBlocked)) return true;
  }
  return false;
}

long finish_syscall(SyscallFrame* frame, long result) {
  Thread& running = threads[current];
  bool switching = running.state != State::kRunnable || yield_requested;
  yield_requested = false;
  if (!switching) return result;
  if (running.state == State::kRunnable) running.result = result;
  if (running.state != State::kExited) {
    running.frame = *frame;
    if (restart_requested) {
      running.frame.user_rip -= kSyscallInstructionLength;
      running.result = static_cast<long>(frame->number);  // %rax: the syscall number again
    }
    running.fs_base = x86::read_msr(x86::kMsrFsBase);
    save_vector_state(running.vector_state);
  }
  restart_requested = false;
  uint32_t next = pick_next();
  current = next;
  Thread& chosen = threads[next];
  *frame = chosen.frame;
  x86::write_msr(x86::kMsrFsBase, chosen.fs_base);
  restore_vector_state(chosen.vector_state);
  return chosen.result;
}

}  // namespace kernel
