// Path names: copying them from the workload, resolving them against the root, the current
// directory or a directory descriptor, and the current directory itself.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

inline constexpr size_t kPathMax = 4096;  // PATH_MAX, NUL included
inline constexpr int64_t kAtCurrentDirectory = -100;  // AT_FDCWD

struct PathBuffer {
  char bytes[kPathMax];
  size_t length;
};

// EFAULT, ENAMETOOLONG (no NUL within PATH_MAX), ENOENT for "" unless allow_empty.
Status copy_path_from_user(uint64_t user_path, PathBuffer* path, bool allow_empty = false);

// Resolves the whole path to a node: ENOENT, ENOTDIR, EBADF for a bad dirfd.
Result<uint32_t> resolve_path(int64_t directory_fd, const PathBuffer& path);

// The directory holding the last component and that component (which need not exist). A path
// that ends in "/", "." or ".." (or is "/") has no last component: EISDIR.
struct ParentAndName {
  uint32_t directory;
  const char* name;
  size_t length;
};
Result<ParentAndName> resolve_parent(int64_t directory_fd, const PathBuffer& path);

uint32_t current_directory();
void set_current_directory(uint32_t node_index);

// The absolute path of a directory node, NUL-terminated, into buffer; ERANGE if it does not fit.
Result<size_t> absolute_path(uint32_t node_index, char* buffer, size_t capacity);

}  // namespace kernel
