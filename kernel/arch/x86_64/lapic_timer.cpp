#include "arch/x86_64/lapic_timer.h"

#include "arch/x86_64/cpu.h"
#include "confwl/abi/guest_layout.h"
#include "lib/print.h"
#include "mm/kernel_map.h"
#include "time/clock.h"

namespace kernel::x86 {
namespace {

constexpr uint32_t kMsrApicBase = 0x1B;                 // IA32_APIC_BASE (SDM Vol. 3A, 11.4.4)
constexpr uint64_t kApicBaseEnable = 1u << 11;
constexpr uint64_t kApicBaseAddressMask = 0x000F'FFFF'FFFF'F000ull;
constexpr uint32_t kCpuid1EdxApic = 1u << 9;
// Register offsets (SDM Vol. 3A, Table 11-1).
constexpr uint32_t kEoi = 0xB0, kSpuriousVectorRegister = 0xF0, kLvtTimer = 0x320;
constexpr uint32_t kInitialCount = 0x380, kCurrentCount = 0x390, kDivideConfiguration = 0x3E0;
constexpr uint32_t kSoftwareEnable = 1u << 8;           // spurious-interrupt vector register
constexpr uint32_t kLvtMasked = 1u << 16, kLvtPeriodic = 1u << 17;
constexpr uint32_t kDivideBy16 = 0x3;
// The page's kernel address: past any RAM of the direct map, inside its top-level entry, so every
// address space (which copies the kernel's top-level entries) sees it.
constexpr uint64_t kLapicVirtual = confwl::abi::kDirectMapBase + 0x7F'C000'0000ull;
constexpr uint64_t kCacheDisable = 1u << 4, kWriteThrough = 1u << 3;  // MMIO: uncached (PCD, PWT)
// The calibration counts for at least kCalibrationNs, longer (up to kCalibrationMaximumNs) while
// the time the two register accesses around the count took is above 1/kCalibrationPrecision of it.
constexpr uint64_t kCalibrationNs = 2'000'000;
constexpr uint64_t kCalibrationMaximumNs = 64'000'000;
constexpr uint64_t kCalibrationPrecision = 32;

volatile uint32_t* registers = nullptr;
uint64_t ticks_per_ms = 0;  // 0 until calibrated
bool running = false;

uint32_t read(uint32_t offset) { return registers[offset / 4]; }
void write(uint32_t offset, uint32_t value) { registers[offset / 4] = value; }

// Counts down from the maximum while the TSC clock runs, and times the count by the midpoints of
// the two accesses that start and read it: each can be an exit to a VMM (the kvm engine models
// the APIC), slow under nested virtualization, and the vCPU can lose its host CPU in between; so
// the time that passed is measured, not assumed, and the interval doubles while the accesses'
// own duration would blur it.
void calibrate() {
  write(kLvtTimer, kLvtMasked);
  write(kDivideConfiguration, kDivideBy16);
  for (uint64_t interval = kCalibrationNs;; interval *= 2) {
    uint64_t before_start = monotonic_ns();
    write(kInitialCount, ~0u);
    uint64_t after_start = monotonic_ns();
    while (monotonic_ns() - after_start < interval) pause();
    uint64_t before_read = monotonic_ns();
    uint64_t elapsed = ~0u - read(kCurrentCount);
    uint64_t after_read = monotonic_ns();
    uint64_t span = (before_read + after_read) / 2 - (before_start + after_start) / 2;
    uint64_t blur = (after_start - before_start) + (after_read - before_read);
    if (blur * kCalibrationPrecision <= span || interval >= kCalibrationMaximumNs) {
      ticks_per_ms = elapsed * 1'000'000 / span;
      break;
    }
  }
  write(kInitialCount, 0);
  if (ticks_per_ms == 0) ticks_per_ms = 1;
}

}  // namespace

bool init_lapic_timer() {
  if ((cpuid(1).edx & kCpuid1EdxApic) == 0) return false;
  uint64_t base = read_msr(kMsrApicBase);
  uint64_t physical = base & kApicBaseAddressMask;
  constexpr uint64_t kFlags =
      pte::kPresent | pte::kWritable | pte::kNoExecute | pte::kGlobal | kCacheDisable | kWriteThrough;
  if (!kernel_page_table().map(kLapicVirtual, physical, kFlags).ok()) {
    panic("lapic: cannot map the local APIC at 0x%lx", physical);
  }
  write_msr(kMsrApicBase, base | kApicBaseEnable);
  registers = reinterpret_cast<volatile uint32_t*>(kLapicVirtual);
  write(kLvtTimer, kLvtMasked);
  write(kSpuriousVectorRegister, kSoftwareEnable | kSpuriousVector);
  return true;
}

bool lapic_timer_present() { return registers != nullptr; }

void start_periodic_timer(uint64_t period_ns) {
  if (ticks_per_ms == 0) calibrate();
  uint64_t count = ticks_per_ms * period_ns / 1'000'000;
  write(kDivideConfiguration, kDivideBy16);
  write(kLvtTimer, kLvtPeriodic | kTimerVector);
  write(kInitialCount, count > ~0u ? ~0u : static_cast<uint32_t>(count == 0 ? 1 : count));
  running = true;
}

void stop_timer() {
  write(kLvtTimer, kLvtMasked);
  write(kInitialCount, 0);
  running = false;
}

bool timer_running() { return running; }

void end_of_interrupt() { write(kEoi, 0); }

}  // namespace kernel::x86
