// openat/open, close, dup/dup2/dup3, fcntl, ftruncate, unlinkat/unlink: creating and retiring
// descriptors. Sealed files are read-only (EROFS for any write access); only /tmp takes new files.
#include "fs/file_table.h"
#include "fs/path.h"
#include "fs/tmpfs.h"
#include "lib/errno.h"
#include "process/exec.h"
#include "syscalls/directories.h"
#include "syscalls/handlers.h"

namespace kernel::syscalls {
namespace {

namespace of = open_flags;

// fcntl commands (include/uapi/asm-generic/fcntl.h, linux/fcntl.h).
constexpr uint64_t kDupFd = 0, kGetFd = 1, kSetFd = 2, kGetFl = 3, kSetFl = 4, kDupFdCloseOnExec = 1030;
constexpr uint64_t kFdCloseOnExec = 1;
constexpr uint32_t kChangeableFlags = of::kAppend | of::kNonBlocking;
constexpr uint32_t kKnownFlags = of::kAccessMode | of::kCreate | of::kExclusive | of::kNoControllingTty |
                                 of::kTruncate | of::kAppend | of::kNonBlocking | of::kLargeFile | of::kDirectory |
                                 of::kNoFollow | of::kCloseOnExec | of::kPath | of::kTmpFile | 040000 /* O_DIRECT */ |
                                 04010000 /* O_SYNC */ | 01000000 /* O_NOATIME */;
constexpr uint64_t kRemoveDirectory = 0x200;  // AT_REMOVEDIR

long to_syscall(const Result<int>& result) { return result.ok() ? result.value() : negated(result.error()); }
long to_syscall(const Status& status) { return status.ok() ? 0 : negated(status.error()); }

// The node for an open with O_CREAT: the existing one, or a new /tmp file.
Result<uint32_t> find_or_create(int64_t directory_fd, const PathBuffer& path, uint32_t flags) {
  ParentAndName parent = TRY(resolve_parent(directory_fd, path));
  auto existing = find_child(parent.directory, parent.name, parent.length);
  if (existing.ok()) {
    if (flags & of::kExclusive) return Errno::kExists;
    if (path.bytes[path.length - 1] == '/' && node(existing.value()).kind != NodeKind::kDirectory) return Errno::kIsDirectory;
    return existing.value();
  }
  if (existing.error() != Errno::kNoEntry) return existing.error();
  if (path.bytes[path.length - 1] == '/') return Errno::kIsDirectory;
  if (!node(parent.directory).writable_directory) return Errno::kReadOnly;
  return tmpfs_create(parent.directory, parent.name, parent.length);
}

// The access checks Linux makes at open time, in its order.
Status check_open(Node& target, uint32_t flags) {
  bool wants_write = (flags & of::kAccessMode) != of::kReadOnly || (flags & of::kTruncate);
  if ((flags & of::kAccessMode) == of::kAccessMode) return Errno::kInvalid;
  if ((flags & of::kDirectory) && target.kind != NodeKind::kDirectory) return Errno::kNotDirectory;
  if (flags & of::kPath) return kOk;
  if (target.kind == NodeKind::kDirectory && wants_write) return Errno::kIsDirectory;
  if (wants_write && (target.kind == NodeKind::kSealedFile || target.kind == NodeKind::kSelfExe)) return Errno::kReadOnly;
  if (wants_write && target.kind == NodeKind::kDevice && target.device == Device::kReport) return Errno::kAccess;
  if ((flags & of::kTruncate) && target.kind == NodeKind::kTmpFile) TRY(tmpfs_truncate(target, 0));
  return kOk;
}

Result<int> open_path(int64_t directory_fd, uint64_t user_path, uint64_t flags_argument) {
  auto flags = static_cast<uint32_t>(flags_argument);
  if ((flags_argument & ~uint64_t{kKnownFlags}) != 0) return Errno::kInvalid;
  if ((flags & of::kTmpFile) == of::kTmpFile) return Errno::kNotSupported;
  PathBuffer path;
  TRY(copy_path_from_user(user_path, &path));
  Result<uint32_t> resolved = (flags & of::kCreate) ? find_or_create(directory_fd, path, flags) : resolve_path(directory_fd, path);
  uint32_t found = follow_self_exe(TRY(resolved));
  TRY(check_open(node(found), flags));
  uint32_t kept = flags & ~(of::kCreate | of::kExclusive | of::kTruncate | of::kCloseOnExec | of::kNoControllingTty);
  return open_description(found, kept, (flags & of::kCloseOnExec) != 0);
}

Result<int> file_control(uint64_t fd, uint64_t command, uint64_t argument) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  switch (command) {
    case kDupFd:
    case kDupFdCloseOnExec:
      if (argument >= static_cast<uint64_t>(kMaxDescriptors)) return Errno::kInvalid;
      return duplicate_descriptor(fd, -1, static_cast<int>(argument), command == kDupFdCloseOnExec);
    case kGetFd: return TRY(close_on_exec(fd)) ? static_cast<int>(kFdCloseOnExec) : 0;
    case kSetFd: TRY(set_close_on_exec(fd, (argument & kFdCloseOnExec) != 0)); return 0;
    case kGetFl: return static_cast<int>(file->flags);
    case kSetFl:
      file->flags = (file->flags & ~kChangeableFlags) | (static_cast<uint32_t>(argument) & kChangeableFlags);
      return 0;
    default: return Errno::kInvalid;
  }
}

Status truncate_file(uint64_t fd, int64_t length) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  if (length < 0) return Errno::kInvalid;
  Node& target = node(file->node);
  if (!file->writable()) return target.kind == NodeKind::kSealedFile ? Errno::kReadOnly : Errno::kInvalid;
  if (target.kind != NodeKind::kTmpFile) return Errno::kInvalid;
  return tmpfs_truncate(target, static_cast<uint64_t>(length));
}

