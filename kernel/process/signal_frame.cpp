#include "process/signal_frame.h"

#include "lib/string.h"
#include "process/signal_fpu.h"
#include "process/signal_layout.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

// GDT selectors user mode runs with (arch/x86_64/descriptors.h), reported in the sigcontext.
constexpr uint16_t kUserCode = 0x2b, kUserData = 0x23;
const ThreadSignals* full_return_owner = nullptr;  // the thread whose rt_sigreturn asked for it
constexpr uint64_t kFlagsClearedForHandler = (1u << 8) | (1u << 10) | (1u << 16);  // TF DF RF

SigContext interrupted_context(const UserRegisters& r, uint64_t fpstate) {
  SigContext context{};
  context.r8 = r.r8, context.r9 = r.r9, context.r10 = r.r10, context.r11 = r.r11, context.r12 = r.r12;
  context.r13 = r.r13, context.r14 = r.r14, context.r15 = r.r15, context.rdi = r.rdi, context.rsi = r.rsi;
  context.rbp = r.rbp, context.rbx = r.rbx, context.rdx = r.rdx, context.rax = r.rax, context.rcx = r.rcx;
  context.rsp = r.rsp, context.rip = r.rip, context.eflags = r.rflags;
  context.cs = kUserCode;
  context.ss = kUserData;
  context.err = r.error, context.trapno = r.trap, context.cr2 = r.cr2;
  context.fpstate = fpstate;
  return context;
}

}  // namespace

// Read by syscall_entry.S after dispatch_syscall.
extern "C" {
uint8_t full_return_pending = 0;
uint64_t full_return_rcx = 0, full_return_r11 = 0;
}

void return_with_all_registers(uint64_t rcx, uint64_t r11) {
  full_return_pending = 1;
  full_return_rcx = rcx;
  full_return_r11 = r11;
  full_return_owner = &current_thread_signals();
}

void keep_full_return_only_for(const ThreadSignals& returning) {
  if (full_return_owner != &returning) full_return_pending = 0;
  full_return_owner = nullptr;
}

bool take_full_return(uint64_t* rcx, uint64_t* r11) {
  if (!full_return_pending) return false;
  full_return_pending = 0;
  *rcx = full_return_rcx;
  *r11 = full_return_r11;
  return true;
}

SigInfo siginfo_for(uint32_t signal, const SignalInfo& info) {
  SigInfo out{};
  out.si_signo = static_cast<int32_t>(signal);
  out.si_code = info.code;
  if (info.address != 0) {
    out.fields.si_addr = info.address;
  } else {
    out.fields.process.si_pid = static_cast<int32_t>(info.pid);
    out.fields.process.si_uid = info.uid;
    out.fields.process.si_status = info.status;
  }
  return out;
}

UserRegisters registers_at_syscall_return(const SyscallFrame& frame, long result) {
  const uint64_t* a = frame.arguments;  // rdi rsi rdx r10 r8 r9
  // What SYSRET leaves in %rcx and %r11, unless the thread returns with all its registers (after
  // rt_sigreturn, or preempted: keep_full_return_only_for has dropped another thread's request).
  bool full = full_return_pending != 0;
  return UserRegisters{.rax = static_cast<uint64_t>(result), .rbx = frame.rbx,
                       .rcx = full ? full_return_rcx : frame.user_rip,
                       .rdx = a[2], .rsi = a[1], .rdi = a[0], .rbp = frame.rbp, .rsp = frame.user_rsp,
                       .r8 = a[4], .r9 = a[5], .r10 = a[3], .r11 = full ? full_return_r11 : frame.user_rflags,
                       .r12 = frame.r12, .r13 = frame.r13, .r14 = frame.r14, .r15 = frame.r15,
                       .rip = frame.user_rip, .rflags = frame.user_rflags, .trap = 0, .error = 0, .cr2 = 0};
}

long load_into_syscall_frame(const UserRegisters& r, SyscallFrame* frame) {
  uint64_t* a = frame->arguments;
  a[0] = r.rdi, a[1] = r.rsi, a[2] = r.rdx, a[3] = r.r10, a[4] = r.r8, a[5] = r.r9;
  frame->rbx = r.rbx, frame->rbp = r.rbp, frame->r12 = r.r12, frame->r13 = r.r13, frame->r14 = r.r14;
  frame->r15 = r.r15, frame->user_rsp = r.rsp, frame->user_rip = r.rip, frame->user_rflags = r.rflags;
  return static_cast<long>(r.rax);
}

Status enter_handler(UserRegisters& registers, const HandlerCall& call) {
  const KernelSigaction& action = call.action;
  if (!(action.flags & sa::kRestorer) || !is_user_range(action.restorer, 1) || !is_user_range(action.handler, 1)) {
    return Errno::kFault;
  }
  FramePlacement place = place_signal_frame(registers.rsp, call.alternate_stack, (action.flags & sa::kOnStack) != 0,
                                            signal_fpstate_size());
  if (place.frame == 0 || !is_user_range(place.frame, place.fpstate + signal_fpstate_size() - place.frame)) {
    return Errno::kFault;
  }
  RtSigframe out{};
  out.pretcode = action.restorer;
  out.uc.uc_flags = kUcSigcontextSs | kUcStrictRestoreSs | (signal_fpstate_is_xsave() ? kUcFpXstate : 0);
  out.uc.uc_stack = alternate_stack_enabled(call.alternate_stack) ? call.alternate_stack : SignalStack{0, kSsDisable, 0, 0};
  if (on_alternate_stack(registers.rsp, call.alternate_stack)) out.uc.uc_stack.ss_flags |= kSsOnStack;
  out.uc.uc_mcontext = interrupted_context(registers, place.fpstate);
  out.uc.uc_sigmask = call.interrupted_mask;
  out.info = siginfo_for(call.signal, call.info);
  TRY(save_fpu_to_user(place.fpstate));
  TRY(copy_to_user(place.frame, &out, sizeof out));
  reset_fpu();

  registers.rdi = call.signal;
  registers.rsi = place.frame + offsetof(RtSigframe, info);
  registers.rdx = place.frame + offsetof(RtSigframe, uc);
  registers.rax = 0;
  registers.rip = action.handler;
  registers.rsp = place.frame;
  registers.rflags &= ~kFlagsClearedForHandler;
  return kOk;
}

Result<HandlerReturn> return_from_handler(SyscallFrame* frame) {
  uint64_t user_frame = frame->user_rsp - sizeof(uint64_t);  // the handler's ret popped pretcode
  UContext uc;
  TRY(copy_from_user(&uc, user_frame + offsetof(RtSigframe, uc), sizeof uc));
  const SigContext& context = uc.uc_mcontext;
  // SYSRET to a non-canonical address faults in the kernel: only user addresses come back.
  if (!is_user_range(context.rip, 1)) return Errno::kFault;
  TRY(restore_fpu_from_user(context.fpstate));
  uint64_t* a = frame->arguments;
  a[0] = context.rdi, a[1] = context.rsi, a[2] = context.rdx, a[3] = context.r10, a[4] = context.r8, a[5] = context.r9;
  frame->rbx = context.rbx, frame->rbp = context.rbp, frame->r12 = context.r12, frame->r13 = context.r13;
  frame->r14 = context.r14, frame->r15 = context.r15;
  frame->user_rsp = context.rsp;
  frame->user_rip = context.rip;
  frame->user_rflags = sanitized_rflags(frame->user_rflags, context.eflags);
  return HandlerReturn{static_cast<long>(context.rax), context.rcx, context.r11, uc.uc_sigmask & ~kUnblockableSignals,
                       uc.uc_stack};
}

}  // namespace kernel
