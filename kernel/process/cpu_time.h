// CPU time (getrusage, times, wait4's rusage): TSC ticks charged to the running thread and its
// process, as user time from a return to user mode to the next entry into the kernel (a syscall,
// a timer tick, a fault) and as system time while the kernel works in between. Context switches
// and minor page faults are counted the same way, per thread and per process. Time the scheduler
// spends waiting with every thread blocked is nobody's. Ticks become time only when a program
// asks (time/clock.h), so a program that never does never waits for the TSC calibration.
#pragma once
#include <stdint.h>

namespace kernel {

struct Process;

struct CpuTime {
  uint64_t user_ticks;
  uint64_t system_ticks;
  uint64_t voluntary_switches;    // it blocked (Linux's nvcsw)
  uint64_t involuntary_switches;  // the timer gave its CPU to another thread (nivcsw)
  uint64_t minor_faults;          // demand faults that mapped a page (minflt)
};

enum class CpuMode : uint8_t { kIdle, kUser, kKernel };

// The ticks since the last call go to the current thread (and process) as the mode of the last
// call says (nothing for kIdle); from now on the CPU is in mode next.
void account_cpu(CpuMode next);

// A thread in scheduler slot (process/threads.h) starts at zero.
void reset_thread_cpu_time(uint32_t slot);
void count_context_switch(uint32_t slot, Process& process, bool voluntary);
// The page fault the running thread took was resolved by mapping a page (no I/O: a minor fault).
void count_minor_fault();

// The current thread's time, and what a process's CpuTime fields add up to, in nanoseconds and
// counts; the time the current thread has spent in the kernel so far is charged first.
struct CpuUsage {
  uint64_t user_ns;
  uint64_t system_ns;
  uint64_t voluntary_switches;
  uint64_t involuntary_switches;
  uint64_t minor_faults;
};
CpuUsage current_thread_usage();
CpuUsage current_process_usage();
CpuUsage usage_of(const CpuTime& time);

// A process's own time plus its reaped children's (Linux's RUSAGE_BOTH: what wait4 reports).
CpuTime cpu_time_with_children(const Process& process);
// wait4/waitid reap a child: cpu_time_with_children(child) becomes part of the parent's
// children's time (RUSAGE_CHILDREN).
void add_child_cpu_time(Process& parent, const Process& child);

}  // namespace kernel
