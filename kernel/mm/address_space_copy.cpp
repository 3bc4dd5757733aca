// fork's copy of an address space and the teardown at exit and execve. The copy is eager: every
// present page is duplicated now (no copy-on-write). Our workloads are small static programs and a
// shell forks and then execs at once, so the simple copy costs little and has no sharing to get
// wrong.
#include "lib/string.h"
#include "mm/address_space.h"
#include "mm/physical.h"

namespace kernel {

Status AddressSpace::copy_into(AddressSpace& child) const {
  for (size_t i = 0; i < count_; ++i) {
    const Region& region = regions_[i];
    TRY(child.insert(child.count_, region));
    for (uint64_t page = region.start; page < region.end; page += kPageSize) {
      const uint64_t* entry = table_->find(page);
      if (entry == nullptr || (*entry & pte::kAddressMask) == 0) continue;
      uint64_t frame = frames().allocate();
      if (frame == 0) return Errno::kNoMemory;
      memcpy(physical_to_virtual(frame), physical_to_virtual(*entry & pte::kAddressMask), kPageSize);
      // The same flags, PROT_NONE pages included (their entry keeps the frame, not present).
      if (Status mapped = child.table_->map(page, frame, *entry & ~pte::kAddressMask); !mapped.ok()) {
        frames().free(frame);
        return mapped;
      }
    }
  }
  return kOk;
}

void AddressSpace::release_all() {
  for (size_t i = 0; i < count_; ++i) unmap_pages(regions_[i].start, regions_[i].end);
  count_ = 0;
}

}  // namespace kernel
