// The RAM ranges the kernel may use, from the PVH memory map the (untrusted) host provided.
// Pure logic (no hardware access) so that tests/kernel can check it on the host.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lib/result.h"
#include "confwl/abi/pvh.h"

namespace kernel {

struct PhysicalRange {
  uint64_t start;  // page aligned
  uint64_t end;    // page aligned, exclusive
};

inline constexpr uint32_t kMaxMemmapEntries = 128;
inline constexpr size_t kMaxUsableRanges = 32;
// RAM beyond this is ignored (the manifest allows at most 64 GiB, plus room for a PCI hole).
inline constexpr uint64_t kMaxPhysicalAddress = 128ull << 30;

struct UsableMemory {
  PhysicalRange ranges[kMaxUsableRanges];
  size_t count;
  uint64_t end;  // highest usable address, exclusive: the direct map covers [0, end)
};

struct BootError {
  const char* message;
};

// Checks the start info (magic, version >= 1, entry count bound) before anything is read from it.
Expected<Unit, BootError> validate_start_info(const confwl::abi::HvmStartInfo& info);

// Keeps the RAM entries (E820 type 1), page aligned inwards, clipped to [reserved_end,
// kMaxPhysicalAddress); rejects overflowing ranges. reserved_end covers the VMM's low memory, the
// kernel and the sealed image, which must never be handed out.
Expected<UsableMemory, BootError> usable_memory(const confwl::abi::HvmMemmapEntry* entries, uint32_t count,
                                                uint64_t reserved_end);

// True if one RAM entry of the map covers [start, end): the sealed image must be in RAM.
bool ram_covers(const confwl::abi::HvmMemmapEntry* entries, uint32_t count, uint64_t start, uint64_t end);

}  // namespace kernel
