#include "local_apic.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <utility>

#include "apic_device.h"

namespace confwl::vmm::kvm {
namespace {

constexpr uint64_t kId = 0x20, kVersion = 0x30, kTpr = 0x80, kEoi = 0xB0, kSvr = 0xF0, kLvtTimer = 0x320;
constexpr uint64_t kInitial = 0x380, kCurrent = 0x390, kDivide = 0x3E0;
constexpr uint32_t kEnabled = 0x100 | 39;  // SVR: software enable, spurious vector 39 (as the kernel writes)
constexpr uint32_t kMasked = 1u << 16, kPeriodic = 1u << 17;
constexpr uint32_t kDivideBy1 = 0xB, kDivideBy16 = 0x3, kDivideBy128 = 0xA;
constexpr uint8_t kVector = 32;
constexpr uint64_t kMs = 1'000'000;

uint32_t read(LocalApic& apic, uint64_t offset, uint64_t now = 0) {
  Result<uint32_t> value = apic.read(offset, 4, now);
  EXPECT_TRUE(value) << value.error().message;
  return value ? *value : 0xDEAD'BEEF;
}

void write(LocalApic& apic, uint64_t offset, uint32_t value, uint64_t now = 0) {
  Status status = apic.write(offset, 4, value, now);
  EXPECT_TRUE(status) << status.error().message;
}

// Software-enabled, the timer unmasked on kVector in `mode`, counting `count` at divide by 1 from `now`.
LocalApic armed(uint32_t mode, uint32_t count, uint64_t now = 0) {
  LocalApic apic;
  write(apic, kSvr, kEnabled);
  write(apic, kDivide, kDivideBy1);
  write(apic, kLvtTimer, mode | kVector);
  write(apic, kInitial, count, now);
  return apic;
}

std::string refusal(Status status) { return status ? "accepted" : status.error().message; }
std::string refusal(Result<uint32_t> value) { return value ? "accepted" : value.error().message; }

TEST(LocalApic, RegistersHaveTheirResetValues) {
  LocalApic apic;
  EXPECT_EQ(read(apic, kId), 0u);
  EXPECT_EQ(read(apic, kVersion), 0x0005'0014u);
  EXPECT_EQ(read(apic, kTpr), 0u);
  EXPECT_EQ(read(apic, kSvr), 0xFFu);       // software-disabled
  EXPECT_EQ(read(apic, kLvtTimer), kMasked);
  EXPECT_EQ(read(apic, kInitial), 0u);
  EXPECT_EQ(read(apic, kCurrent), 0u);
  EXPECT_EQ(read(apic, kDivide), 0u);
  EXPECT_EQ(apic.next_interrupt_ns(), std::nullopt);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
}

TEST(LocalApic, WritableRegistersReadBackWithoutReservedBits) {
  LocalApic apic;
  write(apic, kTpr, 0xFFFF'FF35);
  EXPECT_EQ(read(apic, kTpr), 0x35u);
  write(apic, kSvr, 0xFFFF'F000 | kEnabled);
  EXPECT_EQ(read(apic, kSvr), kEnabled);
  write(apic, kDivide, 0xFFFF'FFF4 | kDivideBy16);
  EXPECT_EQ(read(apic, kDivide), kDivideBy16);
  write(apic, kLvtTimer, 0xFFF8'1000 | kPeriodic | kVector);  // reserved bits and delivery status dropped
  EXPECT_EQ(read(apic, kLvtTimer), kPeriodic | kVector);
  write(apic, kInitial, 1234);
  EXPECT_EQ(read(apic, kInitial), 1234u);
}

TEST(LocalApic, CountsDownOnAOneGigahertzBusClockThroughTheDivider) {
  LocalApic apic;
  write(apic, kDivide, kDivideBy16);
  write(apic, kInitial, 1000, 5'000);
  EXPECT_EQ(read(apic, kCurrent, 5'000), 1000u);
  EXPECT_EQ(read(apic, kCurrent, 5'000 + 1'600), 900u);
  EXPECT_EQ(read(apic, kCurrent, 5'000 + 15'999), 1u);
  EXPECT_EQ(read(apic, kCurrent, 5'000 + 16'000), 0u);
  EXPECT_EQ(read(apic, kCurrent, 5'000 + 999 * kMs), 0u);  // one-shot: stays at 0
}

// The kernel's calibration (lapic_timer.cpp): masked, divide by 16, the maximum count, read after
// 2 ms of its TSC clock. The ratio it computes must give a 10 ms tick of 10 ms.
TEST(LocalApic, TheKernelsCalibrationMeasuresTheBusClock) {
  LocalApic apic;
  write(apic, kLvtTimer, kMasked);
  write(apic, kDivide, kDivideBy16);
  write(apic, kInitial, ~0u, 7 * kMs);
  const uint32_t elapsed = ~0u - read(apic, kCurrent, 9 * kMs);
  EXPECT_EQ(elapsed, 125'000u);
  write(apic, kSvr, kEnabled, 9 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);  // masked: the count ran, no interrupt
  write(apic, kInitial, 0, 9 * kMs);
  EXPECT_EQ(read(apic, kCurrent, 10 * kMs), 0u);

  const uint32_t ticks_per_ms = elapsed / 2;
  write(apic, kLvtTimer, kPeriodic | kVector, 20 * kMs);
  write(apic, kInitial, ticks_per_ms * 10, 20 * kMs);
  EXPECT_EQ(apic.next_interrupt_ns(), 30 * kMs);
}

TEST(LocalApic, OneShotFiresOnceAtZero) {
  LocalApic apic = armed(0, 1 * kMs, 100);
  EXPECT_EQ(apic.next_interrupt_ns(), 100 + 1 * kMs);
  apic.advance(100 + 1 * kMs - 1);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
  apic.advance(100 + 1 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), kVector);
  EXPECT_EQ(apic.next_interrupt_ns(), std::nullopt);
  apic.delivered();
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
  write(apic, kEoi, 0, 5 * kMs);
  apic.advance(50 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
  EXPECT_EQ(read(apic, kCurrent, 50 * kMs), 0u);
}

TEST(LocalApic, PeriodicReArmsAndHoldsTheNextTickUntilEoi) {
  LocalApic apic = armed(kPeriodic, 10 * kMs);
  apic.advance(10 * kMs);
  ASSERT_EQ(apic.deliverable_vector(), kVector);
  apic.delivered();
  EXPECT_EQ(apic.next_interrupt_ns(), 20 * kMs);
  EXPECT_EQ(read(apic, kCurrent, 15 * kMs), 5 * kMs);
  apic.advance(20 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);  // the first is still in service
  write(apic, kEoi, 0, 21 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), kVector);
  apic.delivered();
  write(apic, kEoi, 0, 22 * kMs);
  // The vCPU was away for five periods: one interrupt, and the next tick stays on the 10 ms grid.
  apic.advance(75 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), kVector);
  apic.delivered();
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
  EXPECT_EQ(apic.next_interrupt_ns(), 80 * kMs);
}

TEST(LocalApic, MaskedTimerKeepsCountingWithoutInterrupts) {
  LocalApic apic = armed(kPeriodic, 10 * kMs);
  write(apic, kLvtTimer, kMasked | kPeriodic | kVector);
  EXPECT_EQ(apic.next_interrupt_ns(), std::nullopt);
  apic.advance(35 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
  EXPECT_EQ(read(apic, kCurrent, 35 * kMs), 5 * kMs);
  write(apic, kLvtTimer, kPeriodic | kVector, 35 * kMs);
  EXPECT_EQ(apic.next_interrupt_ns(), 40 * kMs);
}

TEST(LocalApic, ZeroInitialCountStopsTheTimer) {
  LocalApic apic = armed(kPeriodic, 10 * kMs);
  write(apic, kInitial, 0, 3 * kMs);
  EXPECT_EQ(apic.next_interrupt_ns(), std::nullopt);
  apic.advance(100 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
}

TEST(LocalApic, TaskPriorityHoldsBackLowerClasses) {
  LocalApic apic = armed(0, 1 * kMs);
  write(apic, kTpr, 0x20);  // class 2 = the timer's class: held back
  apic.advance(2 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
  write(apic, kTpr, 0x1F, 3 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), kVector);
}

TEST(LocalApic, SoftwareDisabledApicMasksTheTimerAndDeliversNothing) {
  LocalApic apic;
  write(apic, kLvtTimer, kPeriodic | kVector);  // SVR still at reset: disabled
  EXPECT_EQ(read(apic, kLvtTimer), kMasked | kPeriodic | kVector);
  apic = armed(kPeriodic, 1 * kMs);
  apic.advance(1 * kMs);
  write(apic, kSvr, 0xFF, 1 * kMs);
  EXPECT_EQ(apic.deliverable_vector(), std::nullopt);
  EXPECT_EQ(read(apic, kLvtTimer), kMasked | kPeriodic | kVector);
}

TEST(LocalApic, ANewDividerAppliesToWhatIsLeft) {
  LocalApic apic = armed(0, 1'000'000);
  write(apic, kDivide, 0x0, 400'000);  // divide by 2; 600'000 left
  EXPECT_EQ(read(apic, kCurrent, 400'000), 600'000u);
  EXPECT_EQ(read(apic, kCurrent, 800'000), 400'000u);
  EXPECT_EQ(apic.next_interrupt_ns(), 400'000 + 600'000 * 2);
}

TEST(LocalApic, TicksFasterThanTheFloorArePostponedToIt) {
  LocalApic apic = armed(kPeriodic, 1);  // 1 ns asked
  EXPECT_EQ(apic.next_interrupt_ns(), LocalApic::kMinimumPeriodNs);
  int interrupts = 0;
  for (uint64_t now = 0; now <= 1'000 * kMs; now += 1'000) {  // the VMM looks every microsecond for a second
    apic.advance(now);
    if (apic.deliverable_vector()) {
      apic.delivered();
      write(apic, kEoi, 0, now);
      ++interrupts;
    }
  }
  EXPECT_EQ(interrupts, 5000);  // 1 s / 200 us, not 10^9
  LocalApic one_shot = armed(0, 1);
  one_shot.advance(LocalApic::kMinimumPeriodNs - 1);
  EXPECT_EQ(one_shot.deliverable_vector(), std::nullopt);
  EXPECT_EQ(read(one_shot, kCurrent, 10'000), 0u);  // the count reached 0; the interrupt waits for the floor
}

TEST(LocalApic, TheLargestCountDoesNotOverflow) {
  LocalApic apic;
  write(apic, kSvr, kEnabled);
  write(apic, kDivide, kDivideBy128);
  write(apic, kLvtTimer, kVector);
  write(apic, kInitial, ~0u, 1'000);
  EXPECT_EQ(apic.next_interrupt_ns(), 1'000 + (uint64_t{~0u} << 7));  // about 550 s
  EXPECT_EQ(read(apic, kCurrent, 1'000 + 128 * 1000), ~0u - 1000);
}

TEST(LocalApic, AHaltedCpuWakesOnlyForAnInterruptItCanTake) {
  LocalApic idle;
  EXPECT_EQ(idle.wake_ns(5), std::nullopt);  // no timer armed
  LocalApic apic = armed(kPeriodic, 10 * kMs);
  EXPECT_EQ(apic.wake_ns(1 * kMs), 10 * kMs);
  apic.advance(10 * kMs);
  EXPECT_EQ(apic.wake_ns(10 * kMs), 10 * kMs);  // deliverable now
  apic.delivered();
  EXPECT_EQ(apic.wake_ns(11 * kMs), std::nullopt);  // in service, no EOI: the next tick is held back
  write(apic, kEoi, 0, 12 * kMs);
  EXPECT_EQ(apic.wake_ns(12 * kMs), 20 * kMs);
  write(apic, kTpr, 0x20, 12 * kMs);
  EXPECT_EQ(apic.wake_ns(12 * kMs), std::nullopt);  // the TPR holds it back
  write(apic, kTpr, 0, 12 * kMs);
  write(apic, kLvtTimer, kMasked | kPeriodic | kVector, 12 * kMs);
  EXPECT_EQ(apic.wake_ns(12 * kMs), std::nullopt);  // masked
}

TEST(LocalApic, RefusesWhatTheModelDoesNotProvide) {
  LocalApic apic;
  EXPECT_EQ(refusal(apic.write(0x300, 4, 0x4500, 0)),
            "guest wrote local APIC offset 0x300 (4 bytes), which is not in the device contract (the APIC model has "
            "ID, version, TPR, EOI, SVR, LVT timer, initial count, current count and divide configuration, each as "
            "an aligned 4-byte access)");
  EXPECT_NE(refusal(apic.read(0x100, 4, 0)).find("guest read local APIC offset 0x100 (4 bytes), which is not"),
            std::string::npos);  // ISR
  EXPECT_NE(refusal(apic.write(0x350, 4, 0, 0)).find("offset 0x350"), std::string::npos);  // LVT LINT0
  EXPECT_NE(refusal(apic.read(kTpr, 1, 0)).find("(1 bytes)"), std::string::npos);
  EXPECT_NE(refusal(apic.read(0x84, 4, 0)).find("offset 0x84"), std::string::npos);
  EXPECT_NE(refusal(apic.read(0x1000, 4, 0)).find("offset 0x1000"), std::string::npos);
  EXPECT_EQ(refusal(apic.read(kEoi, 4, 0)), "guest read local APIC offset 0xb0 (4 bytes), which is the write-only EOI register");
  EXPECT_EQ(refusal(apic.write(kId, 4, 1u << 24, 0)),
            "guest wrote local APIC offset 0x20 (4 bytes), which is the APIC ID, kept at 0 by the model");
  EXPECT_EQ(refusal(apic.write(kVersion, 4, 0, 0)),
            "guest wrote local APIC offset 0x30 (4 bytes), which is a read-only register");
  EXPECT_EQ(refusal(apic.write(kCurrent, 4, 5, 0)),
            "guest wrote local APIC offset 0x390 (4 bytes), which is a read-only register");
}

TEST(LocalApic, RefusesTscDeadlineReservedModeAndIllegalVectors) {
  LocalApic apic;
  write(apic, kSvr, kEnabled);
  EXPECT_EQ(refusal(apic.write(kLvtTimer, 4, (2u << 17) | kVector, 0)),
            "guest set the local APIC timer to TSC-deadline mode (LVT timer 0x40020), which the APIC model does not "
            "offer (CPUID says so)");
  EXPECT_EQ(refusal(apic.write(kLvtTimer, 4, (3u << 17) | kVector, 0)),
            "guest set the local APIC timer to the reserved mode 3 (LVT timer 0x60020)");
  EXPECT_EQ(refusal(apic.write(kLvtTimer, 4, 5, 0)),
            "guest unmasked the local APIC timer with the illegal vector 5 (LVT timer 0x5; vectors 0-15 are illegal)");
  EXPECT_EQ(read(apic, kLvtTimer), kMasked);  // unchanged by the refused writes
  write(apic, kLvtTimer, kMasked);            // vector 0 is fine while masked, as the kernel writes it
}

TEST(ApicDevice, ClaimsExactlyItsPageAndOnlyBelowIt) {
  EXPECT_FALSE(ApicDevice::claims(kLocalApicAddress - 1));
  EXPECT_TRUE(ApicDevice::claims(kLocalApicAddress));
  EXPECT_TRUE(ApicDevice::claims(kLocalApicAddress + 0xFFF));
  EXPECT_FALSE(ApicDevice::claims(kLocalApicAddress + 0x1000));
  EXPECT_EQ(local_apic_model_for(64ull << 20), LocalApicModel::kOffered);
  EXPECT_EQ(local_apic_model_for(kLocalApicAddress), LocalApicModel::kOffered);
  EXPECT_EQ(local_apic_model_for(kLocalApicAddress + 4096), LocalApicModel::kHidden);
}

// The decision before KVM_RUN, without /dev/kvm: vCPU fd -1 makes the KVM_INTERRUPT an engine
// would issue fail visibly.
TEST(ApicDevice, QueuesOnlyWhenTheGuestCanTakeItElseAsksForAWindow) {
  ApicDevice device(-1);
  kvm_run run{};
  for (auto [offset, value] : {std::pair{kSvr, kEnabled}, {kDivide, kDivideBy1}, {kLvtTimer, uint32_t{kVector}},
                               {kInitial, uint32_t{1 * kMs}}}) {
    run.mmio.phys_addr = kLocalApicAddress + offset;
    run.mmio.len = 4;
    run.mmio.is_write = 1;
    std::memcpy(run.mmio.data, &value, 4);
    ASSERT_TRUE(device.mmio(run, 0));
  }
  ASSERT_TRUE(device.before_entry(run, 1 * kMs - 1));
  EXPECT_EQ(run.request_interrupt_window, 0);  // nothing due yet
  run.ready_for_interrupt_injection = 1;
  run.if_flag = 0;  // e.g. the kernel runs with interrupts off
  ASSERT_TRUE(device.before_entry(run, 1 * kMs));
  EXPECT_EQ(run.request_interrupt_window, 1);
  run.if_flag = 1;
  Status queued = device.before_entry(run, 2 * kMs);
  ASSERT_FALSE(queued);
  EXPECT_EQ(queued.error().message.rfind("KVM_INTERRUPT failed", 0), 0u) << queued.error().message;
}

TEST(ApicDevice, AnswersReadsInTheRunAreaAndRefusesWideAccesses) {
  ApicDevice device(-1);
  kvm_run run{};
  run.mmio.phys_addr = kLocalApicAddress + kVersion;
  run.mmio.len = 4;
  ASSERT_TRUE(device.mmio(run, 0));
  uint32_t value = 0;
  std::memcpy(&value, run.mmio.data, 4);
  EXPECT_EQ(value, LocalApic::kVersionValue);
  run.mmio.len = 8;
  EXPECT_EQ(refusal(device.mmio(run, 0)).find("guest read local APIC offset 0x30 (8 bytes), which is not"), 0u);
}

}  // namespace
}  // namespace confwl::vmm::kvm
