#include "fs/tmpfs.h"

#include "lib/checked.h"
#include "lib/string.h"
#include "mm/physical.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

constexpr size_t kMaxFiles = 256;
constexpr size_t kMaxName = 255;
constexpr uint64_t kPagesPerFile = kPageSize / sizeof(uint64_t);
constexpr uint64_t kMaxFileSize = kPagesPerFile * kPageSize;

struct TmpFile {
  bool in_use;
  char name[kMaxName];
  uint64_t index_frame;  // physical; 0 until the first write
};

TmpFile files[kMaxFiles];
uint64_t limit_pages = 0;
uint64_t used_pages = 0;

uint64_t* page_index(const TmpFile& file) { return physical_to_virtual<uint64_t>(file.index_frame); }

// The frame behind page number page, allocated (zeroed, counted) when allocate is set; 0 if absent.
Result<uint64_t> page_frame(TmpFile& file, uint64_t page, bool allocate) {
  if (file.index_frame == 0) {
    if (!allocate) return uint64_t{0};
    file.index_frame = frames().allocate_zeroed();
    if (file.index_frame == 0) return Errno::kNoSpace;
  }
  uint64_t& entry = page_index(file)[page];
  if (entry == 0 && allocate) {
    if (used_pages >= limit_pages) return Errno::kNoSpace;
    entry = frames().allocate_zeroed();
    if (entry == 0) return Errno::kNoSpace;
    ++used_pages;
  }
  return entry;
}

void free_pages_from(TmpFile& file, uint64_t first_page) {
  if (file.index_frame == 0) return;
  uint64_t* index = page_index(file);
  for (uint64_t page = first_page; page < kPagesPerFile; ++page) {
    if (index[page] != 0) {
      frames().free(index[page]);
      index[page] = 0;
      --used_pages;
    }
  }
}

}  // namespace

void init_tmpfs(uint64_t size_limit) { limit_pages = size_limit / kPageSize; }

Result<uint32_t> tmpfs_create(uint32_t directory, const char* name, size_t length) {
  if (length > kMaxName) return Errno::kNameTooLong;
  for (uint32_t slot = 0; slot < kMaxFiles; ++slot) {
    TmpFile& file = files[slot];
    if (file.in_use) continue;
    memcpy(file.name, name, length);
    uint32_t node_index = TRY(add_node(Node{.kind = NodeKind::kTmpFile, .device = Device::kNone, .in_use = true,
                                            .writable_directory = false, .mode = 0100644, .parent = directory,
                                            .name = file.name, .name_length = static_cast<uint32_t>(length),
                                            .data = nullptr, .size = 0, .tmp_file = slot, .open_count = 0}));
    file.in_use = true;
    file.index_frame = 0;
    return node_index;
  }
  return Errno::kNoSpace;
}

Result<uint64_t> tmpfs_read(const Node& node, uint64_t offset, uint64_t user_buffer, uint64_t size) {
  TmpFile& file = files[node.tmp_file];
  if (offset >= node.size) return uint64_t{0};
  if (size > node.size - offset) size = node.size - offset;
  static const uint8_t kZeroPage[kPageSize] = {};
  uint64_t done = 0;
  while (done < size) {
    uint64_t position = offset + done;
    uint64_t in_page = position % kPageSize;
    uint64_t count = kPageSize - in_page < size - done ? kPageSize - in_page : size - done;
    uint64_t frame = TRY(page_frame(file, position / kPageSize, false));
    const uint8_t* source = frame != 0 ? physical_to_virtual<const uint8_t>(frame) : kZeroPage;
    if (!copy_to_user(user_buffer + done, source + in_page, count).ok()) {
      if (done > 0) return done;
      return Errno::kFault;
    }
    done += count;
  }
  return done;
}

Result<uint64_t> tmpfs_write(Node& node, uint64_t offset, uint64_t user_buffer, uint64_t size) {
  TmpFile& file = files[node.tmp_file];
  if (offset >= kMaxFileSize) return Errno::kFileTooBig;
  if (size > kMaxFileSize - offset) size = kMaxFileSize - offset;
  uint64_t done = 0;
  while (done < size) {
    uint64_t position = offset + done;
    uint64_t in_page = position % kPageSize;
    uint64_t count = kPageSize - in_page < size - done ? kPageSize - in_page : size - done;
    auto frame = page_frame(file, position / kPageSize, true);
    if (!frame.ok()) {
      if (done > 0) break;
      return frame.error();
    }
    if (!copy_from_user(physical_to_virtual<uint8_t>(frame.value()) + in_page, user_buffer + done, count).ok()) {
      if (done > 0) break;
      return Errno::kFault;
    }
    done += count;
  }
  if (offset + done > node.size) node.size = offset + done;
  return done;
}

Status tmpfs_truncate(Node& node, uint64_t size) {
  TmpFile& file = files[node.tmp_file];
  if (size > kMaxFileSize) return Errno::kFileTooBig;
  if (size < node.size) {
    uint64_t keep_pages = 0;
    (void)checked_align_up(size, kPageSize, &keep_pages);
    free_pages_from(file, keep_pages / kPageSize);
    // The tail of the last kept page must read as zero if the file grows again.
    if (size % kPageSize != 0) {
      uint64_t frame = TRY(page_frame(file, size / kPageSize, false));
      if (frame != 0) memset(physical_to_virtual<uint8_t>(frame) + size % kPageSize, 0, kPageSize - size % kPageSize);
    }
  }
  node.size = size;
  return kOk;
}

Result<uint32_t> tmpfs_make_directory(uint32_t directory, const char* name, size_t length, uint32_t mode) {
  constexpr uint32_t kDirectoryType = 0040000;
  uint32_t index = TRY(tmpfs_create(directory, name, length));
  Node& made = node(index);
  made.kind = NodeKind::kDirectory;
  made.writable_directory = true;
  made.mode = kDirectoryType | (mode & 0777);
  return index;
}

Status tmpfs_remove_directory(uint32_t index) {
  Node& target = node(index);
  bool made_here = target.kind == NodeKind::kDirectory && target.writable_directory && node(target.parent).writable_directory;
  if (!made_here) return Errno::kReadOnly;
  if (next_child(index, 0) != kMaxNodes) return Errno::kNotEmpty;
  if (target.open_count > 0) return Errno::kBusy;
  tmpfs_release(target);
  remove_node(index);
  return kOk;
}

void tmpfs_release(Node& node) {
  TmpFile& file = files[node.tmp_file];
  free_pages_from(file, 0);
  if (file.index_frame != 0) frames().free(file.index_frame);
  file = TmpFile{};
}

}  // namespace kernel
