// The workload's address space: a sorted list of regions (what may be mapped, with which
// protection) over the page table (what is mapped). Pages are allocated on first touch
// (demand-zero), except those the ELF loader maps at load (loader/elf_loader.cpp says which).
// W^X is enforced here: no region is ever writable and executable, only code regions (from the
// sealed ELF) may be executable, and a code region can never become writable, so no unmeasured
// code can run.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lib/result.h"
#include "mm/page_table.h"

namespace kernel {

// Linux PROT_* bits.
namespace prot {
inline constexpr uint32_t kRead = 1;
inline constexpr uint32_t kWrite = 2;
inline constexpr uint32_t kExec = 4;
inline constexpr uint32_t kAll = kRead | kWrite | kExec;
}  // namespace prot

struct Region {
  uint64_t start;  // page aligned
  uint64_t end;    // page aligned, exclusive
  uint32_t protection;
  bool code;       // loaded from the sealed ELF: may be executable, never writable
  bool file_backed;  // content copied from a file (ELF segment, file mmap): not demand-zero
};

class AddressSpace {
 public:
  // Each thread stack takes two or three (stack, guard); kMaxThreads of them must fit.
  static constexpr size_t kMaxRegions = 512;

  void init(PageTable* table) { table_ = table; }

  // Adds [start, end) (page aligned); EEXIST if it overlaps a region, ENOMEM if the list is full,
  // EACCES if the protection breaks W^X.
  Status add(uint64_t start, uint64_t end, uint32_t protection, bool code, bool file_backed = false);
  // Removes every mapping in [start, end) and frees its frames.
  Status remove(uint64_t start, uint64_t end);
  // mprotect: ENOMEM unless [start, end) is fully covered, EACCES if W^X would break.
  Status protect(uint64_t start, uint64_t end, uint32_t protection);

  bool overlaps(uint64_t start, uint64_t end) const;
  // The highest page-aligned gap of size bytes inside [floor, ceiling), or 0 if none.
  uint64_t find_gap(uint64_t size, uint64_t floor, uint64_t ceiling) const;
  // Maps a zeroed page at a faulting address if a region allows the access; false otherwise.
  bool handle_fault(uint64_t address, bool write, bool instruction_fetch);
  // The frame behind a page of a region, allocating it (zeroed) if needed; 0 if out of memory.
  uint64_t populate(uint64_t page);
  // Whether a region lets the program write at this address.
  bool allows_write(uint64_t address) const;

  static bool protection_allowed(uint32_t protection, bool code);
  // MADV_DONTNEED: the pages of [start, end) go, the regions stay, so the memory reads as zero
  // again. ENOMEM if part of the range is not mapped; EINVAL for file-backed memory (Linux would
  // read the file again; its bytes are not kept here: partial).
  Status discard(uint64_t start, uint64_t end);

  // mremap (address_space_move.cpp). The region [start, end) lies in, or nullptr if no single
  // region holds all of it.
  const Region* region_holding(uint64_t start, uint64_t end) const;
  // Grows the region ending at end by [end, new_end); ENOMEM if that is not free, the region goes
  // on past end or the region table is full; EINVAL for code and file mappings (partial: Linux
  // would map more of the file).
  Status grow(uint64_t end, uint64_t new_end);
  // Moves [from, from + length), which one region holds, to [to, to + length), which must be free:
  // the same frames, remapped, nothing copied. ENOMEM (and nothing changed) if a page table or a
  // region slot cannot be had.
  Status move(uint64_t from, uint64_t length, uint64_t to);

  // fork (address_space_copy.cpp): child (empty, its own page table) gets the same regions and a
  // copy of every page present here. ENOMEM when memory runs out (the child is then released).
  Status copy_into(AddressSpace& child) const;
  // A process's end or execve: every region and page goes (the page tables are the caller's).
  void release_all();

 private:
  const Region* find(uint64_t address) const;
  Status split_at(uint64_t address);
  void erase(size_t index);
  Status insert(size_t index, const Region& region);
  void unmap_pages(uint64_t start, uint64_t end);
  void reprotect_pages(const Region& region);

  Region regions_[kMaxRegions]{};
  size_t count_ = 0;
  PageTable* table_ = nullptr;
};

// The page-table flags for a user page with this protection.
uint64_t user_page_flags(uint32_t protection);

}  // namespace kernel
