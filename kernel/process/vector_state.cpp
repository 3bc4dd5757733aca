#include "process/vector_state.h"

#include "arch/x86_64/cpu.h"
#include "mm/physical.h"

namespace kernel {
namespace {

constexpr uint64_t kCr4Osxsave = 1u << 18;

bool uses_xsave() { return (x86::read_cr4() & kCr4Osxsave) != 0; }

}  // namespace

void save_vector_state(uint64_t area_frame) {
  void* area = physical_to_virtual(area_frame);
  if (uses_xsave()) {
    asm volatile("xsave64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
  } else {
    asm volatile("fxsave64 (%0)" : : "r"(area) : "memory");
  }
}

void restore_vector_state(uint64_t area_frame) {
  void* area = physical_to_virtual(area_frame);
  if (uses_xsave()) {
    asm volatile("xrstor64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
  } else {
    asm volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
  }
}

}  // namespace kernel
