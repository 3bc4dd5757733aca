// The memory map of an IGVM launch (EBX 0 at the PVH entry: no hvm_start_info): the loader's
// IGVM_VHS_MEMORY_MAP_ENTRY array at abi::kIgvmMemoryMapGpa, turned into the E820 entries the rest
// of boot uses. Pure logic over a copy the caller made, so tests/kernel checks it on the host.
#pragma once
#include <stdint.h>

#include "boot/memory_map.h"
#include "confwl/abi/igvm_memory_map.h"

namespace kernel {

// Reads entries up to the terminator (number_of_pages 0), at most kMaxMemmapEntries;
// MEMORY becomes E820 RAM, every other type reserved. Returns the number written to `out`
// (capacity kMaxMemmapEntries).
Expected<uint32_t, BootError> igvm_memory_map(const confwl::abi::IgvmMemoryMapEntry* entries,
                                              confwl::abi::HvmMemmapEntry* out);

}  // namespace kernel
