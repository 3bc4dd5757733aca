// select, pselect6: readiness of the descriptors in three bit sets (fs/readiness.h), waiting up
// to a timeout (syscalls/readiness_wait.h). The sets are rewritten only when the call returns.
#include "fs/readiness.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "syscalls/handlers.h"
#include "syscalls/readiness_wait.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

constexpr uint64_t kWords = kMaxDescriptors / 64;
// Linux's POLLIN_SET, POLLOUT_SET, POLLEX_SET (fs/select.c).
constexpr uint32_t kReadable = poll_event::kIn | poll_event::kReadNormal | poll_event::kReadBand | poll_event::kHup |
                               poll_event::kErr;
constexpr uint32_t kWritable = poll_event::kOut | poll_event::kWriteNormal | poll_event::kWriteBand | poll_event::kErr;
constexpr uint32_t kExceptional = poll_event::kPri;
constexpr uint32_t kSetEvents[3] = {kReadable, kWritable, kExceptional};

struct FdSets {
  uint64_t user[3];  // readfds, writefds, exceptfds; 0 when not given
  uint64_t in[3][kWords];
  uint64_t out[3][kWords];
};

uint64_t set_bytes(uint64_t count) { return (count + 63) / 64 * 8; }

Status read_sets(FdSets& sets, uint64_t count) {
  memset(sets.in, 0, sizeof sets.in);
  memset(sets.out, 0, sizeof sets.out);
  for (int i = 0; i < 3; ++i) {
    if (sets.user[i] != 0) TRY(copy_from_user(sets.in[i], sets.user[i], set_bytes(count)));
  }
  return kOk;
}

// Marks the ready descriptors in sets.out; EBADF for a requested fd that is not open.
Result<long> scan(FdSets& sets, uint64_t count) {
  long ready = 0;
  for (uint64_t fd = 0; fd < count; ++fd) {
    uint64_t word = fd / 64, bit = 1ull << (fd % 64);
    bool requested = ((sets.in[0][word] | sets.in[1][word] | sets.in[2][word]) & bit) != 0;
    if (!requested) continue;
    OpenFile* file = TRY(lookup_descriptor(fd));
    add_poller(*file);  // dropped at the next wake if the call does not wait
    uint32_t events = poll_events(*file);
    for (int i = 0; i < 3; ++i) {
      if ((sets.in[i][word] & bit) && (events & kSetEvents[i])) {
        sets.out[i][word] |= bit;
        ++ready;
      }
    }
  }
  return ready;
}

long select_until(int64_t count, FdSets& sets, Result<uint64_t> deadline, uint64_t user_timeout, bool timeval) {
  if (!deadline.ok()) return fail(deadline.error());
  if (count < 0) return fail(Errno::kInvalid);
  uint64_t limit = static_cast<uint64_t>(count) < kWords * 64 ? static_cast<uint64_t>(count) : kWords * 64;
  Status read = read_sets(sets, limit);
  if (!read.ok()) return fail(read.error());
  auto ready = scan(sets, limit);
  if (!ready.ok()) return fail(ready.error());
  if (keep_waiting(ready.value(), deadline.value())) return 0;
  for (int i = 0; i < 3; ++i) {
    if (sets.user[i] != 0 && !copy_to_user(sets.user[i], sets.out[i], set_bytes(limit)).ok()) {
      return negated(Errno::kFault);
    }
  }
  if (timeval) {
    write_remaining_timeval(user_timeout, deadline.value());
  } else {
    write_remaining_timespec(user_timeout, deadline.value());
  }
  return ready.value();
}

}  // namespace

long select(const uint64_t* a) {
  FdSets sets{{a[1], a[2], a[3]}, {}, {}};
  return select_until(static_cast<int32_t>(a[0]), sets, deadline_after_timeval(a[4]), a[4], true);
}

long pselect6(const uint64_t* a) {
  // The sixth argument points at { const sigset_t* ss; size_t ss_len; } (fs/select.c).
  struct {
    uint64_t mask;
    uint64_t size;
  } signals{0, 0};
  if (a[5] != 0 && !copy_from_user(&signals, a[5], sizeof signals).ok()) return negated(Errno::kFault);
  Status masked = wait_under_mask(signals.mask, signals.size);
  if (!masked.ok()) return negated(masked.error());
  FdSets sets{{a[1], a[2], a[3]}, {}, {}};
  return select_until(static_cast<int32_t>(a[0]), sets, deadline_after_timespec(a[4]), a[4], false);
}

}  // namespace kernel::syscalls
