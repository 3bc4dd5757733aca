#include "process/signal_fpu.h"

#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "process/signal_layout.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

constexpr uint64_t kCr4Osxsave = 1u << 18;
constexpr uint64_t kMxcsrOffset = 24, kMxcsrMaskOffset = 28;
constexpr uint32_t kMxcsrDefaultMask = 0xFFBF;  // SDM Vol. 1, 11.6.6: when MXCSR_MASK reads 0
constexpr uint16_t kFcwInitial = 0x037F;
constexpr uint32_t kMxcsrInitial = 0x1F80;
constexpr uint64_t kXsaveHeaderSize = 64;
constexpr uint64_t kImageCapacity = 4096;

// One CPU and no preemption in the kernel: one staging buffer serves every save and restore.
alignas(64) uint8_t image[kImageCapacity];

bool uses_xsave() { return (x86::read_cr4() & kCr4Osxsave) != 0; }

uint64_t enabled_features() {
  uint32_t low, high;
  asm volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return (static_cast<uint64_t>(high) << 32) | low;
}

// XSAVE area size for the features enabled in XCR0 (CPUID.(EAX=0DH,ECX=0):EBX).
uint64_t xstate_size() {
  static uint64_t size = x86::cpuid(0xD, 0).ebx;  // fixed once XCR0 is set at boot
  return size;
}

void save_live_state() {
  if (uses_xsave()) {
    asm volatile("xsave64 (%0)" : : "r"(image), "a"(~0u), "d"(~0u) : "memory");
  } else {
    asm volatile("fxsave64 (%0)" : : "r"(image) : "memory");
  }
}

void load_image() {
  if (uses_xsave()) {
    asm volatile("xrstor64 (%0)" : : "r"(image), "a"(~0u), "d"(~0u) : "memory");
  } else {
    asm volatile("fxrstor64 (%0)" : : "r"(image) : "memory");
  }
}

uint32_t mxcsr_mask() {
  static uint32_t mask = 0;
  if (mask == 0) {
    alignas(16) uint8_t probe[kFxsaveSize] = {};
    asm volatile("fxsave64 (%0)" : : "r"(probe) : "memory");
    memcpy(&mask, probe + kMxcsrMaskOffset, sizeof mask);
    if (mask == 0) mask = kMxcsrDefaultMask;
  }
  return mask;
}

// Makes the staged image safe to load: FXRSTOR and XRSTOR fault (#GP) on reserved MXCSR bits, on
// XSTATE_BV bits outside XCR0 and on a compacted or non-zero rest of the XSAVE header.
void sanitize_image() {
  uint32_t mxcsr = 0;
  memcpy(&mxcsr, image + kMxcsrOffset, sizeof mxcsr);
  mxcsr &= mxcsr_mask();
  memcpy(image + kMxcsrOffset, &mxcsr, sizeof mxcsr);
  if (!uses_xsave()) return;
  uint64_t xstate_bv = 0;
  memcpy(&xstate_bv, image + kXsaveHeaderOffset, sizeof xstate_bv);
  xstate_bv &= enabled_features();
  memset(image + kXsaveHeaderOffset, 0, kXsaveHeaderSize);
  memcpy(image + kXsaveHeaderOffset, &xstate_bv, sizeof xstate_bv);
}

}  // namespace

bool signal_fpstate_is_xsave() { return uses_xsave(); }

uint64_t signal_fpstate_size() { return uses_xsave() ? xstate_size() + sizeof(uint32_t) : kFxsaveSize; }

Status save_fpu_to_user(uint64_t address) {
  uint64_t size = uses_xsave() ? xstate_size() : kFxsaveSize;
  if (size > kImageCapacity - sizeof(uint32_t)) return Errno::kFault;
  // The staging buffer last held some process's image; XSAVE leaves reserved bytes untouched.
  memset(image, 0, size + sizeof(uint32_t));
  save_live_state();
  if (!uses_xsave()) return copy_to_user(address, image, kFxsaveSize);
  FpxSwBytes software{kFpXstateMagic1, static_cast<uint32_t>(size + sizeof(uint32_t)), enabled_features(),
                      static_cast<uint32_t>(size), {}};
  memcpy(image + kFpxSwBytesOffset, &software, sizeof software);
  memcpy(image + size, &kFpXstateMagic2, sizeof kFpXstateMagic2);
  return copy_to_user(address, image, size + sizeof(uint32_t));
}

void reset_fpu() {
  memset(image, 0, uses_xsave() ? xstate_size() : kFxsaveSize);
  memcpy(image, &kFcwInitial, sizeof kFcwInitial);
  memcpy(image + kMxcsrOffset, &kMxcsrInitial, sizeof kMxcsrInitial);
  load_image();  // XSTATE_BV 0: every component in its initial state
}

Status restore_fpu_from_user(uint64_t address) {
  if (address == 0) {
    reset_fpu();
    return kOk;
  }
  uint64_t size = uses_xsave() ? xstate_size() : kFxsaveSize;
  if (size > kImageCapacity) return Errno::kFault;
  TRY(copy_from_user(image, address, size));
  sanitize_image();
  load_image();
  return kOk;
}

}  // namespace kernel
