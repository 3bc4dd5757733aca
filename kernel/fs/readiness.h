// Readiness of an open file for poll, ppoll, select and pselect6: which of the poll events are
// true now, for every kind of node. Linux's rule for files that never block (sealed files, /tmp
// files, directories, /dev/null, /dev/zero, /dev/urandom, attestation) is "always readable and
// writable" (DEFAULT_POLLMASK); the console is readable once a byte waits or stdin has ended;
// pipes say what their buffer and their other end allow (fs/pipe.h). A poll that waits is woken
// by any of its files (process/wait_queue.h).
#pragma once
#include <stdint.h>

#include "fs/file_table.h"

namespace kernel {

// poll events (include/uapi/asm-generic/poll.h).
namespace poll_event {
inline constexpr uint32_t kIn = 0x001, kPri = 0x002, kOut = 0x004, kErr = 0x008, kHup = 0x010, kInvalid = 0x020,
                          kReadNormal = 0x040, kReadBand = 0x080, kWriteNormal = 0x100, kWriteBand = 0x200;
inline constexpr uint32_t kDefault = kIn | kOut | kReadNormal | kWriteNormal;  // DEFAULT_POLLMASK
}  // namespace poll_event

// The events true for file now; the caller intersects them with what was asked (POLLERR and
// POLLHUP are reported whether asked or not).
uint32_t poll_events(const OpenFile& file);
// poll, select found nothing ready: the current thread is woken when file's readiness may change
// (pipes and the console; every other file is always ready). It sleeps on current_poll_key().
void add_poller(const OpenFile& file);

}  // namespace kernel
