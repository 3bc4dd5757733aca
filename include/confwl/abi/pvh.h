// The PVH boot ABI, as Xen defines it and QEMU, Firecracker and Cloud Hypervisor implement it.
// Source: xen/include/public/arch-x86/hvm/start_info.h and xen/include/public/elfnote.h.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace confwl::abi {

// elfnote.h: an ELF note named "Xen" of this type holds the 32-bit physical entry point.
inline constexpr uint32_t kXenElfNotePhys32Entry = 18;
inline constexpr char kXenElfNoteName[] = "Xen";

// start_info.h: the loader passes the physical address of this structure in %ebx.
inline constexpr uint32_t kHvmStartMagic = 0x336ec578;

struct [[gnu::packed]] HvmStartInfo {
  uint32_t magic;           // kHvmStartMagic
  uint32_t version;         // 0 or 1; memmap fields exist from version 1
  uint32_t flags;
  uint32_t nr_modules;
  uint64_t modlist_paddr;
  uint64_t cmdline_paddr;
  uint64_t rsdp_paddr;
  uint64_t memmap_paddr;    // version >= 1
  uint32_t memmap_entries;  // version >= 1
  uint32_t reserved;
};
static_assert(sizeof(HvmStartInfo) == 56);
static_assert(offsetof(HvmStartInfo, memmap_paddr) == 40);
static_assert(offsetof(HvmStartInfo, memmap_entries) == 48);

// start_info.h: memory map entry, E820 types.
struct [[gnu::packed]] HvmMemmapEntry {
  uint64_t addr;
  uint64_t size;
  uint32_t type;
  uint32_t reserved;
};
static_assert(sizeof(HvmMemmapEntry) == 24);

inline constexpr uint32_t kE820Ram = 1;

}  // namespace confwl::abi
