// brk, mmap (anonymous, and private copies of sealed files), munmap, mprotect, mremap. Mapped memory is
// never executable: only the sealed ELF's code is (see mm/address_space.h), so a file mapping
// asking for PROT_EXEC is refused like an anonymous one.
#include "fs/file_table.h"
#include "lib/checked.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "loader/elf_plan.h"
#include "mm/physical.h"
#include "process/workload.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

// Linux mmap flags (include/uapi/asm-generic/mman-common.h, linux/mman.h).
constexpr uint64_t kMapShared = 0x01;
constexpr uint64_t kMapPrivate = 0x02;
constexpr uint64_t kMapSharedValidate = 0x03;
constexpr uint64_t kMapTypeMask = 0x0F;
constexpr uint64_t kMapFixed = 0x10;
constexpr uint64_t kMapAnonymous = 0x20;
constexpr uint64_t kMapFixedNoReplace = 0x10'0000;
// mremap flags (include/uapi/linux/mman.h).
constexpr uint64_t kMremapMayMove = 1;
constexpr uint64_t kMremapFixed = 2;

bool valid_user_span(uint64_t start, uint64_t length) {
  return start >= kUserMinimumAddress && is_user_range(start, length);
}

// A page-aligned length, or 0 if it is zero or rounds past the end of the address space.
uint64_t page_length(uint64_t length) {
  uint64_t aligned = 0;
  return checked_align_up(length, kPageSize, &aligned) ? aligned : 0;
}

long place_fixed(uint64_t address, uint64_t length, uint64_t flags) {
  if (!is_aligned(address, kPageSize) || !valid_user_span(address, length)) return negated(Errno::kInvalid);
  AddressSpace& memory = workload().memory;
  if (memory.overlaps(address, address + length)) {
    if (flags & kMapFixedNoReplace) return negated(Errno::kExists);
    if (!memory.remove(address, address + length).ok()) return negated(Errno::kNoMemory);
  }
  return static_cast<long>(address);
}

long place_anywhere(uint64_t hint, uint64_t length) {
  AddressSpace& memory = workload().memory;
  if (hint != 0 && is_aligned(hint, kPageSize) && valid_user_span(hint, length) &&
      !memory.overlaps(hint, hint + length)) {
    return static_cast<long>(hint);
  }
  uint64_t address = memory.find_gap(length, workload().heap_start + kHeapMaximum, kMmapCeiling);
  return address == 0 ? negated(Errno::kNoMemory) : static_cast<long>(address);
}

// The file behind a non-anonymous mapping: sealed bytes (a file or /proc/self/exe), open for
// reading, at a page-aligned offset. Shared writable mappings of read-only bytes are refused.
Result<const Node*> mappable_file(uint64_t fd, uint64_t offset, uint64_t protection, uint64_t type) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  if (!is_aligned(offset, kPageSize)) return Errno::kInvalid;
  const Node& source = node(file->node);
  if (source.kind != NodeKind::kSealedFile && source.kind != NodeKind::kSelfExe) return Errno::kNoDevice;
  if (!file->readable()) return Errno::kAccess;
  if (type != kMapPrivate && (protection & prot::kWrite)) return Errno::kAccess;
  return &source;
}

// Copies the file's bytes into the new region now (the rest of the region stays demand-zero).
Status fill_from_file(uint64_t address, uint64_t length, const Node& source, uint64_t offset) {
  for (uint64_t done = 0; done < length && offset + done < source.size; done += kPageSize) {
    uint64_t frame = workload().memory.populate(address + done);
    if (frame == 0) return Errno::kNoMemory;
    uint64_t remaining = source.size - (offset + done);
    memcpy(physical_to_virtual<uint8_t>(frame), source.data + offset + done, remaining < kPageSize ? remaining : kPageSize);
  }
  return kOk;
}

// mremap to a new place: the caller checked that [old, old + old_length) is one mapping.
long remap_elsewhere(uint64_t old, uint64_t old_length, uint64_t length, uint64_t target) {
  AddressSpace& memory = workload().memory;
  uint64_t kept = old_length < length ? old_length : length;
  if (kept < old_length && !memory.remove(old + kept, old + old_length).ok()) return negated(Errno::kNoMemory);
  if (Status moved = memory.move(old, kept, target); !moved.ok()) return negated(moved.error());
  if (kept < length) {
    if (Status grown = memory.grow(target + kept, target + length); !grown.ok()) return negated(grown.error());
  }
  return static_cast<long>(target);
}

}  // namespace

long brk(const uint64_t* a) {
  Workload& process = workload();
  uint64_t requested = a[0];
  if (requested < process.heap_start || requested > process.heap_start + kHeapMaximum) return static_cast<long>(process.brk);
  uint64_t old_end = page_length(process.brk);
  uint64_t new_end = page_length(requested);
  if (new_end > old_end) {
    if (!process.memory.add(old_end, new_end, prot::kRead | prot::kWrite, false).ok()) return static_cast<long>(process.brk);
  } else if (new_end < old_end) {
    if (!process.memory.remove(new_end, old_end).ok()) return static_cast<long>(process.brk);
  }
  process.brk = requested;
  return static_cast<long>(requested);
}

