#include "pvh_start_info.h"

#include <cstring>

#include "guest_memory.h"
#include "kvm_layout.h"

namespace confwl::vmm::kvm {

std::vector<abi::HvmMemmapEntry> guest_memory_map(uint64_t memory_size) {
  std::vector<abi::HvmMemmapEntry> map;
  map.push_back({0, kLowMemoryEnd, abi::kE820Ram, 0});
  if (memory_size > abi::kVmmScratchEnd)
    map.push_back({abi::kVmmScratchEnd, memory_size - abi::kVmmScratchEnd, abi::kE820Ram, 0});
  return map;
}

Status write_pvh_start_info(std::span<std::byte> guest_memory) {
  const std::vector<abi::HvmMemmapEntry> map = guest_memory_map(guest_memory.size());
  static_assert(kMemmapMaxEntries >= 2);
  abi::HvmStartInfo info{};
  info.magic = abi::kHvmStartMagic;
  info.version = 1;
  info.memmap_paddr = kMemmapAddress;
  info.memmap_entries = static_cast<uint32_t>(map.size());
  if (Status status = write_guest(guest_memory, kMemmapAddress, std::as_bytes(std::span(map)), "the PVH memory map");
      !status)
    return status;
  return write_guest(guest_memory, kStartInfoAddress, std::as_bytes(std::span(&info, 1)), "hvm_start_info");
}

}  // namespace confwl::vmm::kvm
