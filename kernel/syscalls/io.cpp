// read, write, readv, writev, ioctl on the console. fd 0 reads COM1, fds 1 and 2 write COM1 (bytes
// as they are). Other descriptors do not exist. Ends of stdin follow the device contract: read(0)
// returns 0 once the host has announced the end (kStdinEof) and that many bytes have been read.
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/uart.h"
#include "hostcall/channel.h"
#include "lib/errno.h"
#include "process/workload.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

constexpr size_t kChunk = 512;
constexpr uint64_t kMaxIovecs = 1024;  // IOV_MAX
constexpr uint64_t kMaxTransfer = 0x7FFF'F000;  // Linux's MAX_RW_COUNT
// Pauses between polls of an idle console: polling back to back starves QEMU's main loop, which
// needs the same lock to deliver the next byte (measured: ~2x the stdin throughput under TCG).
constexpr int kIdlePauses = 256;

struct Iovec {
  uint64_t base;
  uint64_t length;
};

bool stdin_ended() {
  const StdinEnd& end = stdin_end();
  return end.announced && workload().console_bytes_read >= end.total_bytes;
}

// Copies the console bytes already waiting (at most size) to user memory; with may_block, waits
// for at least one byte or the end of stdin.
long read_console(uint64_t user_buffer, uint64_t size, bool may_block) {
  uint8_t chunk[kChunk];
  for (;;) {
    size_t count = console_uart().read_available(chunk, size < kChunk ? size : kChunk);
    if (count > 0) {
      workload().console_bytes_read += count;
      if (!copy_to_user(user_buffer, chunk, count).ok()) return negated(Errno::kFault);
      return static_cast<long>(count);
    }
    if (!may_block) return 0;
    poll_hostcall();
    if (stdin_ended()) return 0;
    for (int i = 0; i < kIdlePauses; ++i) x86::pause();
  }
}

long write_console(uint64_t user_buffer, uint64_t size) {
  uint8_t chunk[kChunk];
  uint64_t written = 0;
  while (written < size) {
    uint64_t count = size - written < kChunk ? size - written : kChunk;
    if (!copy_from_user(chunk, user_buffer + written, count).ok()) {
      return written > 0 ? static_cast<long>(written) : negated(Errno::kFault);
    }
    console_uart().write(chunk, count);
    written += count;
  }
  return static_cast<long>(written);
}

bool is_output(uint64_t fd) { return fd == 1 || fd == 2; }

// readv/writev: walks the iovec array, stopping at the first short transfer.
long transfer_vector(uint64_t fd, uint64_t user_iovecs, uint64_t count, bool reading) {
  if (reading ? fd != 0 : !is_output(fd)) return negated(Errno::kBadFd);
  if (count > kMaxIovecs) return negated(Errno::kInvalid);
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    Iovec iovec;
    if (!copy_from_user(&iovec, user_iovecs + i * sizeof iovec, sizeof iovec).ok()) return negated(Errno::kFault);
    if (iovec.length > kMaxTransfer - total) return negated(Errno::kInvalid);
    if (iovec.length == 0) continue;
    long done = reading ? read_console(iovec.base, iovec.length, total == 0) : write_console(iovec.base, iovec.length);
    if (done < 0) return total > 0 ? static_cast<long>(total) : done;
    total += static_cast<uint64_t>(done);
    if (static_cast<uint64_t>(done) < iovec.length) break;
  }
  return static_cast<long>(total);
}

}  // namespace

long read(const uint64_t* a) {
  if (a[0] != 0) return negated(Errno::kBadFd);
  if (a[2] == 0) return 0;
  return read_console(a[1], a[2] < kMaxTransfer ? a[2] : kMaxTransfer, true);
}

long write(const uint64_t* a) {
  if (!is_output(a[0])) return negated(Errno::kBadFd);
  return write_console(a[1], a[2] < kMaxTransfer ? a[2] : kMaxTransfer);
}

long readv(const uint64_t* a) { return transfer_vector(a[0], a[1], a[2], true); }
long writev(const uint64_t* a) { return transfer_vector(a[0], a[1], a[2], false); }

long ioctl(const uint64_t* a) {
  // The console is a serial line, not a terminal: no window size, no termios (musl then
  // buffers stdout fully, as for a pipe).
  return a[0] <= 2 ? negated(Errno::kNotTty) : negated(Errno::kBadFd);
}

}  // namespace kernel::syscalls
