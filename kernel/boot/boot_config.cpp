#include "boot/boot_config.h"

#include "confwl/abi/guest_layout.h"
#include "lib/checked.h"
#include "lib/string.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;
using Parsed = Expected<BootConfig, BootError>;

constexpr uint32_t kKnownFlags = abi::kBootFlagRuntimeArgs;

Expected<Unit, BootError> check_strings(const char* strings, uint32_t size, uint32_t count) {
  uint64_t offset = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (offset >= size) return BootError{"boot config: fewer strings than argc + envc"};
    offset += bounded_strlen(strings + offset, size - offset);
    if (offset == size) return BootError{"boot config: a string runs past strings_size without a NUL"};
    ++offset;
  }
  return kOk;
}

struct Blobs {
  Blob workload;
  Blob sealed_files;
};

Expected<Blobs, BootError> find_blobs(const uint8_t* block, const abi::BootConfigHeader& header) {
  Blobs blobs{};
  uint64_t previous_end = abi::kBlobsBase;
  for (uint32_t i = 0; i < header.blob_count; ++i) {
    abi::BlobDescriptor blob;
    memcpy(&blob, block + header.blobs_offset + i * sizeof blob, sizeof blob);
    uint64_t end = 0;
    if (!checked_add(blob.guest_address, blob.size, &end)) return BootError{"boot config: a blob's address + size overflows"};
    if (!is_aligned(blob.guest_address, abi::kPageSize) || blob.guest_address < previous_end) {
      return BootError{"boot config: blobs must be page aligned, ascending, from 0x410000"};
    }
    if (end > header.image_end) return BootError{"boot config: a blob ends past image_end"};
    previous_end = end;
    Blob* slot = nullptr;
    if (blob.kind == static_cast<uint32_t>(abi::BlobKind::kWorkloadElf)) {
      slot = &blobs.workload;
    } else if (blob.kind == static_cast<uint32_t>(abi::BlobKind::kSealedFiles)) {
      slot = &blobs.sealed_files;
    } else {
      return BootError{"boot config: unknown blob kind"};
    }
    if (slot->size != 0) return BootError{"boot config: more than one blob of a kind"};
    if (blob.size == 0) return BootError{"boot config: an empty blob"};
    *slot = Blob{blob.guest_address, blob.size};
  }
  if (blobs.workload.size == 0) return BootError{"boot config: no workload ELF blob"};
  return blobs;
}

Expected<Unit, BootError> check_bounds(const abi::BootConfigHeader& header) {
  if (header.argc == 0 || header.argc > abi::kBootConfigMaxArgs) return BootError{"boot config: argc must be 1..256"};
  if (header.envc > abi::kBootConfigMaxEnv) return BootError{"boot config: envc must be 0..256"};
  if (header.blob_count > abi::kBootConfigMaxBlobs) return BootError{"boot config: blob_count must be 0..16"};
  if ((header.flags & ~kKnownFlags) != 0) return BootError{"boot config: unknown flags are set"};
  if (header.reserved != 0 || header.reserved2 != 0) return BootError{"boot config: a reserved field is not 0"};
  if (header.syscall_policy != static_cast<uint32_t>(abi::SyscallPolicy::kDeny) &&
      header.syscall_policy != static_cast<uint32_t>(abi::SyscallPolicy::kKill)) {
    return BootError{"boot config: syscall_policy must be 0 (deny) or 1 (kill)"};
  }
  if (header.tmpfs_size > header.memory_size) return BootError{"boot config: tmpfs_size exceeds memory_size"};
  if (!is_aligned(header.image_end, abi::kPageSize) || header.image_end < abi::kBlobsBase ||
      header.image_end > abi::kMaximumGuestMemory) {
    return BootError{"boot config: image_end must be page aligned, in [0x410000, 64 GiB]"};
  }
  if (header.strings_offset < sizeof header || !range_within(header.strings_offset, header.strings_size, header.total_size)) {
    return BootError{"boot config: the string table lies outside the block"};
  }
  uint64_t blobs_size = static_cast<uint64_t>(header.blob_count) * sizeof(abi::BlobDescriptor);
  if (header.blobs_offset < sizeof header || !range_within(header.blobs_offset, blobs_size, header.total_size)) {
    return BootError{"boot config: the blob table lies outside the block"};
  }
  return kOk;
}

}  // namespace

Parsed parse_boot_config(const uint8_t* block, size_t available) {
  abi::BootConfigHeader header;
  if (available < sizeof header) return BootError{"boot config: truncated header"};
  memcpy(&header, block, sizeof header);
  if (header.magic != abi::kBootConfigMagic) return BootError{"boot config: bad magic (expected \"CWLBOOT1\")"};
  if (header.total_size < sizeof header || header.total_size > abi::kBootConfigMaxSize || header.total_size > available) {
    return BootError{"boot config: total_size must be 144..65536 bytes"};
  }
  if (header.version != abi::kBootConfigVersion) return BootError{"boot config: unsupported version (expected 2)"};
  if (auto bounds = check_bounds(header); !bounds.ok()) return bounds.error();

  const char* strings = reinterpret_cast<const char*>(block + header.strings_offset);
  if (auto checked = check_strings(strings, header.strings_size, header.argc + header.envc); !checked.ok()) {
    return checked.error();
  }
  auto blobs = find_blobs(block, header);
  if (!blobs.ok()) return blobs.error();
  BootConfig config{
      .memory_size = header.memory_size,
      .image_end = header.image_end,
      .flags = header.flags,
      .argc = header.argc,
      .envc = header.envc,
      .strings = strings,
      .strings_size = header.strings_size,
      .workload = blobs.value().workload,
      .sealed_files = blobs.value().sealed_files,
      .tmpfs_size = header.tmpfs_size,
      .syscall_policy = static_cast<abi::SyscallPolicy>(header.syscall_policy),
      .syscall_allowlist = {},
  };
  memcpy(config.syscall_allowlist, header.syscall_allowlist, sizeof config.syscall_allowlist);
  return config;
}

}  // namespace kernel
