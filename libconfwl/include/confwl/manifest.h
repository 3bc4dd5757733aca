// The workload manifest (NAME.yaml): what the author asks the sealer to put in the image.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "confwl/abi/boot_config.h"
#include "confwl/abi/guest_layout.h"
#include "confwl/result.h"

namespace confwl {

inline constexpr std::string_view kDefaultKernelPreset = "minimal";

// One entry of `files:`: a host file sealed read-only at a guest path.
struct SealedFileSpec {
  std::string guest_path;  // absolute and normalized (sealed_file_path_problem() accepts it)
  std::string host_path;   // as written: relative to the manifest's directory unless absolute
  std::string origin;      // "FILE:LINE:COLUMN: files[...]", to prefix errors about the host file

  bool operator==(const SealedFileSpec&) const = default;
};

// sev_snp: what an SEV-SNP launch of the image says about itself (docs/manifest.md). The ID block
// `confwl seal --id-key` signs carries all four; the policy is also the launch's guest policy.
struct SevSnpIdentity {
  std::array<uint8_t, 16> family_id{};  // sev_snp.family_id: 32 hex digits or up to 16 bytes of text
  std::array<uint8_t, 16> image_id{};   // sev_snp.image_id: likewise
  uint32_t guest_svn = 0;               // sev_snp.guest_svn
  uint64_t policy = 0x30000;            // sev_snp.policy; measure::kDefaultSnpPolicy
};

struct WorkloadManifest {
  std::string name;                                       // also argv[0]
  std::vector<std::string> args;                          // sealed argv[1..]
  std::vector<std::pair<std::string, std::string>> env;   // in file order, keys unique
  bool runtime_args = false;
  uint64_t memory_bytes = abi::kDefaultGuestMemory;
  std::string kernel_preset = std::string(kDefaultKernelPreset);
  std::vector<SealedFileSpec> files;           // in file order, guest paths unique
  uint64_t tmp_bytes = 0;                      // storage.tmp: RAM /tmp limit; 0 = no /tmp
  std::vector<std::string> syscalls_allow;     // kernel.syscalls.allow: added to the preset's list
  std::vector<std::string> syscalls_deny;      // kernel.syscalls.deny: removed from it
  abi::SyscallPolicy on_denied = abi::SyscallPolicy::kDeny;  // kernel.on_denied: enosys | kill
  SevSnpIdentity sev_snp;
};

// Parses manifest YAML. `file_name` only labels errors, each of which reads
// `FILE:LINE:COLUMN: FIELD: what was expected` (1-based line and column). When `known_presets`
// is not empty, kernel.preset must be one of them.
Result<WorkloadManifest> parse_manifest(std::string_view yaml_text, std::string_view file_name,
                                        std::span<const std::string> known_presets = {});

}  // namespace confwl
