// Wait queues: what a thread blocked on a kernel object waits for (a pipe's readers and writers,
// the console's input). A read or write that cannot go on sleeps on the queue itself and makes its
// call again when woken (process/threads.h: wait_and_restart, wait_and_resume). poll and select,
// waiting for several objects at once, register the calling thread with the queue of each and
// sleep on the thread's own poll key, so whichever object moves first wakes it. A wake wakes every
// waiter (each checks again what it waits for) and drops the registrations: a poller that goes on
// waiting registers again.
#pragma once
#include <stdint.h>

namespace kernel {

struct WaitQueue {
  uint64_t pollers;  // bit i: the thread in scheduler slot i registered by poll or select
};

// What readers and writers of the object sleep on (a kernel address: never a user futex word).
inline uint64_t wait_key(const WaitQueue& queue) { return reinterpret_cast<uint64_t>(&queue); }

// poll, select: the current thread is woken when queue is; it sleeps on current_poll_key().
void add_current_poller(WaitQueue& queue);
uint64_t current_poll_key();

// Every thread sleeping on queue and every registered poller runs again.
void wake_all(WaitQueue& queue);

// Whether a thread sleeps on queue or a registered poller still waits (the console: whether the
// scheduler must look for input that nothing else would notice).
bool has_waiters(const WaitQueue& queue);

}  // namespace kernel
