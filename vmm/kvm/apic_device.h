// The local APIC model (local_apic.h) on a vCPU without in-kernel irqchip, as QEMU's
// kernel-irqchip=off does it: the guest's accesses to its page arrive as MMIO exits; a timer
// interrupt is queued with KVM_INTERRUPT when KVM says the guest can take one
// (ready_for_interrupt_injection, if_flag), else KVM is asked to exit as soon as it can
// (request_interrupt_window). HLT still exits to the engine, which decides whether the halt waits
// for the next tick or ends the run.
#pragma once
#include <confwl/result.h>
#include <linux/kvm.h>

#include <cstdint>

#include "kvm_layout.h"
#include "local_apic.h"
#include "vcpu_setup.h"

namespace confwl::vmm::kvm {

// The model needs its page outside guest RAM (for MMIO exits): offered only while RAM ends below
// kLocalApicAddress, i.e. up to 4078 MiB; with more RAM the guest sees no local APIC and the
// ConfWL kernel switches threads only at syscalls.
inline LocalApicModel local_apic_model_for(uint64_t memory_bytes) {
  return memory_bytes <= kLocalApicAddress ? LocalApicModel::kOffered : LocalApicModel::kHidden;
}

class ApicDevice {
 public:
  explicit ApicDevice(int vcpu_fd) : vcpu_fd_(vcpu_fd) {}

  static bool claims(uint64_t guest_physical) {
    return guest_physical >= kLocalApicAddress && guest_physical - kLocalApicAddress < LocalApic::kPageSize;
  }

  // One KVM_EXIT_MMIO inside the page (claims() was true), at host monotonic time now_ns.
  Status mmio(kvm_run& run, uint64_t now_ns);

  // Before each KVM_RUN: queues a deliverable interrupt if the guest can take it now, else asks
  // KVM for an interrupt-window exit.
  Status before_entry(kvm_run& run, uint64_t now_ns);

  LocalApic& apic() { return apic_; }

 private:
  int vcpu_fd_;
  LocalApic apic_;
};

}  // namespace confwl::vmm::kvm
