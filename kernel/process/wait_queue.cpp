#include "process/wait_queue.h"

#include "process/threads.h"

namespace kernel {
namespace {

static_assert(kMaxThreads <= 64, "WaitQueue::pollers has one bit per scheduler slot");

// One byte per scheduler slot: its address is the slot's poll key.
uint8_t poll_anchors[kMaxThreads];

uint64_t poll_key(uint32_t slot) { return reinterpret_cast<uint64_t>(&poll_anchors[slot]); }

}  // namespace

void add_current_poller(WaitQueue& queue) { queue.pollers |= uint64_t{1} << current_thread_slot(); }

uint64_t current_poll_key() { return poll_key(current_thread_slot()); }

void wake_all(WaitQueue& queue) {
  wake_waiters(wait_key(queue));
  for (uint32_t slot = 0; slot < kMaxThreads; ++slot) {
    if (queue.pollers & (uint64_t{1} << slot)) wake_waiters(poll_key(slot));
  }
  queue.pollers = 0;
}

bool has_waiters(const WaitQueue& queue) {
  if (thread_waits_on(wait_key(queue))) return true;
  for (uint32_t slot = 0; slot < kMaxThreads; ++slot) {
    if ((queue.pollers & (uint64_t{1} << slot)) && thread_waits_on(poll_key(slot))) return true;
  }
  return false;
}

}  // namespace kernel
