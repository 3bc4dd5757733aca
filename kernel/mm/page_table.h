// x86-64 4-level page tables (SDM Vol. 3A, 4.5), edited through the direct map.
#pragma once
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

namespace pte {
inline constexpr uint64_t kPresent = 1ull << 0;
inline constexpr uint64_t kWritable = 1ull << 1;
inline constexpr uint64_t kUser = 1ull << 2;
inline constexpr uint64_t kLarge = 1ull << 7;
inline constexpr uint64_t kGlobal = 1ull << 8;
inline constexpr uint64_t kNoExecute = 1ull << 63;
inline constexpr uint64_t kAddressMask = 0x000F'FFFF'FFFF'F000ull;
}  // namespace pte

class PageTable {
 public:
  // Allocates an empty top-level table; ENOMEM if no frame is left.
  static Result<PageTable> create();

  uint64_t root() const { return root_; }

  // Writes the entry of one 4 KiB page (flags from pte::, kPresent included unless the entry is to
  // keep a frame that cannot be touched: PROT_NONE); EEXIST if the entry is in use.
  Status map(uint64_t virtual_address, uint64_t physical, uint64_t flags);
  // Maps one 2 MiB page, always present (unlike map(): only the kernel's direct map uses it).
  Status map_large(uint64_t virtual_address, uint64_t physical, uint64_t flags);
  // The leaf entry for a 4 KiB page, or nullptr if no table reaches it.
  uint64_t* find(uint64_t virtual_address) const;
  // Removes a 4 KiB mapping; returns the frame it mapped, or 0 if there was none.
  uint64_t unmap(uint64_t virtual_address);
  // Frees the tables of the lower half (the leaf frames are already gone) and the top-level table.
  // The table must not be in CR3.
  void release_user_half();

 private:
  explicit PageTable(uint64_t root) : root_(root) {}
  Result<uint64_t*> walk_create(uint64_t virtual_address, int leaf_level);

  uint64_t root_ = 0;

 public:
  PageTable() = default;  // empty until create(); Result<PageTable> needs a default state
};

}  // namespace kernel
