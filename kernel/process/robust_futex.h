// Robust futexes (Linux: kernel/futex/core.c, exit_robust_list; include/uapi/linux/futex.h): a
// thread registers the head of a user-space list of the robust mutexes it holds
// (set_robust_list). When it exits, each lock still owned by its tid gets FUTEX_OWNER_DIED and one
// waiter is woken, so the next locker learns the owner died (EOWNERDEAD) instead of waiting for ever.
#pragma once
#include <stdint.h>

namespace kernel {

// set_robust_list for the current thread (0 forgets it); get_robust_list of a thread (0: none).
void set_robust_list_head(uint64_t head);
uint64_t robust_list_head(uint32_t tid);
// At the current thread's exit: walks its list (bounded, every read and write through the user-copy
// helpers) and forgets it. Called by a thread's own exit; execve forgets the list without walking it.
void release_robust_futexes();
void forget_robust_list();

}  // namespace kernel
