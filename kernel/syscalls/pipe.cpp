// pipe, pipe2: a new pipe (fs/pipe.h) with its read end at fds[0] and its write end at fds[1].
#include "fs/file_table.h"
#include "fs/pipe.h"
#include "lib/errno.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

namespace of = open_flags;

Status open_pipe(uint64_t user_fds, uint64_t flags) {
  if ((flags & ~uint64_t{of::kCloseOnExec | of::kNonBlocking}) != 0) return Errno::kInvalid;  // no O_DIRECT packets
  bool close_on_exec = (flags & of::kCloseOnExec) != 0;
  uint32_t status = static_cast<uint32_t>(flags) & of::kNonBlocking;
  uint32_t pipe_node = TRY(create_pipe());
  auto reader = create_description(pipe_node, of::kReadOnly | status);
  if (!reader.ok()) {
    pipe_end_closed(pipe_node, true);  // no description refers to it: this frees it
    return reader.error();
  }
  auto writer = create_description(pipe_node, of::kWriteOnly | status);
  if (!writer.ok()) {
    release_description(reader.value());
    return writer.error();
  }
  int fds[2] = {-1, -1};
  auto read_fd = install_description(reader.value(), close_on_exec);
  if (read_fd.ok()) fds[0] = read_fd.value();
  auto write_fd = read_fd.ok() ? install_description(writer.value(), close_on_exec) : read_fd;
  if (write_fd.ok()) fds[1] = write_fd.value();
  Status copied = write_fd.ok() ? copy_to_user(user_fds, fds, sizeof fds) : Status(write_fd.error());
  if (copied.ok()) return kOk;
  // Undo: descriptors that were installed are closed; the rest are dropped.
  if (fds[0] >= 0) (void)close_descriptor(static_cast<uint64_t>(fds[0])); else release_description(reader.value());
  if (fds[1] >= 0) (void)close_descriptor(static_cast<uint64_t>(fds[1])); else release_description(writer.value());
  return copied;
}

long to_syscall(const Status& status) { return status.ok() ? 0 : negated(status.error()); }

}  // namespace

long pipe(const uint64_t* a) { return to_syscall(open_pipe(a[0], 0)); }
long pipe2(const uint64_t* a) { return to_syscall(open_pipe(a[0], a[1])); }

}  // namespace kernel::syscalls
