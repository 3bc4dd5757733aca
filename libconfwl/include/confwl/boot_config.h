// The boot config block (include/confwl/abi/boot_config.h) as a C++ value: encode for the sealer,
// decode (with every bound checked) for inspect, run and tests.
#pragma once
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "confwl/abi/boot_config.h"
#include "confwl/result.h"

namespace confwl {

struct BlobInfo {
  abi::BlobKind kind = abi::BlobKind::kWorkloadElf;
  uint64_t guest_address = 0;  // page aligned, >= abi::kBlobsBase
  uint64_t size = 0;           // content bytes

  bool operator==(const BlobInfo&) const = default;
};

// Bit n allows Linux x86-64 syscall n (abi::BootConfigHeader::syscall_allowlist).
using SyscallAllowlist = std::bitset<abi::kSyscallAllowlistBits>;

struct BootConfig {
  uint64_t memory_size = 0;  // bytes of guest RAM
  uint64_t image_end = 0;    // first guest-physical address past the image, page aligned
  bool runtime_args = false; // abi::kBootFlagRuntimeArgs
  std::vector<std::string> argv;  // argv[0] is the workload's name
  std::vector<std::string> envp;  // "KEY=VALUE"
  std::vector<BlobInfo> blobs;   // one kWorkloadElf, at most one kSealedFiles
  uint64_t tmpfs_size = 0;        // bytes of RAM /tmp; 0 = no /tmp; <= memory_size
  abi::SyscallPolicy syscall_policy = abi::SyscallPolicy::kDeny;
  SyscallAllowlist syscall_allowlist;  // the kernel allows (this AND what it implements)

  bool operator==(const BootConfig&) const = default;
};

// Header, then blob descriptors, then the argv and envp strings; fails when a string holds a NUL,
// a count exceeds the ABI bounds or the block would exceed abi::kBootConfigMaxSize.
Result<std::vector<std::byte>> encode_boot_config(const BootConfig& config);

// Checks magic, then total size, then version, then flags, counts, offsets, strings and blobs.
Result<BootConfig> decode_boot_config(std::span<const std::byte> bytes);

}  // namespace confwl
