#include "fs/cpio.h"

#include "lib/checked.h"
#include "lib/string.h"

namespace kernel {
namespace {

// newc header: "070701" then 13 fields of 8 hex digits (ino, mode, uid, gid, nlink, mtime,
// filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check), 110 bytes in all.
constexpr uint64_t kHeaderSize = 110;
constexpr uint32_t kFieldMode = 1;
constexpr uint32_t kFieldFileSize = 6;
constexpr uint32_t kFieldNameSize = 11;
constexpr uint32_t kMaxName = 4096;  // PATH_MAX, NUL included
constexpr char kTrailer[] = "TRAILER!!!";

bool parse_field(const uint8_t* header, uint32_t index, uint32_t* value) {
  const uint8_t* digits = header + 6 + index * 8;
  uint32_t result = 0;
  for (int i = 0; i < 8; ++i) {
    uint8_t c = digits[i];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return false;
    }
    result = (result << 4) | digit;
  }
  *value = result;
  return true;
}

// Strips "/" and "./" prefixes; refuses empty, ".", ".." and empty components.
Expected<Unit, BootError> normalize_name(CpioEntry& entry) {
  const char* name = entry.name;
  uint32_t length = entry.name_length;
  while (length > 0 && (name[0] == '/' || (length > 1 && name[0] == '.' && name[1] == '/'))) {
    uint32_t skip = name[0] == '/' ? 1 : 2;
    name += skip;
    length -= skip;
  }
  if (length == 0 || (length == 1 && name[0] == '.')) return BootError{"sealed files: a member names the root"};
  uint32_t start = 0;
  for (uint32_t i = 0; i <= length; ++i) {
    if (i < length && name[i] != '/') continue;
    uint32_t part = i - start;
    if (part == 0) return BootError{"sealed files: a member name has an empty component"};
    if ((part == 1 && name[start] == '.') || (part == 2 && name[start] == '.' && name[start + 1] == '.')) {
      return BootError{"sealed files: a member name has a \".\" or \"..\" component"};
    }
    if (part > 255) return BootError{"sealed files: a member name has a component longer than 255 bytes"};
    start = i + 1;
  }
  entry.name = name;
  entry.name_length = length;
  return kOk;
}

}  // namespace

Expected<CpioEntry, BootError> read_cpio_entry(const uint8_t* archive, uint64_t size, uint64_t offset) {
  if (!is_aligned(offset, 4) || !range_within(offset, kHeaderSize, size)) {
    return BootError{"sealed files: a member header runs past the archive"};
  }
  const uint8_t* header = archive + offset;
  if (memcmp(header, "070701", 6) != 0) return BootError{"sealed files: bad member magic (expected newc 070701)"};
  uint32_t mode, file_size, name_size;
  if (!parse_field(header, kFieldMode, &mode) || !parse_field(header, kFieldFileSize, &file_size) ||
      !parse_field(header, kFieldNameSize, &name_size)) {
    return BootError{"sealed files: a member header has a non-hex field"};
  }
  for (uint32_t field = 0; field < 13; ++field) {
    uint32_t ignored;
    if (!parse_field(header, field, &ignored)) return BootError{"sealed files: a member header has a non-hex field"};
  }
  if (name_size < 2 || name_size > kMaxName) return BootError{"sealed files: a member name size is outside 2..4096"};
  uint64_t name_offset = offset + kHeaderSize;
  if (!range_within(name_offset, name_size, size)) return BootError{"sealed files: a member name runs past the archive"};
  const char* name = reinterpret_cast<const char*>(archive + name_offset);
  if (name[name_size - 1] != '\0' || bounded_strlen(name, name_size) != name_size - 1) {
    return BootError{"sealed files: a member name is not NUL-terminated exactly at its name size"};
  }
  uint64_t data_offset = 0, data_end = 0, next = 0;
  if (!checked_align_up(name_offset + name_size, 4, &data_offset) || !checked_add(data_offset, file_size, &data_end) ||
      !checked_align_up(data_end, 4, &next)) {
    return BootError{"sealed files: a member size overflows"};
  }
  CpioEntry entry{name, name_size - 1, mode, nullptr, file_size, next, false};
  if (name_size == sizeof kTrailer && memcmp(name, kTrailer, sizeof kTrailer) == 0) {
    for (uint64_t i = data_end < size ? data_end : size; i < size; ++i) {
      if (archive[i] != 0) return BootError{"sealed files: bytes other than padding follow the trailer"};
    }
    return CpioEntry{nullptr, 0, 0, nullptr, 0, size, true};
  }
  if (data_end > size) return BootError{"sealed files: a member's data runs past the archive"};
  uint32_t type = mode & kModeTypeMask;
  if (type == kModeRegular) {
    entry.data = archive + data_offset;
  } else if (type == kModeDirectory) {
    if (file_size != 0) return BootError{"sealed files: a directory member has data"};
  } else {
    return BootError{"sealed files: a member is neither a regular file nor a directory"};
  }
  auto normalized = normalize_name(entry);
  if (!normalized.ok()) return normalized.error();
  return entry;
}

}  // namespace kernel
