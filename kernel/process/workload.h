// A process's address space (Linux's mm): its page table, its regions and its program break.
// process/process.h owns the pool; a vfork child shares its parent's until it execs or exits.
#pragma once
#include <stdint.h>

#include "confwl/abi/guest_layout.h"
#include "mm/address_space.h"

namespace kernel {

// User address space layout (virtual). The stack sits at the top of user space with an unmapped
// guard gap below it; mmap allocates downwards from below that gap; brk grows upwards from the end
// of the ELF image and may not reach kHeapMaximum bytes.
inline constexpr uint64_t kStackTop = confwl::abi::kUserSpaceEnd;
inline constexpr uint64_t kStackSize = confwl::abi::kUserStackSize;
inline constexpr uint64_t kStackBottom = kStackTop - kStackSize;
inline constexpr uint64_t kStackGuard = confwl::abi::kUserStackGuard;
inline constexpr uint64_t kMmapCeiling = confwl::abi::kUserLoadCeiling;
static_assert(kMmapCeiling == kStackBottom - kStackGuard);
inline constexpr uint64_t kHeapMaximum = 64ull << 30;

struct Workload {
  PageTable table;          // lower half: this space; upper half: the kernel's entries
  AddressSpace memory;
  uint64_t heap_start = 0;  // page aligned end of the ELF image
  uint64_t brk = 0;         // current program break (not page aligned)
  uint32_t users = 0;       // processes using it; 0 = free slot
};

// The current process's address space.
Workload& workload();

}  // namespace kernel
