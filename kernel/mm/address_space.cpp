#include "mm/address_space.h"

#include "arch/x86_64/cpu.h"
#include "mm/physical.h"

namespace kernel {

uint64_t user_page_flags(uint32_t protection) {
  // PROT_NONE keeps the frame in the entry but not present, so protect() can restore it.
  uint64_t flags = protection == 0 ? 0 : pte::kPresent | pte::kUser;
  if (protection & prot::kWrite) flags |= pte::kWritable;
  if ((protection & prot::kExec) == 0) flags |= pte::kNoExecute;
  return flags;
}

bool AddressSpace::protection_allowed(uint32_t protection, bool code) {
  if ((protection & ~prot::kAll) != 0) return false;
  if ((protection & prot::kWrite) && (protection & prot::kExec)) return false;
  if (code) return (protection & prot::kWrite) == 0;
  return (protection & prot::kExec) == 0;
}

const Region* AddressSpace::find(uint64_t address) const {
  for (size_t i = 0; i < count_; ++i) {
    if (regions_[i].start <= address && address < regions_[i].end) return &regions_[i];
  }
  return nullptr;
}

bool AddressSpace::overlaps(uint64_t start, uint64_t end) const {
  for (size_t i = 0; i < count_; ++i) {
    if (regions_[i].start < end && start < regions_[i].end) return true;
  }
  return false;
}

Status AddressSpace::insert(size_t index, const Region& region) {
  if (count_ == kMaxRegions) return Errno::kNoMemory;
  for (size_t i = count_; i > index; --i) regions_[i] = regions_[i - 1];
  regions_[index] = region;
  ++count_;
  return kOk;
}

void AddressSpace::erase(size_t index) {
  for (size_t i = index; i + 1 < count_; ++i) regions_[i] = regions_[i + 1];
  --count_;
}

Status AddressSpace::add(uint64_t start, uint64_t end, uint32_t protection, bool code, bool file_backed) {
  if (!protection_allowed(protection, code)) return Errno::kAccess;
  if (start >= end) return Errno::kInvalid;
  if (overlaps(start, end)) return Errno::kExists;
  size_t index = 0;
  while (index < count_ && regions_[index].start < start) ++index;
  // Merge with an identical neighbour below: brk and adjacent mmaps would otherwise use a slot each.
  if (index > 0) {
    Region& below = regions_[index - 1];
    if (below.end == start && below.protection == protection && below.code == code && below.file_backed == file_backed) {
      below.end = end;
      return kOk;
    }
  }
  return insert(index, Region{start, end, protection, code, file_backed});
}

Status AddressSpace::discard(uint64_t start, uint64_t end) {
  for (uint64_t cursor = start; cursor < end;) {
    const Region* region = find(cursor);
    if (region == nullptr) return Errno::kNoMemory;
    if (region->file_backed) return Errno::kInvalid;
    cursor = region->end;
  }
  unmap_pages(start, end);
  return kOk;
}

Status AddressSpace::split_at(uint64_t address) {
  for (size_t i = 0; i < count_; ++i) {
    Region& region = regions_[i];
    if (region.start < address && address < region.end) {
      Region upper = region;
      upper.start = address;
      TRY(insert(i + 1, upper));
      regions_[i].end = address;
      return kOk;
    }
  }
  return kOk;
}

void AddressSpace::unmap_pages(uint64_t start, uint64_t end) {
  for (uint64_t page = start; page < end; page += kPageSize) {
    uint64_t frame = table_->unmap(page);
    if (frame != 0) frames().free(frame);
  }
}

Status AddressSpace::remove(uint64_t start, uint64_t end) {
  TRY(split_at(start));
  TRY(split_at(end));
  for (size_t i = 0; i < count_;) {
    if (regions_[i].start >= start && regions_[i].end <= end) {
      unmap_pages(regions_[i].start, regions_[i].end);
      erase(i);
    } else {
      ++i;
    }
  }
  return kOk;
}

void AddressSpace::reprotect_pages(const Region& region) {
  for (uint64_t page = region.start; page < region.end; page += kPageSize) {
    uint64_t* entry = table_->find(page);
    if (entry == nullptr || (*entry & pte::kAddressMask) == 0) continue;
    *entry = (*entry & pte::kAddressMask) | user_page_flags(region.protection);
    x86::invalidate_page(page);
  }
}

Status AddressSpace::protect(uint64_t start, uint64_t end, uint32_t protection) {
  for (uint64_t cursor = start; cursor < end;) {
    const Region* region = find(cursor);
    if (region == nullptr) return Errno::kNoMemory;
    if (!protection_allowed(protection, region->code)) return Errno::kAccess;
    cursor = region->end;
  }
  TRY(split_at(start));
  TRY(split_at(end));
  for (size_t i = 0; i < count_; ++i) {
    if (regions_[i].start >= start && regions_[i].end <= end) {
      regions_[i].protection = protection;
      reprotect_pages(regions_[i]);
    }
  }
  return kOk;
}

uint64_t AddressSpace::find_gap(uint64_t size, uint64_t floor, uint64_t ceiling) const {
  uint64_t top = ceiling;
  // Regions are sorted; walk them downwards, trying the gap above each one.
  for (size_t i = count_; i > 0; --i) {
    const Region& region = regions_[i - 1];
    if (region.start >= top) continue;
    uint64_t gap_bottom = region.end > floor ? region.end : floor;
    if (top > gap_bottom && top - gap_bottom >= size) return top - size;
    top = region.start;
    if (top <= floor) return 0;
  }
  return top > floor && top - floor >= size ? top - size : 0;
}

uint64_t AddressSpace::populate(uint64_t page) {
  const Region* region = find(page);
  if (region == nullptr) return 0;
  uint64_t* entry = table_->find(page);
  if (entry != nullptr && (*entry & pte::kAddressMask) != 0) return *entry & pte::kAddressMask;
  uint64_t frame = frames().allocate_zeroed();
  if (frame == 0) return 0;
  if (!table_->map(page, frame, user_page_flags(region->protection)).ok()) {
    frames().free(frame);
    return 0;
  }
  return frame;
}

bool AddressSpace::allows_write(uint64_t address) const {
  const Region* region = find(address);
  return region != nullptr && (region->protection & prot::kWrite) != 0;
}

bool AddressSpace::handle_fault(uint64_t address, bool write, bool instruction_fetch) {
  const Region* region = find(address);
  if (region == nullptr || region->protection == 0) return false;
  if (write && (region->protection & prot::kWrite) == 0) return false;
  if (instruction_fetch && (region->protection & prot::kExec) == 0) return false;
  uint64_t page = address & ~(kPageSize - 1);
  uint64_t* entry = table_->find(page);
  if (entry != nullptr && (*entry & pte::kAddressMask) != 0) return false;  // present: a real violation
  return populate(page) != 0;
}

}  // namespace kernel
