// fstat, stat, lstat, newfstatat, statx, getdents64, readlink/readlinkat, access/faccessat/
// faccessat2, getcwd, chdir, fchdir: what the workload can learn about the file tree. Every file
// belongs to root, every timestamp is 0 (sealing is reproducible: there is no meaningful mtime).
#include "fs/file_table.h"
#include "fs/path.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "process/exec.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

// struct stat (arch/x86/include/uapi/asm/stat.h), 144 bytes.
struct [[gnu::packed]] Stat {
  uint64_t device, inode, links;
  uint32_t mode, uid, gid, pad;
  uint64_t rdev;
  int64_t size, block_size, blocks;
  int64_t times[6];  // atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec
  int64_t unused[3];
};
static_assert(sizeof(Stat) == 144);

// struct statx (include/uapi/linux/stat.h), 256 bytes.
struct [[gnu::packed]] Statx {
  uint32_t mask, block_size;
  uint64_t attributes;
  uint32_t links, uid, gid;
  uint16_t mode, pad;
  uint64_t inode, size, blocks, attributes_mask;
  uint8_t times[4][16];  // atime, btime, ctime, mtime: all 0
  uint32_t rdev_major, rdev_minor, device_major, device_minor;
  uint64_t mount_id;
  uint32_t dio_memory_align, dio_offset_align;
  uint64_t spare[12];
};
static_assert(sizeof(Statx) == 256);

constexpr uint64_t kAtSymlinkNoFollow = 0x100, kAtEffectiveAccess = 0x200, kAtNoAutomount = 0x800,
                   kAtEmptyPath = 0x1000, kAtStatxSyncMask = 0x6000;
constexpr uint32_t kStatxBasicStats = 0x7FF;
constexpr uint64_t kBlockSize = 4096;
constexpr uint32_t kAccessExecute = 1, kAccessWrite = 2, kAccessRead = 4;
constexpr char kSelfExePath[] = "/proc/self/exe";

// Linux dirent types (include/linux/fs_types.h).
uint8_t dirent_type(const Node& entry) {
  if (entry.kind == NodeKind::kDirectory) return 4;
  if ((entry.mode & 0170000) == 0020000) return 2;
  return 8;
}

uint32_t link_count(uint32_t index) { return node(index).kind == NodeKind::kDirectory ? 2 : 1; }

Stat stat_of(uint32_t index) {
  const Node& target = node(index);
  Stat result{};
  result.device = 1;
  result.inode = inode_number(index);
  result.links = link_count(index);
  result.mode = target.mode;
  result.size = static_cast<int64_t>(target.size);
  result.block_size = kBlockSize;
  result.blocks = static_cast<int64_t>((target.size + 511) / 512);
  return result;
}

long to_syscall(const Status& status) { return status.ok() ? 0 : negated(status.error()); }
long to_syscall(const Result<uint64_t>& result) { return result.ok() ? static_cast<long>(result.value()) : negated(result.error()); }

// The node a *at() call names: the path, or with AT_EMPTY_PATH and "" the descriptor itself.
Result<uint32_t> node_at(int64_t directory_fd, uint64_t user_path, uint64_t flags) {
  PathBuffer path;
  TRY(copy_path_from_user(user_path, &path, (flags & kAtEmptyPath) != 0));
  if (path.length > 0) {
    uint32_t found = TRY(resolve_path(directory_fd, path));
    return (flags & kAtSymlinkNoFollow) ? found : follow_self_exe(found);
  }
  if (directory_fd == kAtCurrentDirectory) return current_directory();
  if (directory_fd < 0) return Errno::kBadFd;
  return TRY(lookup_descriptor(static_cast<uint64_t>(directory_fd)))->node;
}

Status stat_at(int64_t directory_fd, uint64_t user_path, uint64_t user_stat, uint64_t flags) {
  if ((flags & ~(kAtSymlinkNoFollow | kAtNoAutomount | kAtEmptyPath)) != 0) return Errno::kInvalid;
  Stat result = stat_of(TRY(node_at(directory_fd, user_path, flags)));
  return copy_to_user(user_stat, &result, sizeof result);
}

Status statx_at(int64_t directory_fd, uint64_t user_path, uint64_t flags, uint64_t user_statx) {
  if ((flags & ~(kAtSymlinkNoFollow | kAtNoAutomount | kAtEmptyPath | kAtStatxSyncMask)) != 0) return Errno::kInvalid;
  uint32_t index = TRY(node_at(directory_fd, user_path, flags));
  Stat basic = stat_of(index);
  Statx result{};
  result.mask = kStatxBasicStats;
  result.block_size = kBlockSize;
  result.links = link_count(index);
  result.mode = static_cast<uint16_t>(basic.mode);
  result.inode = basic.inode;
  result.size = static_cast<uint64_t>(basic.size);
  result.blocks = static_cast<uint64_t>(basic.blocks);
  result.device_minor = 1;
  return copy_to_user(user_statx, &result, sizeof result);
}

