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

Expected<Blob, BootError> find_workload(const uint8_t* block, const abi::BootConfigHeader& header) {
  Blob workload{};
  bool found = false;
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
    if (blob.kind != static_cast<uint32_t>(abi::BlobKind::kWorkloadElf)) return BootError{"boot config: unknown blob kind"};
    if (found) return BootError{"boot config: more than one workload ELF blob"};
    if (blob.size == 0) return BootError{"boot config: the workload ELF blob is empty"};
    workload = Blob{blob.guest_address, blob.size};
    found = true;
  }
  if (!found) return BootError{"boot config: no workload ELF blob"};
  return workload;
}

Expected<Unit, BootError> check_bounds(const abi::BootConfigHeader& header) {
  if (header.argc == 0 || header.argc > abi::kBootConfigMaxArgs) return BootError{"boot config: argc must be 1..256"};
  if (header.envc > abi::kBootConfigMaxEnv) return BootError{"boot config: envc must be 0..256"};
  if (header.blob_count > abi::kBootConfigMaxBlobs) return BootError{"boot config: blob_count must be 0..16"};
  if ((header.flags & ~kKnownFlags) != 0) return BootError{"boot config: unknown flags are set"};
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
    return BootError{"boot config: total_size must be 64..65536 bytes"};
  }
  if (header.version != abi::kBootConfigVersion) return BootError{"boot config: unsupported version (expected 1)"};
  if (auto bounds = check_bounds(header); !bounds.ok()) return bounds.error();

  const char* strings = reinterpret_cast<const char*>(block + header.strings_offset);
  if (auto checked = check_strings(strings, header.strings_size, header.argc + header.envc); !checked.ok()) {
    return checked.error();
  }
  auto workload = find_workload(block, header);
  if (!workload.ok()) return workload.error();
  return BootConfig{
      .memory_size = header.memory_size,
      .image_end = header.image_end,
      .flags = header.flags,
      .argc = header.argc,
      .envc = header.envc,
      .strings = strings,
      .strings_size = header.strings_size,
      .workload = workload.value(),
  };
}

}  // namespace kernel
