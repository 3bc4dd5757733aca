#include "fs/pipe.h"

#include "fs/readiness.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/physical.h"
#include "process/process.h"
#include "process/threads.h"
#include "process/wait_queue.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

constexpr uint32_t kMaxPipes = 64;
constexpr uint64_t kFramesPerPipe = kPipeCapacity / kPageSize;
constexpr uint32_t kFifoMode = 0010000 | 0600;  // S_IFIFO, rw for the owner

struct Pipe {
  bool in_use;
  bool reader_open;
  bool writer_open;
  uint64_t frames[kFramesPerPipe];  // the ring buffer, one physical frame per 4 KiB
  uint64_t head;   // offset of the oldest byte in the ring
  uint64_t count;  // bytes buffered
  WaitQueue readers;  // woken when bytes arrive or the last writer goes
  WaitQueue writers;  // woken when room appears or the last reader goes
};

Pipe pipes[kMaxPipes];

Pipe& pipe_of(const Node& target) { return pipes[target.tmp_file]; }

uint8_t* ring_byte(Pipe& pipe, uint64_t offset) {
  uint64_t position = offset % kPipeCapacity;
  return physical_to_virtual<uint8_t>(pipe.frames[position / kPageSize]) + position % kPageSize;
}

// Copies between user memory and the ring at ring offset start, one contiguous piece at a time.
Status copy_ring(Pipe& pipe, uint64_t start, uint64_t user_address, uint64_t size, bool to_user) {
  uint64_t done = 0;
  while (done < size) {
    uint64_t position = (start + done) % kPipeCapacity;
    uint64_t piece = kPageSize - position % kPageSize;
    if (piece > size - done) piece = size - done;
    uint8_t* bytes = ring_byte(pipe, position);
    TRY(to_user ? copy_to_user(user_address + done, bytes, piece) : copy_from_user(bytes, user_address + done, piece));
    done += piece;
  }
  return kOk;
}

void free_pipe(Pipe& pipe) {
  for (uint64_t& frame : pipe.frames) {
    if (frame != 0) frames().free(frame);
    frame = 0;
  }
  pipe.in_use = false;
}

Result<uint32_t> allocate_pipe() {
  for (uint32_t slot = 0; slot < kMaxPipes; ++slot) {
    Pipe& pipe = pipes[slot];
    if (pipe.in_use) continue;
    pipe = Pipe{};
    pipe.in_use = true;
    for (uint64_t& frame : pipe.frames) {
      frame = frames().allocate();
      if (frame == 0) {
        free_pipe(pipe);
        return Errno::kNoMemory;
      }
    }
    pipe.reader_open = pipe.writer_open = true;
    return slot;
  }
  return Errno::kTooManyFiles;
}

}  // namespace

Result<uint32_t> create_pipe() {
  uint32_t slot = TRY(allocate_pipe());
  auto added = add_node(Node{.kind = NodeKind::kPipe, .device = Device::kNone, .in_use = true,
                             .writable_directory = false, .mode = kFifoMode, .parent = kMaxNodes, .name = "",
                             .name_length = 0, .data = nullptr, .size = 0, .tmp_file = slot, .open_count = 0});
  if (!added.ok()) {
    free_pipe(pipes[slot]);
    return Errno::kTooManyFiles;
  }
  return added.value();
}

Result<uint64_t> pipe_read(const OpenFile& file, uint64_t user_buffer, uint64_t size, bool may_block) {
  Pipe& pipe = pipe_of(node(file.node));
  if (pipe.count == 0) {
    if (!pipe.writer_open || !may_block) return uint64_t{0};
    if (file.flags & open_flags::kNonBlocking) return Errno::kAgain;
    wait_and_restart(wait_key(pipe.readers));
    return uint64_t{0};
  }
  uint64_t count = size < pipe.count ? size : pipe.count;
  TRY(copy_ring(pipe, pipe.head, user_buffer, count, true));
  pipe.head = (pipe.head + count) % kPipeCapacity;
  pipe.count -= count;
  wake_all(pipe.writers);
  return count;
}

// A blocking write puts in all its bytes, waiting for room as often as it takes (a restarted call
// goes on after the bytes it put in before, process/threads.h: wait_and_resume); one of at most
// PIPE_BUF bytes goes in whole. A signal or a reader gone midway ends it with the count so far.
// Without may_block (writev after its first transfer) or with O_NONBLOCK it takes what fits.
Result<uint64_t> pipe_write(const OpenFile& file, uint64_t user_buffer, uint64_t size, bool may_block) {
  Pipe& pipe = pipe_of(node(file.node));
  uint64_t done = may_block ? resumed_progress() : 0;
  for (;;) {
    if (!pipe.reader_open) {
      raise_broken_pipe();
      if (done > 0) return done;
      return Errno::kBrokenPipe;
    }
    if (done == size) return done;
    uint64_t room = kPipeCapacity - pipe.count, left = size - done;
    if (room == 0 || (size <= kPipeAtomicSize && room < left)) {
      if (!may_block) return done;
      if (file.flags & open_flags::kNonBlocking) {
        if (done > 0) return done;
        return Errno::kAgain;
      }
      wait_and_resume(wait_key(pipe.writers), done);
      return uint64_t{0};
    }
    uint64_t count = left < room ? left : room;
    Status copied = copy_ring(pipe, pipe.head + pipe.count, user_buffer + done, count, false);
    if (!copied.ok()) {
      if (done > 0) return done;
      return copied.error();
    }
    pipe.count += count;
    done += count;
    wake_all(pipe.readers);
    if ((file.flags & open_flags::kNonBlocking) || !may_block) return done;
  }
}

void pipe_end_closed(uint32_t node_index, bool write_end) {
  Node& target = node(node_index);
  Pipe& pipe = pipe_of(target);
  (write_end ? pipe.writer_open : pipe.reader_open) = false;
  wake_all(write_end ? pipe.readers : pipe.writers);  // readers see EOF, writers EPIPE
  if (target.open_count == 0) {
    free_pipe(pipe);
    remove_node(node_index);
  }
}

void pipe_add_poller(const OpenFile& file) {
  Pipe& pipe = pipe_of(node(file.node));
  if (file.readable()) add_current_poller(pipe.readers);
  if (file.writable()) add_current_poller(pipe.writers);
}

uint32_t pipe_poll_events(const OpenFile& file) {
  const Pipe& pipe = pipe_of(node(file.node));
  uint32_t events = 0;
  if (file.readable()) {
    if (pipe.count > 0) events |= poll_event::kIn | poll_event::kReadNormal;
    if (!pipe.writer_open) events |= poll_event::kHup;
  }
  if (file.writable()) {
    if (kPipeCapacity - pipe.count >= kPipeAtomicSize) events |= poll_event::kOut | poll_event::kWriteNormal;
    if (!pipe.reader_open) events |= poll_event::kErr;
  }
  return events;
}

}  // namespace kernel
