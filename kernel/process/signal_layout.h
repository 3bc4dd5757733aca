// The x86-64 signal frame as Linux builds it on the user stack (arch/x86/kernel/signal_64.c,
// arch/x86/include/asm/sigframe.h): pretcode (the sa_restorer the handler returns to), then
// struct ucontext, then siginfo_t; the FPU state (XSAVE or FXSAVE image) sits above it, 64-byte
// aligned, pointed to by uc_mcontext.fpstate. Pure layout and arithmetic: host unit tests use it too.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "process/signals.h"

namespace kernel {

// struct sigcontext, 64-bit (arch/x86/include/uapi/asm/sigcontext.h).
struct [[gnu::packed]] SigContext {
  uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
  uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
  uint64_t eflags;
  uint16_t cs, gs, fs, ss;
  uint64_t err, trapno, oldmask, cr2;
  uint64_t fpstate;  // user address of the FPU image; 0 when there is none
  uint64_t reserved1[8];
};
static_assert(sizeof(SigContext) == 256);
static_assert(offsetof(SigContext, rdi) == 64);
static_assert(offsetof(SigContext, rax) == 104);
static_assert(offsetof(SigContext, rsp) == 120);
static_assert(offsetof(SigContext, rip) == 128);
static_assert(offsetof(SigContext, eflags) == 136);
static_assert(offsetof(SigContext, cs) == 144);
static_assert(offsetof(SigContext, ss) == 150);
static_assert(offsetof(SigContext, err) == 152);
static_assert(offsetof(SigContext, oldmask) == 168);
static_assert(offsetof(SigContext, cr2) == 176);
static_assert(offsetof(SigContext, fpstate) == 184);
static_assert(offsetof(SigContext, reserved1) == 192);

// struct ucontext (include/uapi/asm-generic/ucontext.h, which x86's uapi/asm/ucontext.h uses).
struct [[gnu::packed]] UContext {
  uint64_t uc_flags;
  uint64_t uc_link;
  SignalStack uc_stack;
  SigContext uc_mcontext;
  SignalSet uc_sigmask;
};
static_assert(sizeof(UContext) == 304);
static_assert(offsetof(UContext, uc_stack) == 16);
static_assert(offsetof(UContext, uc_mcontext) == 40);
static_assert(offsetof(UContext, uc_sigmask) == 296);

// uc_flags (arch/x86/include/uapi/asm/ucontext.h).
inline constexpr uint64_t kUcFpXstate = 0x1, kUcSigcontextSs = 0x2, kUcStrictRestoreSs = 0x4;

// siginfo_t (include/uapi/asm-generic/siginfo.h): 128 bytes; the union starts at 16 on 64-bit.
struct [[gnu::packed]] SigInfo {
  int32_t si_signo;
  int32_t si_errno;
  int32_t si_code;
  int32_t pad0;
  union [[gnu::packed]] {
    struct [[gnu::packed]] {  // _kill, _rt and _sigchld share pid and uid
      int32_t si_pid;
      uint32_t si_uid;
      int32_t si_status;  // _sigchld; the low half of si_value in _rt
      int32_t pad1;
      int64_t si_utime, si_stime;
    } process;
    uint64_t si_addr;  // _sigfault
    uint8_t bytes[112];
  } fields;
};
static_assert(sizeof(SigInfo) == 128);
static_assert(offsetof(SigInfo, si_code) == 8);
static_assert(offsetof(SigInfo, fields) == 16);
static_assert(offsetof(SigInfo, fields.process.si_uid) == 20);
static_assert(offsetof(SigInfo, fields.process.si_status) == 24);
static_assert(offsetof(SigInfo, fields.process.si_utime) == 32);

// struct rt_sigframe, 64-bit (arch/x86/include/asm/sigframe.h).
struct [[gnu::packed]] RtSigframe {
  uint64_t pretcode;
  UContext uc;
  SigInfo info;
};
static_assert(sizeof(RtSigframe) == 440);
static_assert(offsetof(RtSigframe, uc) == 8);
static_assert(offsetof(RtSigframe, info) == 312);

// struct _fpx_sw_bytes (arch/x86/include/uapi/asm/sigcontext.h): in the software-reserved bytes
// 464..511 of the FXSAVE image; tells user mode (and sigreturn) that an XSAVE image follows, whose
// end carries FP_XSTATE_MAGIC2.
struct [[gnu::packed]] FpxSwBytes {
  uint32_t magic1;
  uint32_t extended_size;  // xstate_size + sizeof(magic2)
  uint64_t xfeatures;
  uint32_t xstate_size;
  uint32_t padding[7];
};
static_assert(sizeof(FpxSwBytes) == 48);
inline constexpr uint32_t kFpXstateMagic1 = 0x46505853, kFpXstateMagic2 = 0x46505845;
inline constexpr uint64_t kFxsaveSize = 512, kFpxSwBytesOffset = 464, kXsaveHeaderOffset = 512;

// Where a frame goes (Linux's get_sigframe): below the 128-byte red zone of the interrupted code,
// or at the top of the alternate stack (SA_ONSTACK, not already on it); the FPU image 64-byte
// aligned below that, then the frame with rsp = 16n - 8 at the handler's entry (as after a call).
struct FramePlacement {
  uint64_t frame;    // 0: does not fit (overflows the alternate stack or wraps around)
  uint64_t fpstate;
};
FramePlacement place_signal_frame(uint64_t user_rsp, const SignalStack& alternate, bool use_alternate,
                                  uint64_t fpstate_size);
bool on_alternate_stack(uint64_t user_rsp, const SignalStack& alternate);

// The user's rflags after sigreturn: the arithmetic and direction flags (and AC, TF) from the
// frame, every other bit from the kernel's value (Linux's FIX_EFLAGS, arch/x86/kernel/signal.c);
// IF always set, as user mode always runs with interrupts enabled (the preemption timer).
inline constexpr uint64_t kUserChangeableFlags = 0x40DD5;  // AC OF DF TF SF ZF AF PF CF
inline constexpr uint64_t kInterruptFlag = 1u << 9;
inline constexpr uint64_t sanitized_rflags(uint64_t current, uint64_t from_user) {
  return (current & ~kUserChangeableFlags) | (from_user & kUserChangeableFlags) | kInterruptFlag;
}

// The mask a handler runs under: the interrupted one plus sa_mask plus the signal unless
// SA_NODEFER; SIGKILL and SIGSTOP never.
inline constexpr SignalSet handler_mask(SignalSet interrupted, const KernelSigaction& action, uint32_t signal) {
  SignalSet self = (action.flags & sa::kNoDefer) ? 0 : signal_bit(signal);
  return (interrupted | action.mask | self) & ~kUnblockableSignals;
}

}  // namespace kernel
