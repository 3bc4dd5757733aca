// Syscalls that were denied (not implemented, or not in the measured allowlist), counted per
// number and reported to the host in kSyscallCounts before kExit.
#pragma once
#include <stdint.h>

namespace kernel {

void count_unknown_syscall(uint64_t number);
// Sends nothing if no syscall returned ENOSYS.
void send_unknown_syscall_counts();

}  // namespace kernel
