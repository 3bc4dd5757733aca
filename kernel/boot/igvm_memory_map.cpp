#include "boot/igvm_memory_map.h"

#include "confwl/abi/guest_layout.h"
#include "lib/checked.h"

namespace kernel {

namespace abi = confwl::abi;

constexpr uint32_t kE820Reserved = 2;

Expected<uint32_t, BootError> igvm_memory_map(const abi::IgvmMemoryMapEntry* entries, abi::HvmMemmapEntry* out) {
  static_assert(kMaxMemmapEntries < abi::kIgvmMemoryMapCapacity);
  for (uint32_t i = 0; i < kMaxMemmapEntries; ++i) {
    const abi::IgvmMemoryMapEntry& entry = entries[i];
    if (entry.number_of_pages == 0) {
      if (i == 0) return BootError{"IGVM memory map: empty"};
      return i;
    }
    uint64_t address = 0, size = 0, end = 0;
    if (!checked_mul(entry.starting_gpa_page_number, abi::kPageSize, &address) ||
        !checked_mul(entry.number_of_pages, abi::kPageSize, &size) || !checked_add(address, size, &end)) {
      return BootError{"IGVM memory map: an entry's address + size overflows"};
    }
    const uint32_t type = entry.entry_type == abi::kIgvmMemoryMapMemory ? abi::kE820Ram : kE820Reserved;
    out[i] = abi::HvmMemmapEntry{address, size, type, 0};
  }
  return BootError{"IGVM memory map: more than 128 entries"};
}

}  // namespace kernel
