#include "mm/page_table.h"

#include "arch/x86_64/cpu.h"
#include "confwl/abi/guest_layout.h"
#include "mm/physical.h"

namespace kernel {
namespace {

unsigned index_at(uint64_t virtual_address, int level) {
  return (virtual_address >> (12 + 9 * (level - 1))) & 0x1FF;
}

uint64_t* table_at(uint64_t physical) { return physical_to_virtual<uint64_t>(physical & pte::kAddressMask); }

// Intermediate entries grant everything; the leaf decides. User space gets the user bit.
uint64_t intermediate_flags(uint64_t virtual_address) {
  uint64_t flags = pte::kPresent | pte::kWritable;
  if (virtual_address < confwl::abi::kUserSpaceEnd) flags |= pte::kUser;
  return flags;
}

}  // namespace

Result<PageTable> PageTable::create() {
  uint64_t root = frames().allocate_zeroed();
  if (root == 0) return Errno::kNoMemory;
  return PageTable(root);
}

// Walks from level 4 down to leaf_level (1 for 4 KiB pages, 2 for 2 MiB), creating tables.
Result<uint64_t*> PageTable::walk_create(uint64_t virtual_address, int leaf_level) {
  uint64_t* table = table_at(root_);
  for (int level = 4; level > leaf_level; --level) {
    uint64_t& entry = table[index_at(virtual_address, level)];
    if ((entry & pte::kPresent) == 0) {
      uint64_t frame = frames().allocate_zeroed();
      if (frame == 0) return Errno::kNoMemory;
      entry = frame | intermediate_flags(virtual_address);
    }
    table = table_at(entry);
  }
  return &table[index_at(virtual_address, leaf_level)];
}

Status PageTable::map(uint64_t virtual_address, uint64_t physical, uint64_t flags) {
  uint64_t* entry = TRY(walk_create(virtual_address, 1));
  if (*entry != 0) return Errno::kExists;
  *entry = physical | flags;
  return kOk;
}

Status PageTable::map_large(uint64_t virtual_address, uint64_t physical, uint64_t flags) {
  uint64_t* entry = TRY(walk_create(virtual_address, 2));
  if (*entry & pte::kPresent) return Errno::kExists;
  *entry = physical | flags | pte::kPresent | pte::kLarge;
  return kOk;
}

uint64_t* PageTable::find(uint64_t virtual_address) const {
  uint64_t* table = table_at(root_);
  for (int level = 4; level > 1; --level) {
    uint64_t entry = table[index_at(virtual_address, level)];
    if ((entry & pte::kPresent) == 0 || (entry & pte::kLarge) != 0) return nullptr;
    table = table_at(entry);
  }
  return &table[index_at(virtual_address, 1)];
}

namespace {

// Frees the table at physical and, above level 1, every table it points to.
void free_table(uint64_t physical, int level) {
  uint64_t* table = table_at(physical);
  if (level > 1) {
    for (unsigned i = 0; i < 512; ++i) {
      if ((table[i] & pte::kPresent) && !(table[i] & pte::kLarge)) free_table(table[i], level - 1);
    }
  }
  frames().free(physical & pte::kAddressMask);
}

}  // namespace

void PageTable::release_user_half() {
  uint64_t* top = table_at(root_);
  for (unsigned i = 0; i < 256; ++i) {
    if (top[i] & pte::kPresent) free_table(top[i], 3);
  }
  frames().free(root_);
  root_ = 0;
}

uint64_t PageTable::unmap(uint64_t virtual_address) {
  uint64_t* entry = find(virtual_address);
  // A PROT_NONE page keeps its frame in a non-present entry; it is freed all the same.
  if (entry == nullptr || (*entry & pte::kAddressMask) == 0) return 0;
  uint64_t frame = *entry & pte::kAddressMask;
  *entry = 0;
  x86::invalidate_page(virtual_address);
  return frame;
}

}  // namespace kernel
