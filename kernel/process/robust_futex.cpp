#include "process/robust_futex.h"

#include "process/threads.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

// struct robust_list_head (include/uapi/linux/futex.h), as the workload lays it out.
struct [[gnu::packed]] RobustListHead {
  uint64_t next;             // struct robust_list *: the first entry, or the head itself when empty
  int64_t futex_offset;      // from an entry to its lock word
  uint64_t list_op_pending;  // an entry being added or removed, or 0
};
static_assert(sizeof(RobustListHead) == 24);

constexpr uint32_t kFutexWaiters = 0x8000'0000;    // FUTEX_WAITERS
constexpr uint32_t kFutexOwnerDied = 0x4000'0000;  // FUTEX_OWNER_DIED
constexpr uint32_t kFutexTidMask = 0x3FFF'FFFF;    // FUTEX_TID_MASK
constexpr uint32_t kRobustListLimit = 2048;        // ROBUST_LIST_LIMIT: a cyclic list ends here
constexpr uint64_t kPiFlag = 1;                    // bit 0 of an entry pointer marks a PI mutex

// Heads by tid (tids are never reused, so a slot left by a thread that died with its process is
// simply stale: it matches no thread that asks).
struct Registration {
  uint32_t tid;
  uint64_t head;
};
Registration registrations[kMaxThreads];

Registration* registration_of(uint32_t tid) {
  for (Registration& registration : registrations) {
    if (registration.head != 0 && registration.tid == tid) return &registration;
  }
  return nullptr;
}

// The lock word of a dead owner: marked so the next locker knows, and one waiter woken.
void release_lock(uint64_t word_address, uint32_t tid) {
  if (word_address % sizeof(uint32_t) != 0) return;
  uint32_t word = 0;
  if (!copy_from_user(&word, word_address, sizeof word).ok() || (word & kFutexTidMask) != tid) return;
  uint32_t released = (word & kFutexWaiters) | kFutexOwnerDied;
  if (!copy_to_user(word_address, &released, sizeof released).ok()) return;
  if (word & kFutexWaiters) wake_futex(word_address, ~0u, 1);
}

}  // namespace

void set_robust_list_head(uint64_t head) {
  uint32_t tid = current_tid();
  Registration* registration = registration_of(tid);
  if (registration == nullptr) {
    for (Registration& candidate : registrations) {
      if (candidate.head == 0 || !thread_exists(candidate.tid)) registration = &candidate;
    }
  }
  if (registration != nullptr) *registration = Registration{tid, head};  // one per live thread: always found
}

uint64_t robust_list_head(uint32_t tid) {
  const Registration* registration = registration_of(tid);
  return registration != nullptr ? registration->head : 0;
}

void forget_robust_list() {
  if (Registration* registration = registration_of(current_tid())) registration->head = 0;
}

void release_robust_futexes() {
  uint32_t tid = current_tid();
  Registration* registration = registration_of(tid);
  if (registration == nullptr) return;
  uint64_t head_address = registration->head;
  registration->head = 0;
  RobustListHead head;
  if (!copy_from_user(&head, head_address, sizeof head).ok()) return;
  uint64_t pending = head.list_op_pending & ~kPiFlag;
  uint64_t entry = head.next & ~kPiFlag;
  for (uint32_t count = 0; entry != head_address && count < kRobustListLimit; ++count) {
    uint64_t next = 0;
    if (!copy_from_user(&next, entry, sizeof next).ok()) return;
    // The pending entry is handled once, after the walk (it may or may not be linked yet).
    if (entry != pending) release_lock(entry + static_cast<uint64_t>(head.futex_offset), tid);
    entry = next & ~kPiFlag;
  }
  if (pending != 0) release_lock(pending + static_cast<uint64_t>(head.futex_offset), tid);
}

}  // namespace kernel
