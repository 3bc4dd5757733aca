// poll, ppoll: readiness of a list of descriptors (fs/readiness.h), waiting up to a timeout
// (syscalls/readiness_wait.h). An fd below zero is skipped, one not open reports POLLNVAL.
#include "fs/readiness.h"
#include "lib/errno.h"
#include "syscalls/handlers.h"
#include "syscalls/readiness_wait.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

// struct pollfd (include/uapi/asm-generic/poll.h).
struct PollFd {
  int32_t fd;
  int16_t events;
  int16_t revents;
};
static_assert(sizeof(PollFd) == 8);

constexpr uint32_t kAlwaysReported = poll_event::kErr | poll_event::kHup | poll_event::kInvalid;

uint32_t revents_for(int32_t fd, uint32_t requested) {
  if (fd < 0) return 0;
  auto file = lookup_descriptor(static_cast<uint64_t>(fd));
  if (!file.ok()) return poll_event::kInvalid;
  add_poller(*file.value());  // dropped at the next wake if the call does not wait
  return poll_events(*file.value()) & (requested | kAlwaysReported);
}

// Fills in every revents; returns how many descriptors have one.
Result<long> scan(uint64_t user_fds, uint64_t count) {
  long ready = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t address = user_fds + i * sizeof(PollFd);
    PollFd entry;
    TRY(copy_from_user(&entry, address, sizeof entry));
    auto revents = static_cast<int16_t>(revents_for(entry.fd, static_cast<uint16_t>(entry.events)));
    TRY(copy_to_user(address + offsetof(PollFd, revents), &revents, sizeof revents));
    ready += revents != 0;
  }
  return ready;
}

long poll_until(uint64_t user_fds, uint64_t count, Result<uint64_t> deadline, uint64_t user_timeout) {
  if (!deadline.ok()) return fail(deadline.error());
  if (count > static_cast<uint64_t>(kMaxDescriptors)) return fail(Errno::kInvalid);  // RLIMIT_NOFILE
  auto ready = scan(user_fds, count);
  if (!ready.ok()) return fail(ready.error());
  if (keep_waiting(ready.value(), deadline.value())) return 0;
  write_remaining_timespec(user_timeout, deadline.value());
  return ready.value();
}

}  // namespace

long poll(const uint64_t* a) {
  return poll_until(a[0], a[1], deadline_after_milliseconds(static_cast<int32_t>(a[2])), 0);
}

long ppoll(const uint64_t* a) {
  Status masked = wait_under_mask(a[3], a[4]);
  if (!masked.ok()) return negated(masked.error());
  return poll_until(a[0], a[1], deadline_after_timespec(a[2]), a[2]);
}

}  // namespace kernel::syscalls
