#include "arch/x86_64/fault_signal.h"

#include "confwl/abi/guest_layout.h"
#include "process/signal_frame.h"
#include "process/workload.h"

namespace kernel {
namespace {

constexpr uint64_t kDivideError = 0, kInvalidOpcode = 6, kPageFault = 14;
// si_code values (include/uapi/asm-generic/siginfo.h).
constexpr int32_t kFpeIntDiv = 1, kIllIllOpn = 2;

// Linux's si_code and si_addr for the fault (arch/x86/kernel/traps.c, arch/x86/mm/fault.c).
SignalInfo fault_info(const x86::TrapFrame& frame, uint64_t fault_address) {
  switch (frame.vector) {
    case kPageFault: {
      // ACCERR: mapped, but not for this access (Linux asks the VMA; pages come on first touch here).
      bool mapped = fault_address < confwl::abi::kUserSpaceEnd && workload().memory.overlaps(fault_address, fault_address + 1);
      return SignalInfo{mapped ? si_code::kSegvAccErr : si_code::kSegvMapErr, 0, 0, 0, fault_address};
    }
    case kDivideError: return SignalInfo{kFpeIntDiv, 0, 0, 0, frame.rip};
    case kInvalidOpcode: return SignalInfo{kIllIllOpn, 0, 0, 0, frame.rip};
    default: return SignalInfo{si_code::kKernel, 0, 0, 0, 0};
  }
}

}  // namespace

bool deliver_fault_to_handler(x86::TrapFrame& frame, uint32_t signal, uint64_t fault_address) {
  UserRegisters r{.rax = frame.rax, .rbx = frame.rbx, .rcx = frame.rcx, .rdx = frame.rdx, .rsi = frame.rsi,
                  .rdi = frame.rdi, .rbp = frame.rbp, .rsp = frame.rsp, .r8 = frame.r8, .r9 = frame.r9,
                  .r10 = frame.r10, .r11 = frame.r11, .r12 = frame.r12, .r13 = frame.r13, .r14 = frame.r14,
                  .r15 = frame.r15, .rip = frame.rip, .rflags = frame.rflags, .trap = frame.vector,
                  .error = frame.error_code, .cr2 = fault_address};
  if (!deliver_fault_signal(r, signal, fault_info(frame, fault_address))) return false;
  frame.rax = r.rax, frame.rbx = r.rbx, frame.rcx = r.rcx, frame.rdx = r.rdx, frame.rsi = r.rsi, frame.rdi = r.rdi;
  frame.rbp = r.rbp, frame.rsp = r.rsp, frame.r8 = r.r8, frame.r9 = r.r9, frame.r10 = r.r10, frame.r11 = r.r11;
  frame.r12 = r.r12, frame.r13 = r.r13, frame.r14 = r.r14, frame.r15 = r.r15, frame.rip = r.rip;
  frame.rflags = r.rflags;
  return true;
}

}  // namespace kernel
