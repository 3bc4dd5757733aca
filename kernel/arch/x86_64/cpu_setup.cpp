#include "arch/x86_64/cpu_setup.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/descriptors.h"
#include "lib/print.h"

extern "C" void syscall_entry();
extern "C" uint8_t smap_enabled = 0;  // read by user_copy.S

namespace kernel::x86 {
namespace {

// CPUID bits (SDM Vol. 2A, CPUID; AMD APM Vol. 3, E.4.6).
constexpr uint32_t kCpuid1EdxSse2 = 1u << 26;
constexpr uint32_t kCpuid1EdxFxsr = 1u << 24;
constexpr uint32_t kCpuid1EcxXsave = 1u << 26;
constexpr uint32_t kCpuid1EcxAvx = 1u << 28;
constexpr uint32_t kCpuid1EcxRdrand = 1u << 30;
constexpr uint32_t kCpuid7EbxSmep = 1u << 7;
constexpr uint32_t kCpuid7EbxSmap = 1u << 20;
constexpr uint32_t kCpuidExt1EdxSyscall = 1u << 11;
constexpr uint32_t kCpuidExt1EdxNx = 1u << 20;

constexpr uint64_t kCr0MonitorCoprocessor = 1u << 1;
constexpr uint64_t kCr0Emulation = 1u << 2;
constexpr uint64_t kCr4Osfxsr = 1u << 9;
constexpr uint64_t kCr4Osxmmexcpt = 1u << 10;
constexpr uint64_t kCr4Osxsave = 1u << 18;
constexpr uint64_t kCr4Smep = 1u << 20;
constexpr uint64_t kCr4Smap = 1u << 21;
constexpr uint64_t kXcr0X87Sse = 0x3;
constexpr uint64_t kXcr0Avx = 0x4;

// RFLAGS bits SYSCALL clears: TF, IF, DF, AC (AC so that SMAP is enforced in the kernel).
constexpr uint64_t kSyscallFlagMask = (1u << 8) | (1u << 9) | (1u << 10) | (1u << 18);

void require(bool present, const char* feature) {
  if (!present) panic("the CPU lacks %s, which ConfWL requires", feature);
}

void enable_vector_state(const CpuidResult& leaf1) {
  write_cr0((read_cr0() & ~kCr0Emulation) | kCr0MonitorCoprocessor);
  uint64_t cr4 = read_cr4() | kCr4Osfxsr | kCr4Osxmmexcpt;
  if (leaf1.ecx & kCpuid1EcxXsave) {
    write_cr4(cr4 | kCr4Osxsave);
    write_xcr0(kXcr0X87Sse | ((leaf1.ecx & kCpuid1EcxAvx) ? kXcr0Avx : 0));
  } else {
    write_cr4(cr4);
  }
}

void enable_supervisor_protections() {
  if (cpuid(0).eax < 7) return;
  uint32_t features = cpuid(7, 0).ebx;
  uint64_t cr4 = read_cr4();
  if (features & kCpuid7EbxSmep) cr4 |= kCr4Smep;
  if (features & kCpuid7EbxSmap) {
    cr4 |= kCr4Smap;
    smap_enabled = 1;
  }
  write_cr4(cr4);
}

void enable_syscall() {
  write_msr(kMsrEfer, read_msr(kMsrEfer) | kEferSyscallEnable);
  write_msr(kMsrStar, (static_cast<uint64_t>(kSysretBaseSelector) << 48) |
                          (static_cast<uint64_t>(kKernelCodeSelector) << 32));
  write_msr(kMsrLstar, reinterpret_cast<uint64_t>(&syscall_entry));
  write_msr(kMsrSfmask, kSyscallFlagMask);
}

}  // namespace

void init_cpu() {
  CpuidResult leaf1 = cpuid(1);
  CpuidResult extended = cpuid(0x8000'0000).eax >= 0x8000'0001 ? cpuid(0x8000'0001) : CpuidResult{};
  require(extended.edx & kCpuidExt1EdxNx, "NX (no-execute pages, needed for W^X)");
  require(extended.edx & kCpuidExt1EdxSyscall, "SYSCALL/SYSRET");
  require((leaf1.edx & kCpuid1EdxSse2) && (leaf1.edx & kCpuid1EdxFxsr), "SSE2/FXSR");
  require(leaf1.ecx & kCpuid1EcxRdrand, "RDRAND (the only source of randomness the kernel trusts)");
  enable_vector_state(leaf1);
  enable_supervisor_protections();
  enable_syscall();
}

uint32_t hardware_capabilities() { return cpuid(1).edx; }

uint64_t random_u64() {
  // Intel's guidance: 10 retries make a failure from an exhausted-but-healthy DRNG negligible.
  constexpr int kAttempts = 10;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    uint64_t value = 0;
    if (rdrand64(&value)) return value;
  }
  panic("RDRAND returned no random data after %d attempts", kAttempts);
}

}  // namespace kernel::x86