// Entries "." and ".." (positions 0 and 1), then children by table index (position index + 2).
Result<uint64_t> list_directory(uint64_t fd, uint64_t user_buffer, uint64_t capacity) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  uint32_t directory = file->node;
  if (node(directory).kind != NodeKind::kDirectory) return Errno::kNotDirectory;
  uint64_t written = 0;
  for (;;) {
    uint64_t position = file->offset;
    uint32_t child = position < 2 ? kMaxNodes : next_child(directory, static_cast<uint32_t>(position - 2));
    if (position >= 2 && child == kMaxNodes) break;
    const char* name = position == 0 ? "." : position == 1 ? ".." : node(child).name;
    size_t length = position < 2 ? position + 1 : node(child).name_length;
    uint32_t inode_of = position == 0 ? directory : position == 1 ? node(directory).parent : child;
    uint64_t record = (19 + length + 1 + 7) & ~uint64_t{7};
    if (written + record > capacity) {
      if (written == 0) return Errno::kInvalid;
      break;
    }
    uint64_t next = position < 2 ? position + 1 : uint64_t{child} + 3;
    uint8_t entry[19 + 256 + 8] = {};
    uint64_t inode = inode_number(inode_of);
    auto record_length = static_cast<uint16_t>(record);
    memcpy(entry, &inode, 8);
    memcpy(entry + 8, &next, 8);
    memcpy(entry + 16, &record_length, 2);
    entry[18] = position < 2 ? 4 : dirent_type(node(child));
    memcpy(entry + 19, name, length);
    TRY(copy_to_user(user_buffer + written, entry, record));
    written += record;
    file->offset = next;
  }
  return written;
}

Result<uint64_t> read_link(int64_t directory_fd, uint64_t user_path, uint64_t user_buffer, uint64_t size) {
  PathBuffer path;
  TRY(copy_path_from_user(user_path, &path));
  uint32_t index = TRY(resolve_path(directory_fd, path));
  if (static_cast<int64_t>(size) <= 0) return Errno::kInvalid;
  // The one link-like name: the program the process runs, a sealed file after an execve; the
  // workload's own executable exists only under this path.
  if (node(index).kind != NodeKind::kSelfExe) return Errno::kInvalid;
  uint32_t program = follow_self_exe(index);
  const char* target = kSelfExePath;
  uint64_t length = sizeof kSelfExePath - 1;
  if (program != index) {
    length = TRY(absolute_path(program, path.bytes, sizeof path.bytes)) - 1;  // the path is no longer needed
    target = path.bytes;
  }
  uint64_t count = length < size ? length : size;
  TRY(copy_to_user(user_buffer, target, count));
  return count;
}

Status check_access(int64_t directory_fd, uint64_t user_path, uint64_t mode, uint64_t flags) {
  if ((mode & ~uint64_t{kAccessRead | kAccessWrite | kAccessExecute}) != 0) return Errno::kInvalid;
  if ((flags & ~(kAtSymlinkNoFollow | kAtEffectiveAccess | kAtEmptyPath)) != 0) return Errno::kInvalid;
  const Node& target = node(TRY(node_at(directory_fd, user_path, flags)));
  bool sealed = target.kind == NodeKind::kSealedFile || target.kind == NodeKind::kSelfExe ||
                (target.kind == NodeKind::kDirectory && !target.writable_directory);
  if ((mode & kAccessWrite) && sealed) return Errno::kReadOnly;
  // Root may read and write anything, and execute what has an execute bit (or search a directory).
  if ((mode & kAccessExecute) && (target.mode & 0111) == 0) return Errno::kAccess;
  return kOk;
}

Result<uint64_t> get_working_directory(uint64_t user_buffer, uint64_t size) {
  char path[kPathMax];
  uint64_t length = TRY(absolute_path(current_directory(), path, sizeof path));
  if (length > size) return Errno::kRange;
  TRY(copy_to_user(user_buffer, path, length));
  return length;
}

Status change_directory(uint32_t index) {
  if (node(index).kind != NodeKind::kDirectory) return Errno::kNotDirectory;
  set_current_directory(index);
  return kOk;
}

Status change_directory_path(uint64_t user_path) {
  PathBuffer path;
  TRY(copy_path_from_user(user_path, &path));
  return change_directory(TRY(resolve_path(kAtCurrentDirectory, path)));
}

Status change_directory_fd(uint64_t fd) { return change_directory(TRY(lookup_descriptor(fd))->node); }

int64_t directory_argument(uint64_t value) { return static_cast<int32_t>(value); }

}  // namespace

long stat(const uint64_t* a) { return to_syscall(stat_at(kAtCurrentDirectory, a[0], a[1], 0)); }
long lstat(const uint64_t* a) { return to_syscall(stat_at(kAtCurrentDirectory, a[0], a[1], kAtSymlinkNoFollow)); }
long fstat(const uint64_t* a) {
  auto file = lookup_descriptor(a[0]);
  if (!file.ok()) return negated(file.error());
  Stat result = stat_of(file.value()->node);
  return to_syscall(copy_to_user(a[1], &result, sizeof result));
}
long newfstatat(const uint64_t* a) { return to_syscall(stat_at(directory_argument(a[0]), a[1], a[2], a[3])); }
long statx(const uint64_t* a) { return to_syscall(statx_at(directory_argument(a[0]), a[1], a[2], a[4])); }
long getdents64(const uint64_t* a) { return to_syscall(list_directory(a[0], a[1], a[2])); }
long readlink(const uint64_t* a) { return to_syscall(read_link(kAtCurrentDirectory, a[0], a[1], a[2])); }
long readlinkat(const uint64_t* a) { return to_syscall(read_link(directory_argument(a[0]), a[1], a[2], a[3])); }
long access(const uint64_t* a) { return to_syscall(check_access(kAtCurrentDirectory, a[0], a[1], 0)); }
long faccessat(const uint64_t* a) { return to_syscall(check_access(directory_argument(a[0]), a[1], a[2], 0)); }
long faccessat2(const uint64_t* a) { return to_syscall(check_access(directory_argument(a[0]), a[1], a[2], a[3])); }
long getcwd(const uint64_t* a) { return to_syscall(get_working_directory(a[0], a[1])); }
long chdir(const uint64_t* a) { return to_syscall(change_directory_path(a[0])); }
long fchdir(const uint64_t* a) { return to_syscall(change_directory_fd(a[0])); }

}  // namespace kernel::syscalls
