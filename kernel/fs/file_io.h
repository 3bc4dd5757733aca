// Reading and writing an open file's content at an offset, whatever the node is: sealed bytes,
// a /tmp file, a device. The callers (read, pread64, readv, ...) own the offset bookkeeping.
#pragma once
#include <stdint.h>

#include "fs/file_table.h"
#include "lib/result.h"

namespace kernel {

// EBADF if not open for reading, EISDIR for a directory. Without may_block, a read of the console
// returns 0 at once when no byte is waiting (readv after its first transfer).
Result<uint64_t> file_read(const OpenFile& file, uint64_t offset, uint64_t user_buffer, uint64_t size,
                           bool may_block = true);
// EBADF if not open for writing; sealed content cannot be opened for writing at all (EROFS).
// Without may_block, a full pipe takes 0 bytes at once (writev after its first transfer: waiting
// would make the whole call again and write the earlier parts twice).
Result<uint64_t> file_write(const OpenFile& file, uint64_t offset, uint64_t user_buffer, uint64_t size,
                            bool may_block = true);
// Whether the file has a position (lseek, pread): not the console.
bool file_seekable(const OpenFile& file);

}  // namespace kernel
