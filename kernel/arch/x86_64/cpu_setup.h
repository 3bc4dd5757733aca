// CPU feature checks and the control-register/MSR state the kernel and the workload run with.
#pragma once
#include <stdint.h>

namespace kernel::x86 {

// Refuses to boot (panic with the missing feature) without NX, RDRAND, SSE2 or SYSCALL; enables
// SSE (and AVX state if present) for user code, SMEP/SMAP when available, and SYSCALL/SYSRET.
void init_cpu();

// CPUID.1:EDX, what Linux reports as AT_HWCAP on x86-64.
uint32_t hardware_capabilities();

// 64 bits from RDRAND; retried, and a panic if the CPU never delivers (fail closed).
uint64_t random_u64();

}  // namespace kernel::x86

extern "C" uint8_t smap_enabled;
