// The measured syscall allowlist (boot config) and what happens to a call outside it. The kernel
// dispatches a call only if the boot config allows it AND the kernel implements it; every other
// call is counted and, per the policy, fails with ENOSYS or ends the workload (128 + SIGSYS).
#pragma once
#include <stdint.h>

#include "confwl/abi/boot_config.h"

namespace kernel {

void init_syscall_allowlist(const uint64_t (&words)[confwl::abi::kSyscallAllowlistWords],
                            confwl::abi::SyscallPolicy policy);

bool syscall_allowed(uint64_t number);

// Counts the call; returns -ENOSYS under kDeny, ends the run under kKill.
long deny_syscall(uint64_t number);

}  // namespace kernel
