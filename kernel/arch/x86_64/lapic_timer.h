// The local APIC's timer (xAPIC, memory-mapped; SDM Vol. 3A, 11.5.4 "APIC Timer"): the only
// interrupt the kernel takes, for preempting a thread that runs in user mode
// (process/preemption.h). QEMU's local APIC, or the kvm engine's model of just these registers
// (vmm/kvm/local_apic.h). Absent when CPUID says there is no local APIC (the kvm engine with RAM
// over its page): threads are then switched only at syscalls.
#pragma once
#include <stdint.h>

namespace kernel::x86 {

inline constexpr uint8_t kTimerVector = 32;     // the first vector after the exceptions
inline constexpr uint8_t kSpuriousVector = 39;  // low nibble 7: valid on every APIC generation

// At boot, after the kernel's page tables: maps and software-enables the local APIC with its
// timer masked. Returns false (and leaves everything untouched) if the CPU has none.
bool init_lapic_timer();
bool lapic_timer_present();

// Periodic interrupts every period_ns (the tick rate is calibrated against the TSC on first use),
// or none. Only with a timer present.
void start_periodic_timer(uint64_t period_ns);
void stop_timer();
bool timer_running();

void end_of_interrupt();

}  // namespace kernel::x86
