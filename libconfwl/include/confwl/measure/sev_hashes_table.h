// The SEV hashes table QEMU writes into OVMF's SNP_KERNEL_HASHES page for measured direct boot
// (-kernel/-initrd/-append with an SEV guest): QEMU target/i386/sev.c, struct SevHashTable, and
// OVMF's BlobVerifierLibSevHashes, which checks the blobs against it. SHA-256, packed, then padded
// to a multiple of 16 bytes.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "confwl/measure/guid.h"
#include "confwl/measure/page_hasher.h"
#include "confwl/result.h"

namespace confwl::measure {

inline constexpr Guid kSevHashTableHeaderGuid = guid("9438d606-4f22-4cc9-b479-a793d411fd21");
inline constexpr Guid kSevKernelEntryGuid = guid("4de79437-abd2-427f-b835-d5b172d2045b");
inline constexpr Guid kSevInitrdEntryGuid = guid("44baf731-3a2f-4bd7-9af1-41e29169781d");
inline constexpr Guid kSevCmdlineEntryGuid = guid("97d02dd8-bd20-4c94-aa78-e7714d36ab2a");

struct [[gnu::packed]] SevHashTableEntry {
  Guid guid;
  uint16_t length;  // sizeof(SevHashTableEntry)
  uint8_t hash[32]; // SHA-256
};
static_assert(sizeof(SevHashTableEntry) == 50);

struct [[gnu::packed]] SevHashTable {
  Guid guid;        // kSevHashTableHeaderGuid
  uint16_t length;  // sizeof(SevHashTable), before padding
  SevHashTableEntry cmdline, initrd, kernel;
};
static_assert(sizeof(SevHashTable) == 168);
static_assert(offsetof(SevHashTable, cmdline) == 18);
static_assert(offsetof(SevHashTable, kernel) == 118);

inline constexpr size_t kSevHashTablePaddedSize = (sizeof(SevHashTable) + 15) & ~size_t{15};

struct DirectBoot {
  std::span<const std::byte> kernel;
  std::span<const std::byte> initrd;  // empty when there is none: QEMU hashes ""
  std::optional<std::string> append;  // QEMU hashes the command line plus its NUL, or "\0" alone
};

// The table at `offset_in_page` of an otherwise zero page.
Result<std::array<std::byte, kPageSize>> sev_hashes_page(const DirectBoot& boot, uint64_t offset_in_page);

}  // namespace confwl::measure
