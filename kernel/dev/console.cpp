// The console on COM1: fds 0-2 and /dev/console. The end of stdin follows the device contract:
// read returns 0 once the host has announced the end (kStdinEof) and that many bytes were read.
// Input raises no interrupt: a reader or poller waiting for it sleeps on the console's wait queue,
// and the scheduler looks at the UART for them whenever it picks a thread (wake_console_waiters).
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/uart.h"
#include "dev/devices.h"
#include "hostcall/channel.h"
#include "process/threads.h"
#include "process/wait_queue.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

constexpr size_t kChunk = 512;
// Pauses between polls of an idle console: polling back to back starves QEMU's main loop, which
// needs the same lock to deliver the next byte (measured: ~2x the stdin throughput under TCG).
constexpr int kIdlePauses = 256;

uint64_t console_bytes_read = 0;  // COM1 bytes handed to any reader: the stdin-EOF rule
WaitQueue input_waiters;

bool stdin_ended() {
  const StdinEnd& end = stdin_end();
  return end.announced && console_bytes_read >= end.total_bytes;
}

}  // namespace

Result<uint64_t> console_read(uint64_t user_buffer, uint64_t size, bool may_block) {
  uint8_t chunk[kChunk];
  for (;;) {
    size_t count = console_uart().read_available(chunk, size < kChunk ? size : kChunk);
    if (count > 0) {
      console_bytes_read += count;
      TRY(copy_to_user(user_buffer, chunk, count));
      return uint64_t{count};
    }
    if (!may_block) return uint64_t{0};
    poll_hostcall();
    if (stdin_ended()) return uint64_t{0};
    if (live_threads() > 1) {
      // Let the other threads run; this one makes the same read again when input is there.
      wait_and_restart(wait_key(input_waiters));
      return uint64_t{0};
    }
    for (int i = 0; i < kIdlePauses; ++i) x86::pause();
  }
}

bool console_input_ready() {
  poll_hostcall();
  return console_uart().has_input() || stdin_ended();
}

void console_add_poller() { add_current_poller(input_waiters); }

bool wake_console_waiters() {
  if (!has_waiters(input_waiters)) return false;
  if (console_input_ready()) wake_all(input_waiters);
  return true;
}

Result<uint64_t> console_write(uint64_t user_buffer, uint64_t size) {
  uint8_t chunk[kChunk];
  uint64_t written = 0;
  while (written < size) {
    uint64_t count = size - written < kChunk ? size - written : kChunk;
    if (!copy_from_user(chunk, user_buffer + written, count).ok()) {
      if (written > 0) return written;
      return Errno::kFault;
    }
    console_uart().write(chunk, count);
    written += count;
  }
  return written;
}

}  // namespace kernel
