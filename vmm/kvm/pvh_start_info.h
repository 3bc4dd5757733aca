// The PVH hand-over (include/confwl/abi/pvh.h) as the kvm engine writes it: hvm_start_info at
// kStartInfoAddress and its memory map at kMemmapAddress (see kvm_layout.h).
#pragma once
#include <confwl/abi/pvh.h>
#include <confwl/result.h>

#include <cstddef>
#include <span>
#include <vector>

namespace confwl::vmm::kvm {

// The E820 map for `memory_size` bytes of RAM from address 0: low memory and [1 MiB, end).
std::vector<abi::HvmMemmapEntry> guest_memory_map(uint64_t memory_size);

// Writes hvm_start_info (version 1, no modules, no command line, no ACPI) and the memory map.
Status write_pvh_start_info(std::span<std::byte> guest_memory);

}  // namespace confwl::vmm::kvm
