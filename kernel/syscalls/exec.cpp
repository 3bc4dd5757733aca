// execve, execveat: resolving the path, then process/exec.h (sealed executables only).
#include "fs/file_table.h"
#include "fs/path.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "process/exec.h"
#include "syscalls/handlers.h"

namespace kernel::syscalls {
namespace {

constexpr uint64_t kAtSymlinkNoFollow = 0x100, kAtEmptyPath = 0x1000;  // include/uapi/linux/fcntl.h

// "/dev/fd/N": what Linux names a program run through its descriptor (a script's interpreter sees it).
void name_descriptor(uint64_t fd, PathBuffer& path) {
  constexpr char kPrefix[] = "/dev/fd/";
  char digits[20];
  size_t count = 0;
  do {
    digits[count++] = static_cast<char>('0' + fd % 10);
    fd /= 10;
  } while (fd != 0);
  memcpy(path.bytes, kPrefix, sizeof kPrefix - 1);
  path.length = sizeof kPrefix - 1;
  while (count > 0) path.bytes[path.length++] = digits[--count];
  path.bytes[path.length] = '\0';
}

Status execute_at(int64_t directory_fd, uint64_t user_path, uint64_t user_argv, uint64_t user_envp, uint64_t flags) {
  if ((flags & ~(kAtSymlinkNoFollow | kAtEmptyPath)) != 0) return Errno::kInvalid;
  PathBuffer path;
  TRY(copy_path_from_user(user_path, &path, (flags & kAtEmptyPath) != 0));
  uint32_t target = 0;
  if (path.length == 0) {
    // AT_EMPTY_PATH: the descriptor itself (fexecve), named as Linux names it to a script.
    if (directory_fd < 0) return Errno::kBadFd;
    target = TRY(lookup_descriptor(static_cast<uint64_t>(directory_fd)))->node;
    name_descriptor(static_cast<uint64_t>(directory_fd), path);
  } else {
    target = TRY(resolve_path(directory_fd, path));
  }
  return execute_program(target, path.bytes, user_argv, user_envp);
}

long to_syscall(const Status& status) { return status.ok() ? 0 : negated(status.error()); }

}  // namespace

long execve(const uint64_t* a) { return to_syscall(execute_at(kAtCurrentDirectory, a[0], a[1], a[2], 0)); }
long execveat(const uint64_t* a) {
  return to_syscall(execute_at(static_cast<int64_t>(static_cast<int32_t>(a[0])), a[1], a[2], a[3], a[4]));
}

}  // namespace kernel::syscalls
