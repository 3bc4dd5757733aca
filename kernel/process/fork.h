// fork, vfork and clone without CLONE_THREAD: a new process whose first thread continues from the
// caller's registers with result 0.
#pragma once
#include <stdint.h>

#include "lib/result.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

struct ForkRequest {
  bool share_memory;     // CLONE_VM (with CLONE_VFORK): the child uses the parent's memory until exec/exit
  bool wait_for_child;   // CLONE_VFORK: the parent sleeps until then
  uint64_t stack;        // the child's %rsp; 0 keeps the caller's
  bool set_tls;
  uint64_t tls;
  uint64_t clear_child_tid;  // CLONE_CHILD_CLEARTID
  uint64_t set_child_tid;    // CLONE_CHILD_SETTID: the child's tid is written there, in the child
  uint32_t exit_signal;      // sent to the parent when the child ends
};

// The child's pid; EAGAIN when the process or thread table is full, ENOMEM when memory is.
Result<uint32_t> fork_process(const SyscallFrame& frame, const ForkRequest& request);

}  // namespace kernel
