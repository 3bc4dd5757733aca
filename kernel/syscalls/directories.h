// rmdir's work, shared with unlinkat(AT_REMOVEDIR) in descriptors.cpp.
#pragma once
#include <stdint.h>

#include "fs/path.h"
#include "lib/result.h"

namespace kernel::syscalls {

// Removes the empty /tmp directory path names: ENOTDIR, ENOTEMPTY, EBUSY (open, or the current
// directory), EROFS outside /tmp.
Status remove_directory(int64_t directory_fd, const PathBuffer& path);

}  // namespace kernel::syscalls
