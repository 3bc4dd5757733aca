// The register frame exception_entry.S builds on the kernel stack: general registers pushed by the
// stub, then vector and error code, then what the CPU pushes (SDM Vol. 3A, 6.14.2, Figure 6-9).
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace kernel::x86 {

struct TrapFrame {
  uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
  uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
  uint64_t vector;
  uint64_t error_code;  // 0 for vectors without one
  uint64_t rip, cs, rflags, rsp, ss;  // pushed by the CPU
};
static_assert(sizeof(TrapFrame) == 22 * 8);
static_assert(offsetof(TrapFrame, vector) == 15 * 8);
static_assert(offsetof(TrapFrame, rip) == 17 * 8);

inline bool from_user_mode(const TrapFrame& frame) { return (frame.cs & 3) == 3; }

}  // namespace kernel::x86
