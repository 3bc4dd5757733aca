// Unnamed pipes (pipe, pipe2): a node of kind kPipe with a bounded ring buffer of 64 KiB (what
// Linux gives), one read end and one write end, each an open file description. A read of an empty
// pipe with a writer left blocks (or EAGAIN with O_NONBLOCK) and returns 0 once no writer is left;
// a write with no reader left fails with EPIPE and raises SIGPIPE; a write of at most PIPE_BUF
// bytes goes in whole or not at all, a longer blocking one goes in completely. Blocked callers
// and pollers sleep on the pipe's wait queues (process/wait_queue.h) until the other end moves.
#pragma once
#include <stdint.h>

#include "fs/file_table.h"
#include "lib/result.h"

namespace kernel {

inline constexpr uint64_t kPipeCapacity = 64 * 1024;
inline constexpr uint64_t kPipeAtomicSize = 4096;  // PIPE_BUF

// A new pipe node with both ends counted as open; ENFILE when no pipe or node is left, ENOMEM
// when its buffer cannot be allocated.
Result<uint32_t> create_pipe();
// may_block false: an empty pipe reads as 0 bytes (readv after its first transfer).
Result<uint64_t> pipe_read(const OpenFile& file, uint64_t user_buffer, uint64_t size, bool may_block);
// may_block false: a pipe without room takes 0 bytes (writev after its first transfer).
// A blocking write returns less than size only when a signal or the readers' going ended it.
Result<uint64_t> pipe_write(const OpenFile& file, uint64_t user_buffer, uint64_t size, bool may_block);
// The last description of one end is gone; with both ends gone the pipe and its node are freed.
void pipe_end_closed(uint32_t node_index, bool write_end);
// poll readiness (fs/readiness.h): the read end is readable with bytes buffered and hangs up with
// no writer left; the write end is writable with PIPE_BUF bytes of room and in error with no reader.
uint32_t pipe_poll_events(const OpenFile& file);
// poll, select: the current thread is woken when the end of file can move (process/wait_queue.h).
void pipe_add_poller(const OpenFile& file);

}  // namespace kernel
