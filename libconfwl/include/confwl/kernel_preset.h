// A kernel preset as installed next to its kernel (share/confwl/kernel/<preset>.yaml, from
// kernel-config/): the default syscall allowlist the sealer starts from.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "confwl/boot_config.h"
#include "confwl/manifest.h"
#include "confwl/result.h"

namespace confwl {

struct KernelPreset {
  std::string name;
  std::string description;
  std::vector<std::string> syscalls;  // Linux x86-64 names, the default allowlist
};

// Reads name, description and syscalls (other keys belong to the kernel build and are skipped).
// Errors read `FILE:LINE:COLUMN: FIELD: what was expected`; unknown syscall names are errors.
Result<KernelPreset> parse_kernel_preset(std::string_view yaml_text, std::string_view file_name);

// The workload's allowlist: the preset's syscalls, plus kernel.syscalls.allow, minus
// kernel.syscalls.deny.
Result<SyscallAllowlist> workload_allowlist(const KernelPreset& preset, const WorkloadManifest& manifest);

}  // namespace confwl