Status unlink_path(int64_t directory_fd, uint64_t user_path, uint64_t flags) {
  if ((flags & ~kRemoveDirectory) != 0) return Errno::kInvalid;
  PathBuffer path;
  TRY(copy_path_from_user(user_path, &path));
  if (flags & kRemoveDirectory) return remove_directory(directory_fd, path);
  ParentAndName parent = TRY(resolve_parent(directory_fd, path));
  uint32_t found = TRY(find_child(parent.directory, parent.name, parent.length));
  Node& target = node(found);
  if (target.kind == NodeKind::kDirectory) return Errno::kIsDirectory;
  if (!node(parent.directory).writable_directory || target.kind != NodeKind::kTmpFile) return Errno::kReadOnly;
  if (target.open_count > 0) {
    target.parent = kMaxNodes;  // out of every directory; freed with its last description
  } else {
    tmpfs_release(target);
    remove_node(found);
  }
  return kOk;
}

}  // namespace

long open(const uint64_t* a) { return to_syscall(open_path(kAtCurrentDirectory, a[0], a[1])); }
long openat(const uint64_t* a) { return to_syscall(open_path(static_cast<int64_t>(static_cast<int32_t>(a[0])), a[1], a[2])); }
long close(const uint64_t* a) { return to_syscall(close_descriptor(a[0])); }
long dup(const uint64_t* a) { return to_syscall(duplicate_descriptor(a[0], -1, 0, false)); }

long dup2(const uint64_t* a) {
  if (a[1] >= static_cast<uint64_t>(kMaxDescriptors)) return negated(Errno::kBadFd);
  if (a[0] == a[1]) {
    auto open = lookup_descriptor(a[0]);
    return open.ok() ? static_cast<long>(a[0]) : negated(open.error());
  }
  return to_syscall(duplicate_descriptor(a[0], static_cast<int>(a[1]), 0, false));
}

long dup3(const uint64_t* a) {
  if ((a[2] & ~uint64_t{of::kCloseOnExec}) != 0 || a[0] == a[1]) return negated(Errno::kInvalid);
  if (a[1] >= static_cast<uint64_t>(kMaxDescriptors)) return negated(Errno::kBadFd);
  return to_syscall(duplicate_descriptor(a[0], static_cast<int>(a[1]), 0, (a[2] & of::kCloseOnExec) != 0));
}

long fcntl(const uint64_t* a) { return to_syscall(file_control(a[0], a[1], a[2])); }
long ftruncate(const uint64_t* a) { return to_syscall(truncate_file(a[0], static_cast<int64_t>(a[1]))); }
long unlink(const uint64_t* a) { return to_syscall(unlink_path(kAtCurrentDirectory, a[0], 0)); }
long unlinkat(const uint64_t* a) { return to_syscall(unlink_path(static_cast<int32_t>(a[0]), a[1], a[2])); }

}  // namespace kernel::syscalls
