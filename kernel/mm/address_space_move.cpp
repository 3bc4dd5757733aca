// mremap's part of the address space: a mapping grows in place when the pages above it are free,
// and moves by remapping its frames (never copying them), so realloc of a large block costs page
// table updates, not a copy of its bytes.
#include "mm/address_space.h"
#include "mm/physical.h"

namespace kernel {

const Region* AddressSpace::region_holding(uint64_t start, uint64_t end) const {
  const Region* region = find(start);
  return region != nullptr && end <= region->end ? region : nullptr;
}

Status AddressSpace::grow(uint64_t end, uint64_t new_end) {
  const Region* below = find(end - kPageSize);
  if (below == nullptr) return Errno::kFault;
  if (below->code || below->file_backed) return Errno::kInvalid;
  if (below->end != end) return Errno::kNoMemory;  // the mapping goes on above: only a move can grow it
  if (overlaps(end, new_end)) return Errno::kNoMemory;
  return add(end, new_end, below->protection, false, false);  // merges with the region below
}

Status AddressSpace::move(uint64_t from, uint64_t length, uint64_t to) {
  if (region_holding(from, from + length) == nullptr) return Errno::kFault;
  if (overlaps(to, to + length)) return Errno::kExists;
  // Two splits and the moved region need up to two more slots (the old one's slot is reused).
  if (count_ + 2 > kMaxRegions) return Errno::kNoMemory;
  // First map every page at its new address too, so a page-table allocation that fails can be
  // undone without losing a frame.
  uint64_t done = 0;
  for (; done < length; done += kPageSize) {
    const uint64_t* entry = table_->find(from + done);
    if (entry == nullptr || (*entry & pte::kAddressMask) == 0) continue;
    uint64_t value = *entry;
    // The same flags, so a PROT_NONE page stays not present (user_page_flags).
    if (!table_->map(to + done, value & pte::kAddressMask, value & ~pte::kAddressMask).ok()) break;
  }
  if (done < length) {
    for (uint64_t undo = 0; undo < done; undo += kPageSize) table_->unmap(to + undo);
    return Errno::kNoMemory;
  }
  for (uint64_t offset = 0; offset < length; offset += kPageSize) table_->unmap(from + offset);

  TRY(split_at(from));
  TRY(split_at(from + length));
  size_t index = 0;
  while (regions_[index].start != from) ++index;
  Region moved = regions_[index];
  moved.start = to;
  moved.end = to + length;
  erase(index);
  index = 0;
  while (index < count_ && regions_[index].start < to) ++index;
  return insert(index, moved);
}

}  // namespace kernel
