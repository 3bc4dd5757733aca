// The memory map an IGVM loader writes for IGVM_VHT_MEMORY_MAP into NAME.igvm's parameter area at
// kIgvmMemoryMapGpa (guest_layout.h): IGVM_VHS_MEMORY_MAP_ENTRY (igvm_defs, github.com/microsoft/igvm),
// sorted, ended by an entry with number_of_pages 0. Written by the host: untrusted.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace confwl::abi {

// MemoryMapEntryType: MEMORY (RAM), PLATFORM_RESERVED, PERSISTENT, VTL2_PROTECTABLE.
inline constexpr uint16_t kIgvmMemoryMapMemory = 0x0;

struct [[gnu::packed]] IgvmMemoryMapEntry {
  uint64_t starting_gpa_page_number;
  uint64_t number_of_pages;
  uint16_t entry_type;
  uint16_t flags;
  uint32_t reserved;
};
static_assert(sizeof(IgvmMemoryMapEntry) == 24);
static_assert(offsetof(IgvmMemoryMapEntry, number_of_pages) == 8);
static_assert(offsetof(IgvmMemoryMapEntry, entry_type) == 16);
static_assert(offsetof(IgvmMemoryMapEntry, flags) == 18);
static_assert(offsetof(IgvmMemoryMapEntry, reserved) == 20);

// The parameter area is one page.
inline constexpr size_t kIgvmMemoryMapCapacity = 4096 / sizeof(IgvmMemoryMapEntry);

}  // namespace confwl::abi
