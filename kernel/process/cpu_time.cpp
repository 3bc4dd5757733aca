#include "process/cpu_time.h"

#include "arch/x86_64/cpu.h"
#include "process/process.h"
#include "process/threads.h"
#include "time/clock.h"

namespace kernel {
namespace {

CpuTime thread_times[kMaxThreads];
CpuMode mode = CpuMode::kIdle;  // until the first syscall: boot belongs to nobody
uint64_t mark_tsc = 0;

void add(CpuTime& total, const CpuTime& part) {
  total.user_ticks += part.user_ticks;
  total.system_ticks += part.system_ticks;
  total.voluntary_switches += part.voluntary_switches;
  total.involuntary_switches += part.involuntary_switches;
  total.minor_faults += part.minor_faults;
}

}  // namespace

void account_cpu(CpuMode next) {
  uint64_t now = x86::read_tsc();
  uint64_t ticks = now - mark_tsc;
  if (mode != CpuMode::kIdle) {
    CpuTime spent{};
    (mode == CpuMode::kUser ? spent.user_ticks : spent.system_ticks) = ticks;
    add(thread_times[current_thread_slot()], spent);
    add(running_process()->cpu_time, spent);
  }
  mode = next;
  mark_tsc = now;
}

void reset_thread_cpu_time(uint32_t slot) { thread_times[slot] = CpuTime{}; }

void count_context_switch(uint32_t slot, Process& process, bool voluntary) {
  CpuTime change{};
  (voluntary ? change.voluntary_switches : change.involuntary_switches) = 1;
  add(thread_times[slot], change);
  add(process.cpu_time, change);
}

void count_minor_fault() {
  CpuTime change{};
  change.minor_faults = 1;
  add(thread_times[current_thread_slot()], change);
  add(running_process()->cpu_time, change);
}

CpuUsage usage_of(const CpuTime& time) {
  return CpuUsage{tsc_ticks_to_ns(time.user_ticks), tsc_ticks_to_ns(time.system_ticks), time.voluntary_switches,
                  time.involuntary_switches, time.minor_faults};
}

CpuUsage current_thread_usage() {
  account_cpu(CpuMode::kKernel);
  return usage_of(thread_times[current_thread_slot()]);
}

CpuTime cpu_time_with_children(const Process& process) {
  CpuTime total = process.cpu_time;
  add(total, process.children_cpu_time);
  return total;
}

CpuUsage current_process_usage() {
  account_cpu(CpuMode::kKernel);
  return usage_of(running_process()->cpu_time);
}

void add_child_cpu_time(Process& parent, const Process& child) { add(parent.children_cpu_time, cpu_time_with_children(child)); }

}  // namespace kernel
