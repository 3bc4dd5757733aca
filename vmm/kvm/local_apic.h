// A minimal local APIC (xAPIC, memory-mapped) for the kvm engine, which has no in-kernel irqchip:
// just the registers the ConfWL kernel's preemption timer uses (kernel/arch/x86_64/lapic_timer.cpp),
// reached through MMIO exits at its page, as QEMU does with kernel-irqchip=off. Pure state and
// arithmetic on the times it is given, so it is unit-tested without /dev/kvm; the engine delivers
// what it raises with KVM_INTERRUPT (apic_device.h).
//
// Provided: ID (reads 0), version, TPR, EOI, SVR, the LVT timer in one-shot and periodic mode
// (masked or not), initial count, current count, divide configuration; each as an aligned 4-byte
// access. Anything else (ICR, the other LVTs, ISR/IRR/TMR reads, TSC-deadline mode, an illegal
// vector, a write to a read-only register) is a guest that broke the device contract: the access
// fails with a message naming the register.
//
// The timer counts on a 1 GHz bus clock (as KVM's and QEMU's models do), so the count read back
// follows host monotonic time, which is what the guest's TSC follows too. A guest cannot make it
// fire more often than every kMinimumPeriodNs (KVM's default min_timer_period_us): an earlier
// expiry is postponed to that, the count read meanwhile is 0. Expiries missed while the vCPU was
// out of the guest are coalesced into one interrupt, as a real APIC's single IRR bit does.
#pragma once
#include <confwl/result.h>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace confwl::vmm::kvm {

// Offsets in the APIC page (Intel SDM vol. 3A, 11.4.1 "The Local APIC Block Diagram",
// Table 11-1 "Local APIC Register Address Map"; Table 12-1 in the 2024 and later editions).
enum class ApicRegister : uint32_t {
  kId = 0x020,                       // 11.4.6 "Local APIC ID"
  kVersion = 0x030,                  // 11.4.8 "Local APIC Version Register"
  kTaskPriority = 0x080,             // 11.8.3.1 "Task and Processor Priorities"
  kEoi = 0x0B0,                      // 11.8.5 "Signaling Interrupt Servicing Completion"
  kSpuriousInterruptVector = 0x0F0,  // 11.9 "Spurious Interrupt"
  kLvtTimer = 0x320,                 // 11.5.1 "Local Vector Table"
  kInitialCount = 0x380,             // 11.5.4 "APIC Timer"
  kCurrentCount = 0x390,
  kDivideConfiguration = 0x3E0,
};

class LocalApic {
 public:
  static constexpr uint64_t kPageSize = 0x1000;
  static constexpr uint64_t kMinimumPeriodNs = 200'000;
  // Version 0x14 (an integrated xAPIC), max LVT entry 5 (bits 23:16), as KVM reports.
  static constexpr uint32_t kVersionValue = 0x0005'0014;

  // An MMIO access of `size` bytes at `offset` into the APIC page, at host monotonic time now_ns.
  Result<uint32_t> read(uint64_t offset, size_t size, uint64_t now_ns);
  Status write(uint64_t offset, size_t size, uint32_t value, uint64_t now_ns);

  // Latches a timer expiry at or before now_ns as a requested interrupt; re-arms a periodic timer.
  void advance(uint64_t now_ns);
  // When the timer next raises an interrupt: counting, and its LVT entry not masked.
  std::optional<uint64_t> next_interrupt_ns() const;
  // The vector the CPU should take now: requested, not held back by the TPR or an interrupt in
  // service (11.8.3, 11.8.4), the APIC software-enabled.
  std::optional<uint8_t> deliverable_vector() const;
  // The CPU took the deliverable vector (KVM_INTERRUPT): it is in service until the guest's EOI.
  void delivered();
  // When an interrupt would wake a halted CPU, the guest doing nothing meanwhile: now_ns (one is
  // deliverable), the timer's next interrupt if that one will be deliverable, or never (no timer
  // armed, or held back by an interrupt in service, the TPR or a software-disabled APIC).
  std::optional<uint64_t> wake_ns(uint64_t now_ns) const;

 private:
  Status write_lvt_timer(uint32_t value);
  void write_divide_configuration(uint32_t value, uint64_t now_ns);
  uint32_t current_count(uint64_t now_ns) const;
  uint64_t segment_ns(uint32_t count) const;
  bool masked() const;
  bool accepts(uint8_t vector) const;

  uint32_t task_priority_ = 0;
  uint32_t spurious_vector_ = 0xFF;  // reset: software-disabled (11.9)
  uint32_t lvt_timer_ = 1u << 16;    // reset: masked (11.5.1)
  uint32_t initial_count_ = 0;
  uint32_t divide_configuration_ = 0;
  unsigned divide_shift_ = 1;        // divide configuration 0: by 2
  // The count runs down from segment_count_ since segment_start_ns_: the initial count, or what
  // was left when the divider changed.
  bool counting_ = false;
  uint64_t segment_start_ns_ = 0;
  uint32_t segment_count_ = 0;
  std::optional<uint8_t> requested_, in_service_;
};

}  // namespace confwl::vmm::kvm
