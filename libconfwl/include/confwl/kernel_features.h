// What a ConfWL kernel ELF says it was built with (its .confwl.features section, written by the
// kernel build from the same table it dispatches from; include/confwl/abi/kernel_features.h), and
// the check that a workload asks for nothing the kernel left out.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "confwl/abi/kernel_features.h"
#include "confwl/boot_config.h"
#include "confwl/manifest.h"
#include "confwl/result.h"

namespace confwl {

struct KernelFeatures {
  uint32_t subsystems = 0;     // abi::subsystem_bit() of each subsystem compiled in
  SyscallAllowlist syscalls;     // the syscalls its dispatch table holds
  SyscallAllowlist implemented;  // the syscalls its source implements, in this preset or another

  bool has(abi::KernelSubsystem subsystem) const { return (subsystems & abi::subsystem_bit(subsystem)) != 0; }
};

// Reads the section; an error names what is missing or malformed ("the kernel has no
// .confwl.features section; ...").
Result<KernelFeatures> read_kernel_features(std::span<const std::byte> kernel_elf);

// {"core", "files", "signals"}: the names of the subsystems in `subsystems`, in KernelSubsystem order.
std::vector<std::string> subsystem_names(uint32_t subsystems);

// Why the workload cannot run on this kernel, naming the manifest field: a syscall in the
// allowlist that the kernel implements but this preset leaves out (allowing one that no preset
// implements is accepted and still fails with ENOSYS, docs/manifest.md), sealed files or a /tmp
// without the files subsystem.
std::optional<Error> check_workload_fits_kernel(const KernelFeatures& kernel, const WorkloadManifest& manifest,
                                                const SyscallAllowlist& allowlist, bool has_sealed_files);

}  // namespace confwl
