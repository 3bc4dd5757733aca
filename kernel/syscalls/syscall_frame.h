// What syscall_entry.S pushes before calling dispatch_syscall: the number, then the six argument
// registers of the Linux x86-64 syscall ABI, then the user rip/rflags/rsp it restores on SYSRET.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace kernel {

struct SyscallFrame {
  uint64_t number;     // %rax
  uint64_t arguments[6];  // %rdi %rsi %rdx %r10 %r8 %r9
  uint64_t user_rip;   // %rcx
  uint64_t user_rflags;  // %r11
  uint64_t user_rsp;
};
static_assert(sizeof(SyscallFrame) == 10 * 8);
static_assert(offsetof(SyscallFrame, arguments) == 8);
static_assert(offsetof(SyscallFrame, user_rip) == 56);

using SyscallHandler = long (*)(const uint64_t* arguments);

}  // namespace kernel
