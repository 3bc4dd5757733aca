#include "boot/memory_map.h"

#include "confwl/abi/guest_layout.h"
#include "lib/checked.h"

namespace kernel {

using confwl::abi::HvmMemmapEntry;
using confwl::abi::HvmStartInfo;

Expected<Unit, BootError> validate_start_info(const HvmStartInfo& info) {
  if (info.magic != confwl::abi::kHvmStartMagic) return BootError{"hvm_start_info: bad magic (expected 0x336ec578)"};
  if (info.version < 1) return BootError{"hvm_start_info: version 0 has no memory map (expected version >= 1)"};
  if (info.memmap_entries == 0) return BootError{"hvm_start_info: the memory map is empty"};
  if (info.memmap_entries > kMaxMemmapEntries) return BootError{"hvm_start_info: more than 128 memory map entries"};
  uint64_t table_size = static_cast<uint64_t>(info.memmap_entries) * sizeof(HvmMemmapEntry);
  if (!range_within(info.memmap_paddr, table_size, confwl::abi::kVmmScratchEnd)) {
    return BootError{"hvm_start_info: the memory map does not lie below 1 MiB"};
  }
  return kOk;
}

Expected<UsableMemory, BootError> usable_memory(const HvmMemmapEntry* entries, uint32_t count,
                                                uint64_t reserved_end) {
  UsableMemory memory{};
  for (uint32_t i = 0; i < count; ++i) {
    const HvmMemmapEntry& entry = entries[i];
    uint64_t end = 0;
    if (!checked_add(entry.addr, entry.size, &end)) return BootError{"memory map: an entry's address + size overflows"};
    if (entry.type != confwl::abi::kE820Ram) continue;
    uint64_t start = 0;
    if (!checked_align_up(entry.addr, confwl::abi::kPageSize, &start)) continue;
    end = align_down(end, confwl::abi::kPageSize);
    if (start < reserved_end) start = reserved_end;
    if (end > kMaxPhysicalAddress) end = kMaxPhysicalAddress;
    if (start >= end) continue;
    for (size_t j = 0; j < memory.count; ++j) {
      if (start < memory.ranges[j].end && memory.ranges[j].start < end) {
        return BootError{"memory map: RAM entries overlap"};
      }
    }
    if (memory.count == kMaxUsableRanges) return BootError{"memory map: more than 32 RAM ranges"};
    memory.ranges[memory.count++] = PhysicalRange{start, end};
    if (end > memory.end) memory.end = end;
  }
  if (memory.count == 0) return BootError{"memory map: no RAM above the sealed image"};
  return memory;
}

bool ram_covers(const HvmMemmapEntry* entries, uint32_t count, uint64_t start, uint64_t end) {
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t entry_end = 0;
    if (entries[i].type != confwl::abi::kE820Ram || !checked_add(entries[i].addr, entries[i].size, &entry_end)) continue;
    if (entries[i].addr <= start && end <= entry_end) return true;
  }
  return false;
}

}  // namespace kernel
