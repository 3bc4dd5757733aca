// RAM files for /tmp (boot config tmpfs_size > 0). Content lives in 4 KiB frames listed in one
// index frame per file (so a file holds at most 2 MiB: EFBIG past it); every data frame counts
// against tmpfs_size, and a write that would pass it fails with ENOSPC.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "fs/node.h"
#include "lib/result.h"

namespace kernel {

void init_tmpfs(uint64_t size_limit);

// A new empty file named name in the (writable) directory; ENAMETOOLONG, ENOSPC when full.
Result<uint32_t> tmpfs_create(uint32_t directory, const char* name, size_t length);
// Copies up to size bytes at offset to user memory; the count, or EFAULT.
Result<uint64_t> tmpfs_read(const Node& file, uint64_t offset, uint64_t user_buffer, uint64_t size);
// Copies size bytes from user memory to offset, growing the file; a short count at the limit.
Result<uint64_t> tmpfs_write(Node& file, uint64_t offset, uint64_t user_buffer, uint64_t size);
Status tmpfs_truncate(Node& file, uint64_t size);
// Frees the content and the slot (the node itself is the caller's).
void tmpfs_release(Node& file);

// mkdir: a new empty directory (mode & 0777 under umask already applied) in the writable directory,
// itself writable; its name takes a file slot. ENAMETOOLONG, ENOSPC when the slots are full.
Result<uint32_t> tmpfs_make_directory(uint32_t directory, const char* name, size_t length, uint32_t mode);
// rmdir: removes a directory tmpfs_make_directory made. ENOTEMPTY with anything in it, EBUSY while
// open (partial: Linux lets an open directory go), EROFS for any other directory.
Status tmpfs_remove_directory(uint32_t index);

}  // namespace kernel
