// What poll, ppoll, select and pselect6 share: their timeouts as CLOCK_MONOTONIC deadlines that
// survive the restarts (a waiting thread sleeps until one of its files may have become ready,
// fs/readiness.h: add_poller, or the deadline passes, and then makes its call again), the temporary
// signal mask of ppoll and pselect6, and the remaining time Linux writes back.
#pragma once
#include <stdint.h>

#include "lib/result.h"

namespace kernel::syscalls {

// The deadline for a relative timeout: a timespec or timeval at user_time (0: none, wait forever)
// or milliseconds (negative: forever). EINVAL for a malformed one. A recheck of the same call gets
// the deadline of the first call back instead.
Result<uint64_t> deadline_after_timespec(uint64_t user_time);
Result<uint64_t> deadline_after_timeval(uint64_t user_time);
uint64_t deadline_after_milliseconds(int64_t milliseconds);

// ppoll, pselect6: the thread waits under the signal mask at user_mask (0: its own) until the call
// returns; a handler run for a signal that interrupts it sees the original mask restored after it.
Status wait_under_mask(uint64_t user_mask, uint64_t size);

// Nothing ready and time left: the thread sleeps until a file it registered with (add_poller)
// moves or the deadline passes (returns true; what the syscall returns is then not seen).
// Otherwise the call is over: its own mask goes back.
bool keep_waiting(long ready, uint64_t deadline);
// An error after wait_under_mask: the mask goes back, the error is returned.
long fail(Errno error);

// Linux writes the time left back into the caller's timespec (ppoll, pselect6) or timeval (select).
void write_remaining_timespec(uint64_t user_time, uint64_t deadline);
void write_remaining_timeval(uint64_t user_time, uint64_t deadline);

}  // namespace kernel::syscalls
