// mkdir, mkdirat, rmdir: directories in the writable /tmp (fs/tmpfs.h); the sealed tree is
// read-only (EROFS). unlinkat with AT_REMOVEDIR is rmdir too (descriptors.cpp calls remove_directory).
#include "fs/node.h"
#include "fs/path.h"
#include "fs/tmpfs.h"
#include "lib/errno.h"
#include "process/process.h"
#include "syscalls/directories.h"
#include "syscalls/handlers.h"

namespace kernel::syscalls {
namespace {

long to_syscall(const Status& status) { return status.ok() ? 0 : negated(status.error()); }

// Linux lets such a directory go and keeps it as "deleted"; here its node would be freed and
// reused under the processes that work in it, so it stays while any of them does.
bool is_working_directory(uint32_t directory) {
  const Process* slots = process_slots();
  for (uint32_t i = 0; i < kMaxProcesses; ++i) {
    if (slots[i].state == ProcessState::kRunning && slots[i].working_directory == directory) return true;
  }
  return false;
}

// Linux accepts "dir/" for mkdir and rmdir: the trailing slashes name the same directory.
Status copy_directory_path(uint64_t user_path, PathBuffer* path) {
  TRY(copy_path_from_user(user_path, path));
  while (path->length > 1 && path->bytes[path->length - 1] == '/') path->bytes[--path->length] = '\0';
  return kOk;
}

Status make_directory(int64_t directory_fd, uint64_t user_path, uint64_t mode) {
  PathBuffer path;
  TRY(copy_directory_path(user_path, &path));
  ParentAndName parent = TRY(resolve_parent(directory_fd, path));
  auto existing = find_child(parent.directory, parent.name, parent.length);
  if (existing.ok()) return Errno::kExists;
  if (existing.error() != Errno::kNoEntry) return existing.error();
  if (!node(parent.directory).writable_directory) return Errno::kReadOnly;
  uint32_t masked = static_cast<uint32_t>(mode) & ~current_process().file_creation_mask;
  TRY(tmpfs_make_directory(parent.directory, parent.name, parent.length, masked));
  return kOk;
}

}  // namespace

Status remove_directory(int64_t directory_fd, const PathBuffer& path) {
  ParentAndName parent = TRY(resolve_parent(directory_fd, path));
  uint32_t found = TRY(find_child(parent.directory, parent.name, parent.length));
  if (node(found).kind != NodeKind::kDirectory) return Errno::kNotDirectory;
  if (is_working_directory(found)) return Errno::kBusy;
  return tmpfs_remove_directory(found);
}

long mkdir(const uint64_t* a) { return to_syscall(make_directory(kAtCurrentDirectory, a[0], a[1])); }
long mkdirat(const uint64_t* a) { return to_syscall(make_directory(static_cast<int32_t>(a[0]), a[1], a[2])); }

long rmdir(const uint64_t* a) {
  PathBuffer path;
  Status copied = copy_directory_path(a[0], &path);
  if (!copied.ok()) return negated(copied.error());
  return to_syscall(remove_directory(kAtCurrentDirectory, path));
}

}  // namespace kernel::syscalls
