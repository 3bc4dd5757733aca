// read, write, pread64, pwrite64, readv, writev, lseek, ioctl: moving bytes through descriptors
// (fs/file_io.h does the per-node work).
#include "fs/file_io.h"
#include "lib/errno.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

constexpr uint64_t kMaxIovecs = 1024;  // IOV_MAX
constexpr uint64_t kMaxTransfer = 0x7FFF'F000;  // Linux's MAX_RW_COUNT
constexpr uint64_t kSeekSet = 0, kSeekCurrent = 1, kSeekEnd = 2;

struct Iovec {
  uint64_t base;
  uint64_t length;
};

long to_syscall(const Result<uint64_t>& result) {
  return result.ok() ? static_cast<long>(result.value()) : negated(result.error());
}

uint64_t clamp(uint64_t size) { return size < kMaxTransfer ? size : kMaxTransfer; }

// One transfer at the file's position (or the end, for O_APPEND writes), advancing it.
Result<uint64_t> transfer(OpenFile& file, uint64_t user_buffer, uint64_t size, bool reading, bool may_block) {
  if (!reading && (file.flags & open_flags::kAppend)) file.offset = node(file.node).size;
  Result<uint64_t> result = reading ? file_read(file, file.offset, user_buffer, size, may_block)
                                    : file_write(file, file.offset, user_buffer, size, may_block);
  uint64_t done = TRY(result);
  if (file_seekable(file)) file.offset += done;
  return done;
}

// readv/writev: walks the iovec array, stopping at the first short transfer.
Result<uint64_t> transfer_vector(uint64_t fd, uint64_t user_iovecs, uint64_t count, bool reading) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  if (count > kMaxIovecs) return Errno::kInvalid;
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    Iovec iovec;
    TRY(copy_from_user(&iovec, user_iovecs + i * sizeof iovec, sizeof iovec));
    if (iovec.length > kMaxTransfer - total) return Errno::kInvalid;
    if (iovec.length == 0) continue;
    auto done = transfer(*file, iovec.base, iovec.length, reading, total == 0);
    if (!done.ok()) {
      if (total > 0) return total;
      return done.error();
    }
    total += done.value();
    if (done.value() < iovec.length) break;
  }
  return total;
}

Result<uint64_t> positional(uint64_t fd, uint64_t user_buffer, uint64_t size, int64_t offset, bool reading) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  if (offset < 0) return Errno::kInvalid;
  if (!file_seekable(*file)) return Errno::kIllegalSeek;
  if (reading) return file_read(*file, static_cast<uint64_t>(offset), user_buffer, clamp(size));
  return file_write(*file, static_cast<uint64_t>(offset), user_buffer, clamp(size));
}

Result<uint64_t> seek(uint64_t fd, int64_t offset, uint64_t whence) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  if (!file_seekable(*file)) return Errno::kIllegalSeek;
  const Node& target = node(file->node);
  if (target.kind == NodeKind::kDirectory) {
    // Only a rewind is meaningful for a directory listing (its position is a table index).
    if (whence != kSeekSet || offset != 0) return Errno::kInvalid;
    file->offset = 0;
    return uint64_t{0};
  }
  int64_t base = 0;
  switch (whence) {
    case kSeekSet: base = 0; break;
    case kSeekCurrent: base = static_cast<int64_t>(file->offset); break;
    case kSeekEnd: base = static_cast<int64_t>(target.size); break;
    default: return Errno::kInvalid;
  }
  int64_t position = 0;
  if (__builtin_add_overflow(base, offset, &position) || position < 0) return Errno::kInvalid;
  file->offset = static_cast<uint64_t>(position);
  return file->offset;
}

}  // namespace

long read(const uint64_t* a) {
  auto file = lookup_descriptor(a[0]);
  if (!file.ok()) return negated(file.error());
  if (a[2] == 0) return file.value()->readable() ? 0 : negated(Errno::kBadFd);
  return to_syscall(transfer(*file.value(), a[1], clamp(a[2]), true, true));
}

long write(const uint64_t* a) {
  auto file = lookup_descriptor(a[0]);
  if (!file.ok()) return negated(file.error());
  if (a[2] == 0) return file.value()->writable() ? 0 : negated(Errno::kBadFd);
  return to_syscall(transfer(*file.value(), a[1], clamp(a[2]), false, true));
}

long pread64(const uint64_t* a) { return to_syscall(positional(a[0], a[1], a[2], static_cast<int64_t>(a[3]), true)); }
long pwrite64(const uint64_t* a) { return to_syscall(positional(a[0], a[1], a[2], static_cast<int64_t>(a[3]), false)); }
long readv(const uint64_t* a) { return to_syscall(transfer_vector(a[0], a[1], a[2], true)); }
long writev(const uint64_t* a) { return to_syscall(transfer_vector(a[0], a[1], a[2], false)); }
long lseek(const uint64_t* a) { return to_syscall(seek(a[0], static_cast<int64_t>(a[1]), a[2])); }

long ioctl(const uint64_t* a) {
  // The console is a serial line, not a terminal: no window size, no termios (musl then
  // buffers stdout fully, as for a pipe). Nothing else takes an ioctl either.
  auto file = lookup_descriptor(a[0]);
  return file.ok() ? negated(Errno::kNotTty) : negated(file.error());
}

}  // namespace kernel::syscalls
