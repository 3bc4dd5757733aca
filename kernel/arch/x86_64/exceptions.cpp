// handle_exception: the C++ side of exception_entry.S (and of the timer interrupt, which may
// preempt the running thread: process/preemption.h). A page fault the workload's address space
// can satisfy (demand-zero) returns; a fault in copy_user_bytes becomes EFAULT; a user fault whose
// signal has a handler enters it (arch/x86_64/fault_signal.h); any other fault in pid 1 ends the
// run with a crash report, in another process ends that process as killed by the fault's signal
// and another thread runs; any other fault in the kernel is a panic.
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fault_signal.h"
#include "arch/x86_64/lapic_timer.h"
#include "arch/x86_64/trap_frame.h"
#include "confwl/abi/guest_layout.h"
#include "hostcall/exit.h"
#include "lib/print.h"
#include "process/cpu_time.h"
#include "process/preemption.h"
#include "process/process.h"
#include "process/threads.h"
#include "process/workload.h"

extern "C" char user_copy_fault_ip[], user_copy_fixup[];  // user_copy.S

namespace kernel {
namespace {

using x86::TrapFrame;

constexpr uint64_t kPageFault = 14;
constexpr uint64_t kGeneralProtection = 13;
constexpr uint64_t kPageFaultWrite = 1u << 1;
constexpr uint64_t kPageFaultInstructionFetch = 1u << 4;

// Linux signal numbers.
constexpr uint32_t kSigIll = 4, kSigTrap = 5, kSigBus = 7, kSigFpe = 8, kSigSegv = 11;

const char* const kVectorNames[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
    "device not available", "double fault", "coprocessor segment overrun", "invalid TSS",
    "segment not present", "stack fault", "general protection fault", "page fault", "reserved",
    "x87 floating-point error", "alignment check", "machine check", "SIMD floating-point error",
    "virtualization exception", "control protection", "reserved", "reserved", "reserved", "reserved",
    "reserved", "reserved", "hypervisor injection", "VMM communication", "security exception", "reserved"};

// What Linux sends a process for each exception (arch/x86/kernel/traps.c).
uint32_t signal_for_vector(uint64_t vector) {
  switch (vector) {
    case 0: case 16: case 19: return kSigFpe;
    case 1: case 3: return kSigTrap;
    case 6: case 7: return kSigIll;
    case 11: case 12: case 17: return kSigBus;
    default: return kSigSegv;
  }
}

bool try_demand_fault(const TrapFrame& frame, uint64_t address) {
  if (address >= confwl::abi::kUserSpaceEnd) return false;
  // The kernel only touches user memory from copy_user_bytes; any other kernel access is a bug.
  if (!x86::from_user_mode(frame) && frame.rip != reinterpret_cast<uint64_t>(user_copy_fault_ip)) return false;
  if (!workload().memory.handle_fault(address, frame.error_code & kPageFaultWrite,
                                      frame.error_code & kPageFaultInstructionFetch)) {
    return false;
  }
  count_minor_fault();  // getrusage's ru_minflt
  return true;
}

}  // namespace

extern "C" void handle_exception(TrapFrame* frame) {
  uint64_t vector = frame->vector;
  if (vector == x86::kTimerVector) return preempt_on_timer(*frame);
  uint64_t fault_address = vector == kPageFault ? x86::read_cr2() : 0;
  if (vector == kPageFault && try_demand_fault(*frame, fault_address)) return;

  if (!x86::from_user_mode(*frame)) {
    if ((vector == kPageFault || vector == kGeneralProtection) &&
        frame->rip == reinterpret_cast<uint64_t>(user_copy_fault_ip)) {
      frame->rip = reinterpret_cast<uint64_t>(user_copy_fixup);
      return;
    }
    panic("kernel %s (vector %lu) at rip 0x%lx, error 0x%lx, address 0x%lx", kVectorNames[vector & 31], vector,
          frame->rip, frame->error_code, fault_address);
  }
  // A handler for the fault's signal runs and may resume the instruction (arch/x86_64/fault_signal.h).
  if (deliver_fault_to_handler(*frame, signal_for_vector(vector), fault_address)) return;
  if (current_process().pid != kInitPid) {
    terminate_process(current_process(), signal_for_vector(vector));
    run_next_thread_after_fault(*frame);
    return;
  }
  end_run_with_crash(confwl::abi::HostcallCrash{
      .vector = static_cast<uint32_t>(vector),
      .signal = signal_for_vector(vector),
      .error_code = frame->error_code,
      .rip = frame->rip,
      .rsp = frame->rsp,
      .fault_address = fault_address,
  });
}

}  // namespace kernel
