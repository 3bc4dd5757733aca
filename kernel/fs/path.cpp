#include "fs/path.h"

#include "fs/file_table.h"
#include "fs/node.h"
#include "lib/string.h"
#include "mm/physical.h"
#include "process/process.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {


Result<uint32_t> start_directory(int64_t directory_fd, const PathBuffer& path) {
  if (path.length > 0 && path.bytes[0] == '/') return kRootNode;
  if (directory_fd == kAtCurrentDirectory) return current_directory();
  if (directory_fd < 0) return Errno::kBadFd;
  OpenFile* file = TRY(lookup_descriptor(static_cast<uint64_t>(directory_fd)));
  if (node(file->node).kind != NodeKind::kDirectory) return Errno::kNotDirectory;
  return file->node;
}

// Walks components [0, end) from start; every component must be a directory to go on.
Result<uint32_t> walk(uint32_t current, const char* path, size_t end) {
  size_t position = 0;
  while (position < end) {
    while (position < end && path[position] == '/') ++position;
    size_t start = position;
    while (position < end && path[position] != '/') ++position;
    size_t length = position - start;
    if (length == 0) break;
    if (node(current).kind != NodeKind::kDirectory) return Errno::kNotDirectory;
    if (length > 255) return Errno::kNameTooLong;
    if (length == 1 && path[start] == '.') continue;
    if (length == 2 && path[start] == '.' && path[start + 1] == '.') {
      current = node(current).parent;
      continue;
    }
    current = TRY(find_child(current, path + start, length));
  }
  return current;
}

}  // namespace

Status copy_path_from_user(uint64_t user_path, PathBuffer* path, bool allow_empty) {
  // Page by page: the string may end just before an unmapped page.
  size_t copied = 0;
  while (copied < kPathMax) {
    uint64_t address = user_path + copied;
    size_t chunk = kPageSize - address % kPageSize;
    if (chunk > kPathMax - copied) chunk = kPathMax - copied;
    TRY(copy_from_user(path->bytes + copied, address, chunk));
    size_t length = bounded_strlen(path->bytes + copied, chunk);
    if (length < chunk) {
      path->length = copied + length;
      if (path->length == 0 && !allow_empty) return Errno::kNoEntry;
      return kOk;
    }
    copied += chunk;
  }
  return Errno::kNameTooLong;
}

Result<uint32_t> resolve_path(int64_t directory_fd, const PathBuffer& path) {
  uint32_t start = TRY(start_directory(directory_fd, path));
  uint32_t found = TRY(walk(start, path.bytes, path.length));
  // "file/" names a directory.
  if (path.length > 0 && path.bytes[path.length - 1] == '/' && node(found).kind != NodeKind::kDirectory) {
    return Errno::kNotDirectory;
  }
  return found;
}

Result<ParentAndName> resolve_parent(int64_t directory_fd, const PathBuffer& path) {
  uint32_t start = TRY(start_directory(directory_fd, path));
  size_t end = path.length;
  while (end > 0 && path.bytes[end - 1] == '/') --end;
  size_t name_start = end;
  while (name_start > 0 && path.bytes[name_start - 1] != '/') --name_start;
  size_t length = end - name_start;
  const char* name = path.bytes + name_start;
  if (length == 0 || (length == 1 && name[0] == '.') || (length == 2 && name[0] == '.' && name[1] == '.')) {
    return Errno::kIsDirectory;
  }
  if (length > 255) return Errno::kNameTooLong;
  uint32_t directory = TRY(walk(start, path.bytes, name_start));
  if (node(directory).kind != NodeKind::kDirectory) return Errno::kNotDirectory;
  return ParentAndName{directory, name, length};
}

uint32_t current_directory() { return current_process().working_directory; }
void set_current_directory(uint32_t node_index) { current_process().working_directory = node_index; }

Result<size_t> absolute_path(uint32_t node_index, char* buffer, size_t capacity) {
  // Built backwards from the end of the buffer, then moved to the front.
  size_t position = capacity;
  if (position == 0) return Errno::kRange;
  buffer[--position] = '\0';
  for (uint32_t current = node_index; current != kRootNode; current = node(current).parent) {
    if (current >= kMaxNodes) return Errno::kNoEntry;  // not in the tree (Linux: a deleted cwd)
    const Node& part = node(current);
    if (position < part.name_length + 1) return Errno::kRange;
    position -= part.name_length;
    memcpy(buffer + position, part.name, part.name_length);
    buffer[--position] = '/';
  }
  if (node_index == kRootNode) {
    if (position == 0) return Errno::kRange;
    buffer[--position] = '/';
  }
  size_t length = capacity - position;  // NUL included
  memmove(buffer, buffer + position, length);
  return length;
}

}  // namespace kernel
