// What a kernel ELF was built with: its subsystems and the syscalls its dispatch table holds. The
// kernel build writes it into the ELF section kKernelFeaturesSection, generated from the same table
// the kernel dispatches from; the sealer reads it to refuse a manifest that asks for more than the
// kernel has (kernel.syscalls.allow of a syscall compiled out, files: for a kernel without files).
// The section is not loaded, so it is not measured: it describes the kernel, the dispatch table in
// the measured segments is what runs.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "confwl/abi/boot_config.h"

namespace confwl::abi {

inline constexpr char kKernelFeaturesSection[] = ".confwl.features";
inline constexpr uint64_t kKernelFeaturesMagic = 0x3146'4b4c'5746'4e43;  // "CNFWLKF1"
inline constexpr uint32_t kKernelFeaturesVersion = 1;

// The parts a preset (kernel-config/<preset>.yaml, `subsystems:`) compiles in. kCore is in every
// kernel: the console, anonymous memory, clocks, process identity and the hostcall channel.
enum class KernelSubsystem : uint32_t {
  kCore = 0,
  kFiles = 1,        // sealed files, /dev, /proc/self/exe, the RAM /tmp, descriptors beyond stdio
  kAttestation = 2,  // /dev/attestation (needs kFiles)
  kThreads = 3,      // clone of threads, futex, the preemption timer
  kSignals = 4,      // handlers, masks, waits and kill (default actions are core)
  kProcesses = 5,    // fork, execve, wait, pipes, process groups (needs kFiles, kThreads, kSignals)
};
inline constexpr uint32_t kKernelSubsystemCount = 6;
// Indexed by KernelSubsystem: the names the preset YAML and messages use.
inline constexpr const char* kKernelSubsystemNames[kKernelSubsystemCount] = {
    "core", "files", "attestation", "threads", "signals", "processes"};

constexpr uint32_t subsystem_bit(KernelSubsystem subsystem) { return 1u << static_cast<uint32_t>(subsystem); }

struct [[gnu::packed]] KernelFeatures {
  uint64_t magic;       // kKernelFeaturesMagic
  uint32_t version;     // kKernelFeaturesVersion
  uint32_t subsystems;  // subsystem_bit() of each compiled-in subsystem
  // Bit n (word n / 64, bit n % 64): the dispatch table holds Linux x86-64 syscall n.
  uint64_t syscalls[kSyscallAllowlistWords];
  // The same bitmap for every syscall the kernel's source implements in any subsystem, so that
  // the sealer can tell "left out of this preset" from "not implemented at all".
  uint64_t implemented[kSyscallAllowlistWords];
};
static_assert(sizeof(KernelFeatures) == 16 + 16 * kSyscallAllowlistWords);
static_assert(offsetof(KernelFeatures, subsystems) == 12);
static_assert(offsetof(KernelFeatures, syscalls) == 16);
static_assert(offsetof(KernelFeatures, implemented) == 16 + 8 * kSyscallAllowlistWords);

}  // namespace confwl::abi
