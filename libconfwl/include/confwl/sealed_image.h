// The sealed image NAME.confwl: a PVH-bootable ELF64 holding the kernel's PT_LOAD segments, the
// boot config at abi::kBootConfigAddress and the workload ELF from abi::kBlobsBase, in ascending
// guest-physical order, with the kernel's Xen PHYS32_ENTRY note. See docs and DESIGN.md.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "confwl/boot_config.h"
#include "confwl/manifest.h"
#include "confwl/result.h"
#include "confwl/sealed_files.h"
#include "confwl/sha384.h"

namespace confwl {

enum class SegmentRole { kKernel, kBootConfig, kWorkload, kSealedFiles };

// "kernel", "boot-config", "workload", "sealed-files": the names the JSON manifest and `inspect` use.
std::string_view segment_role_name(SegmentRole role);

struct SegmentInfo {
  SegmentRole role;
  uint64_t guest_address;  // p_paddr
  uint64_t file_size;      // bytes in the image (p_filesz)
  uint64_t memory_size;    // bytes in guest memory, the rest zero (p_memsz)
  Sha384 sha384;           // of the file_size bytes (zero when parsed with Digests::kSkip)
  uint64_t file_offset;    // where those bytes start in the image file (p_offset)
};

struct SealedImage {
  std::vector<SegmentInfo> segments;  // PT_LOAD segments, ascending guest address
  BootConfig boot_config;
  Sha384 image_sha384;  // of the whole file (zero when parsed with Digests::kSkip)
  uint64_t image_size;  // bytes of the whole file
  uint32_t pvh_entry;   // 32-bit physical entry point (also e_entry)
  std::vector<SealedFileEntry> files;  // listed from the sealed-files blob; empty without one
};

struct SealOutput {
  std::vector<std::byte> bytes;    // the NAME.confwl file
  SealedImage image;               // what parse_sealed_image(bytes) reads back
  uint32_t kernel_subsystems = 0;  // what the kernel compiles in (confwl/kernel_features.h)
};

// What the sealer adds beyond the manifest, computed from files the caller has read.
struct SealAdditions {
  // kernel_preset.h's workload_allowlist(); without it every bit is set, i.e. the kernel allows
  // what its preset compiles in.
  std::optional<SyscallAllowlist> syscall_allowlist;
  std::span<const std::byte> sealed_files;  // build_sealed_files_archive(); empty: no files
};

// Seals a kernel (an ELF with a Xen PHYS32_ENTRY note whose PT_LOADs lie in
// [abi::kKernelPhysicalBase, abi::kKernelPhysicalLimit)), the manifest and a static workload ELF
// into an image. Identical inputs give identical bytes.
Result<SealOutput> seal_image(std::span<const std::byte> kernel_elf, const WorkloadManifest& manifest,
                              std::span<const std::byte> workload_elf, const SealAdditions& additions = {});

// Validates an image file: ELF checks, the PVH note, every segment's place and the boot config.
// Errors start with "not a ConfWL image: " or "truncated: ". With Digests::kSkip the checks are
// the same and every digest is left zero (sealed_files.h).
Result<SealedImage> parse_sealed_image(std::span<const std::byte> image, Digests digests = Digests::kCompute);

}  // namespace confwl
