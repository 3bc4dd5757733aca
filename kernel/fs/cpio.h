// Reading the sealed-files archive: cpio "newc" (magic 070701, no CRC), the format `cpio -H newc`
// and libarchive write. Pure logic over the bytes it is given (tests/kernel runs it on the host).
// The archive is measured, but it is parsed as if hostile all the same: every header field, name
// length, data size and padding is checked against the archive's end before use.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "boot/memory_map.h"
#include "lib/result.h"

namespace kernel {

// One archive member. name points into the archive: normalized (no leading "/" or "./"), not
// NUL-terminated here, name_length > 0.
struct CpioEntry {
  const char* name;
  uint32_t name_length;
  uint32_t mode;           // st_mode: type (regular or directory) and permission bits
  const uint8_t* data;     // file content (size bytes); nullptr for a directory
  uint64_t size;
  uint64_t next_offset;    // where the next header starts
  bool trailer;            // "TRAILER!!!": the end; every other field is unset
};

inline constexpr uint32_t kModeTypeMask = 0170000;
inline constexpr uint32_t kModeRegular = 0100000;
inline constexpr uint32_t kModeDirectory = 0040000;

// Reads the member whose header starts at offset (4-byte aligned, < size).
Expected<CpioEntry, BootError> read_cpio_entry(const uint8_t* archive, uint64_t size, uint64_t offset);

// Calls visit(entry) for every member before the trailer; fails on the first malformed member, on
// a missing trailer and on bytes after it other than zero padding.
template <typename Visitor>
Expected<Unit, BootError> for_each_cpio_entry(const uint8_t* archive, uint64_t size, Visitor visit) {
  uint64_t offset = 0;
  for (;;) {
    if (offset >= size) return BootError{"sealed files: the archive has no TRAILER!!! entry"};
    auto entry = read_cpio_entry(archive, size, offset);
    if (!entry.ok()) return entry.error();
    if (entry.value().trailer) break;
    auto visited = visit(entry.value());
    if (!visited.ok()) return visited.error();
    offset = entry.value().next_offset;
  }
  return kOk;
}

}  // namespace kernel