long mmap(const uint64_t* a) {
  uint64_t hint = a[0], length = page_length(a[1]), protection = a[2], flags = a[3];
  int64_t fd = static_cast<int64_t>(a[4]);
  if (a[1] == 0) return negated(Errno::kInvalid);
  if (length == 0) return negated(Errno::kNoMemory);
  uint64_t type = flags & kMapTypeMask;
  if (type != kMapShared && type != kMapPrivate && type != kMapSharedValidate) return negated(Errno::kInvalid);
  if ((protection & ~uint64_t{prot::kAll}) != 0) return negated(Errno::kInvalid);
  const Node* source = nullptr;
  if ((flags & kMapAnonymous) == 0) {
    auto file = mappable_file(static_cast<uint64_t>(fd), a[5], protection, type);
    if (!file.ok()) return negated(file.error());
    source = file.value();
  }
  if (!AddressSpace::protection_allowed(static_cast<uint32_t>(protection), false)) return negated(Errno::kAccess);

  long placed = (flags & (kMapFixed | kMapFixedNoReplace)) ? place_fixed(hint, length, flags) : place_anywhere(hint, length);
  if (placed < 0) return placed;
  auto address = static_cast<uint64_t>(placed);
  Status added = workload().memory.add(address, address + length, static_cast<uint32_t>(protection), false,
                                       source != nullptr);
  if (!added.ok()) return negated(added.error() == Errno::kAccess ? Errno::kAccess : Errno::kNoMemory);
  if (source != nullptr && !fill_from_file(address, length, *source, a[5]).ok()) {
    (void)workload().memory.remove(address, address + length);
    return negated(Errno::kNoMemory);
  }
  return placed;
}

long munmap(const uint64_t* a) {
  uint64_t address = a[0], length = page_length(a[1]);
  if (!is_aligned(address, kPageSize) || a[1] == 0 || length == 0 || !is_user_range(address, length)) {
    return negated(Errno::kInvalid);
  }
  return workload().memory.remove(address, address + length).ok() ? 0 : negated(Errno::kNoMemory);
}

long mprotect(const uint64_t* a) {
  uint64_t address = a[0], length = page_length(a[1]), protection = a[2];
  if (!is_aligned(address, kPageSize) || (protection & ~uint64_t{prot::kAll}) != 0) return negated(Errno::kInvalid);
  if (a[1] == 0) return 0;
  if (length == 0 || !is_user_range(address, length)) return negated(Errno::kNoMemory);
  Status changed = workload().memory.protect(address, address + length, static_cast<uint32_t>(protection));
  return changed.ok() ? 0 : negated(changed.error());
}

// mremap: shrink in place, grow in place when the pages above are free, else (MREMAP_MAYMOVE) move
// the pages without copying them; MREMAP_FIXED puts them at new_address. Partial: no
// MREMAP_DONTUNMAP, no old_size 0 (duplicating a shared mapping), file and code mappings do not grow.
long mremap(const uint64_t* a) {
  uint64_t old = a[0], old_length = page_length(a[1]), length = page_length(a[2]), flags = a[3], fixed = a[4];
  if ((flags & ~(kMremapMayMove | kMremapFixed)) != 0 || ((flags & kMremapFixed) && !(flags & kMremapMayMove)))
    return negated(Errno::kInvalid);
  if (!is_aligned(old, kPageSize) || a[1] == 0 || a[2] == 0) return negated(Errno::kInvalid);
  if (old_length == 0 || length == 0) return negated(Errno::kNoMemory);
  AddressSpace& memory = workload().memory;
  const Region* region = is_user_range(old, old_length) ? memory.region_holding(old, old + old_length) : nullptr;
  if (region == nullptr) return negated(Errno::kFault);
  // What grow() refuses, refused before MREMAP_FIXED unmaps the target or moves anything.
  if (length > old_length && (region->code || region->file_backed)) return negated(Errno::kInvalid);
  if (flags & kMremapFixed) {
    if (!is_aligned(fixed, kPageSize) || !valid_user_span(fixed, length) || (fixed < old + old_length && old < fixed + length))
      return negated(Errno::kInvalid);
    if (!memory.remove(fixed, fixed + length).ok()) return negated(Errno::kNoMemory);
    return remap_elsewhere(old, old_length, length, fixed);
  }
  if (length <= old_length) {
    if (length < old_length && !memory.remove(old + length, old + old_length).ok()) return negated(Errno::kNoMemory);
    return static_cast<long>(old);
  }
  Status grown = is_user_range(old, length) ? memory.grow(old + old_length, old + length) : Status(Errno::kNoMemory);
  if (grown.ok()) return static_cast<long>(old);
  if (grown.error() != Errno::kNoMemory || !(flags & kMremapMayMove)) return negated(grown.error());
  uint64_t target = memory.find_gap(length, workload().heap_start + kHeapMaximum, kMmapCeiling);
  return target == 0 ? negated(Errno::kNoMemory) : remap_elsewhere(old, old_length, length, target);
}

}  // namespace kernel::syscalls
