// The subsystems this kernel's preset compiles in (kernel-config/<preset>.yaml, `subsystems:`),
// as compile-time constants. Only the per-preset sources (kernel_preset_sources in
// kernel/CMakeLists.txt) can include this: the generated list is on their include path alone, so
// a shared object cannot silently bake one preset's answer into every kernel.
#pragma once
#include <stdint.h>

#include "confwl/abi/kernel_features.h"
#include "lib/string.h"

namespace kernel {

namespace preset_detail {

constexpr const char* kSubsystemNames[] = {
#include "preset_subsystems.inc"
};

consteval uint32_t subsystem_bits() {
  uint32_t bits = 0;
  for (const char* name : kSubsystemNames) {
    for (uint32_t index = 0; index < confwl::abi::kKernelSubsystemCount; ++index) {
      if (strings_equal(name, confwl::abi::kKernelSubsystemNames[index])) bits |= 1u << index;
    }
  }
  return bits;
}

}  // namespace preset_detail

inline constexpr uint32_t kPresetSubsystems = preset_detail::subsystem_bits();

constexpr bool preset_has(confwl::abi::KernelSubsystem subsystem) {
  return (kPresetSubsystems & confwl::abi::subsystem_bit(subsystem)) != 0;
}

// The questions the per-preset sources ask, by name.
inline constexpr bool kPresetHasFiles = preset_has(confwl::abi::KernelSubsystem::kFiles);
inline constexpr bool kPresetHasAttestation = preset_has(confwl::abi::KernelSubsystem::kAttestation);
inline constexpr bool kPresetHasThreads = preset_has(confwl::abi::KernelSubsystem::kThreads);
inline constexpr bool kPresetHasProcesses = preset_has(confwl::abi::KernelSubsystem::kProcesses);

}  // namespace kernel
