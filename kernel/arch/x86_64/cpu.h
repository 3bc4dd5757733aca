// Thin wrappers over x86-64 instructions the kernel needs: port I/O, MSRs, control registers,
// CPUID, TSC, RDRAND.
#pragma once
#include <stdint.h>

namespace kernel::x86 {

inline void outb(uint16_t port, uint8_t value) { asm volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
inline void outl(uint16_t port, uint32_t value) { asm volatile("outl %0, %1" : : "a"(value), "Nd"(port)); }
inline uint8_t inb(uint16_t port) {
  uint8_t value;
  asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

inline uint64_t read_msr(uint32_t msr) {
  uint32_t low, high;
  asm volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
  return (static_cast<uint64_t>(high) << 32) | low;
}
inline void write_msr(uint32_t msr, uint64_t value) {
  asm volatile("wrmsr" : : "c"(msr), "a"(static_cast<uint32_t>(value)), "d"(static_cast<uint32_t>(value >> 32)));
}

inline constexpr uint32_t kMsrEfer = 0xC000'0080;
inline constexpr uint32_t kMsrStar = 0xC000'0081;
inline constexpr uint32_t kMsrLstar = 0xC000'0082;
inline constexpr uint32_t kMsrSfmask = 0xC000'0084;
inline constexpr uint32_t kMsrFsBase = 0xC000'0100;
inline constexpr uint32_t kMsrGsBase = 0xC000'0101;

inline constexpr uint64_t kEferSyscallEnable = 1u << 0;
inline constexpr uint64_t kEferNoExecuteEnable = 1u << 11;

inline uint64_t read_cr0() { uint64_t v; asm volatile("mov %%cr0, %0" : "=r"(v)); return v; }
inline uint64_t read_cr2() { uint64_t v; asm volatile("mov %%cr2, %0" : "=r"(v)); return v; }
inline uint64_t read_cr4() { uint64_t v; asm volatile("mov %%cr4, %0" : "=r"(v)); return v; }
inline void write_cr0(uint64_t v) { asm volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
inline void write_cr3(uint64_t v) { asm volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
inline void write_cr4(uint64_t v) { asm volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
inline void invalidate_page(uint64_t address) { asm volatile("invlpg (%0)" : : "r"(address) : "memory"); }

inline void write_xcr0(uint64_t value) {
  asm volatile("xsetbv" : : "c"(0), "a"(static_cast<uint32_t>(value)), "d"(static_cast<uint32_t>(value >> 32)));
}

struct CpuidResult {
  uint32_t eax, ebx, ecx, edx;
};
inline CpuidResult cpuid(uint32_t leaf, uint32_t subleaf = 0) {
  CpuidResult r;
  asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
  return r;
}

inline uint64_t read_tsc() {
  uint32_t low, high;
  asm volatile("rdtsc" : "=a"(low), "=d"(high));
  return (static_cast<uint64_t>(high) << 32) | low;
}

// One RDRAND attempt; false if the CPU had no entropy ready (the caller retries).
inline bool rdrand64(uint64_t* value) {
  bool ok;
  asm volatile("rdrand %0" : "=r"(*value), "=@ccc"(ok));
  return ok;
}

inline void pause() { asm volatile("pause"); }

[[noreturn]] inline void halt_forever() {
  for (;;) asm volatile("cli; hlt");
}

}  // namespace kernel::x86
