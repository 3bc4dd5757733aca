// What syscall_entry.S pushes before calling dispatch_syscall: the number, then the six argument
// registers of the Linux x86-64 syscall ABI, then the user rip/rflags/rsp it restores on SYSRET,
// then the callee-saved registers. The frame is a thread's whole user register state at a
// syscall (%rcx and %r11 are clobbered by SYSCALL itself), so switching threads is swapping it.
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
  uint64_t rbx, rbp, r12, r13, r14, r15;
};
static_assert(sizeof(SyscallFrame) == 16 * 8);
static_assert(offsetof(SyscallFrame, arguments) == 8);
static_assert(offsetof(SyscallFrame, user_rip) == 56);
static_assert(offsetof(SyscallFrame, user_rsp) == 72);
static_assert(offsetof(SyscallFrame, rbx) == 80);
static_assert(offsetof(SyscallFrame, r15) == 120);

using SyscallHandler = long (*)(const uint64_t* arguments);

// The frame a handler's arguments belong to (dispatch_syscall passes frame->arguments), for the
// few syscalls that need the caller's registers (clone).
inline const SyscallFrame& frame_of(const uint64_t* arguments) {
  return *reinterpret_cast<const SyscallFrame*>(reinterpret_cast<const uint8_t*>(arguments) -
                                                offsetof(SyscallFrame, arguments));
}

}  // namespace kernel
