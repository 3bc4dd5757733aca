#include "fs/file_io.h"

#include "dev/devices.h"
#include "fs/pipe.h"
#include "fs/tmpfs.h"
#include "preset/subsystems.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

Result<uint64_t> read_bytes(const Node& source, uint64_t offset, uint64_t user_buffer, uint64_t size) {
  if (offset >= source.size) return uint64_t{0};
  uint64_t count = source.size - offset < size ? source.size - offset : size;
  TRY(copy_to_user(user_buffer, source.data + offset, count));
  return count;
}

}  // namespace

Result<uint64_t> file_read(const OpenFile& file, uint64_t offset, uint64_t user_buffer, uint64_t size, bool may_block) {
  if (!file.readable()) return Errno::kBadFd;
  const Node& source = node(file.node);
  switch (source.kind) {
    case NodeKind::kDirectory: return Errno::kIsDirectory;
    case NodeKind::kSealedFile:
    case NodeKind::kSelfExe: return read_bytes(source, offset, user_buffer, size);
    case NodeKind::kDevice: return device_read(source.device, offset, user_buffer, size, may_block);
    // Without the subsystem there are no such nodes, and the code is not compiled in.
    case NodeKind::kTmpFile:
      if constexpr (kPresetHasFiles) return tmpfs_read(source, offset, user_buffer, size);
      break;
    case NodeKind::kPipe:
      if constexpr (kPresetHasProcesses) return pipe_read(file, user_buffer, size, may_block);
      break;
  }
  return Errno::kInvalid;
}

Result<uint64_t> file_write(const OpenFile& file, uint64_t offset, uint64_t user_buffer, uint64_t size, bool may_block) {
  if (!file.writable()) return Errno::kBadFd;
  Node& target = node(file.node);
  switch (target.kind) {
    case NodeKind::kDevice: return device_write(target.device, offset, user_buffer, size);
    case NodeKind::kTmpFile:
      if constexpr (kPresetHasFiles) return tmpfs_write(target, offset, user_buffer, size);
      break;
    case NodeKind::kPipe:
      if constexpr (kPresetHasProcesses) return pipe_write(file, user_buffer, size, may_block);
      break;
    case NodeKind::kDirectory: return Errno::kIsDirectory;
    case NodeKind::kSealedFile:
    case NodeKind::kSelfExe: return Errno::kReadOnly;
  }
  return Errno::kInvalid;
}

bool file_seekable(const OpenFile& file) {
  const Node& target = node(file.node);
  if (target.kind == NodeKind::kPipe) return false;
  return target.kind != NodeKind::kDevice || device_seekable(target.device);
}

}  // namespace kernel
