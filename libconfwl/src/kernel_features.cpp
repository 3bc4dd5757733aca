#include "confwl/kernel_features.h"

#include <cstring>

#include "confwl/linux_syscalls.h"
#include "elf_reader.h"

namespace confwl {
namespace {

Error features_error(std::string what) { return Error{"the kernel " + std::move(what)}; }

std::string kernel_description(const KernelFeatures& kernel, const WorkloadManifest& manifest) {
  std::string names;
  for (const std::string& name : subsystem_names(kernel.subsystems)) names += (names.empty() ? "" : ", ") + name;
  return "kernel preset '" + manifest.kernel_preset + "' (subsystems: " + names + ")";
}

}  // namespace

Result<KernelFeatures> read_kernel_features(std::span<const std::byte> kernel_elf) {
  std::variant<elf::Reader, elf::Defect> opened = elf::Reader::open(kernel_elf);
  if (const auto* defect = std::get_if<elf::Defect>(&opened)) return features_error("is unusable: " + defect->detail);
  auto found = std::get<elf::Reader>(opened).section(abi::kKernelFeaturesSection);
  if (const auto* defect = std::get_if<elf::Defect>(&found)) return features_error("is unusable: " + defect->detail);
  const std::optional<std::span<const std::byte>>& bytes = std::get<0>(found);
  const std::string section = abi::kKernelFeaturesSection;
  if (!bytes)
    return features_error("has no " + section + " section; expected a ConfWL kernel that says which subsystems and syscalls it has");
  abi::KernelFeatures raw;
  if (bytes->size() != sizeof raw)
    return features_error("has a " + section + " section of " + std::to_string(bytes->size()) + " bytes, expected " +
                          std::to_string(sizeof raw));
  std::memcpy(&raw, bytes->data(), sizeof raw);
  if (raw.magic != abi::kKernelFeaturesMagic) return features_error("has a " + section + " section without its magic");
  if (raw.version != abi::kKernelFeaturesVersion)
    return features_error("has a " + section + " section of version " + std::to_string(raw.version) +
                          ", expected " + std::to_string(abi::kKernelFeaturesVersion));
  if (raw.subsystems >> abi::kKernelSubsystemCount != 0 || !(raw.subsystems & abi::subsystem_bit(abi::KernelSubsystem::kCore)))
    return features_error("has a " + section + " section naming unknown subsystems or lacking core");
  KernelFeatures features{raw.subsystems, {}, {}};
  for (uint32_t number = 0; number < abi::kSyscallAllowlistBits; ++number) {
    features.syscalls[number] = (raw.syscalls[number / 64] >> (number % 64)) & 1;
    features.implemented[number] = (raw.implemented[number / 64] >> (number % 64)) & 1;
  }
  if ((features.syscalls & ~features.implemented).any())
    return features_error("has a " + section + " section whose dispatch table holds syscalls it does not implement");
  return features;
}

std::vector<std::string> subsystem_names(uint32_t subsystems) {
  std::vector<std::string> names;
  for (uint32_t index = 0; index < abi::kKernelSubsystemCount; ++index)
    if (subsystems & (1u << index)) names.emplace_back(abi::kKernelSubsystemNames[index]);
  return names;
}

std::optional<Error> check_workload_fits_kernel(const KernelFeatures& kernel, const WorkloadManifest& manifest,
                                                const SyscallAllowlist& allowlist, bool has_sealed_files) {
  // The preset's own list is checked against the kernel when the kernel is built, so a syscall
  // missing here came from kernel.syscalls.allow.
  const SyscallAllowlist missing = allowlist & kernel.implemented & ~kernel.syscalls;
  for (uint32_t number = 0; number < missing.size(); ++number) {
    if (!missing[number]) continue;
    return Error{"kernel.syscalls.allow: " + syscall_label(number) + " is not compiled into " +
                 kernel_description(kernel, manifest) + "; expected a kernel.preset whose subsystems include it"};
  }
  const bool files = kernel.has(abi::KernelSubsystem::kFiles);
  if (has_sealed_files && !files)
    return Error{"files: " + kernel_description(kernel, manifest) +
                 " has no files subsystem to hold them; expected a kernel.preset with files"};
  if (manifest.tmp_bytes != 0 && !files)
    return Error{"storage.tmp: " + kernel_description(kernel, manifest) +
                 " has no files subsystem for a /tmp; expected a kernel.preset with files"};
  return std::nullopt;
}

}  // namespace confwl
