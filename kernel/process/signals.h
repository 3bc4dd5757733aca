// Signals: the per-process dispositions and the per-thread mask, pending set and alternate stack,
// as plain structs the process table and the thread table embed, and the functions the rest of the
// kernel calls to send a signal and to deliver pending ones before a thread returns to user mode.
// Linux semantics (kernel/signal.c, arch/x86/kernel/signal.c): a signal sent to a process is taken
// by any of its threads that does not block it; standard signals do not queue (one pending instance
// each, with its siginfo); real-time signals are coalesced the same way (partial: Linux queues them).
// Everything runs on one vCPU at the syscall boundary: no locks.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lib/result.h"
#include "process/wait_queue.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

inline constexpr uint32_t kSignalCount = 64;  // _NSIG on x86-64

// Signal numbers (arch/x86/include/uapi/asm/signal.h).
namespace sig {
inline constexpr uint32_t kHup = 1, kInt = 2, kQuit = 3, kIll = 4, kTrap = 5, kAbrt = 6, kBus = 7, kFpe = 8,
                          kKill = 9, kUsr1 = 10, kSegv = 11, kUsr2 = 12, kPipe = 13, kAlrm = 14, kTerm = 15,
                          kStkflt = 16, kChld = 17, kCont = 18, kStop = 19, kTstp = 20, kTtin = 21, kTtou = 22,
                          kUrg = 23, kXcpu = 24, kXfsz = 25, kVtalrm = 26, kProf = 27, kWinch = 28, kIo = 29,
                          kPwr = 30, kSys = 31;
}  // namespace sig

// A set of signals, bit (n - 1) for signal n: the kernel's sigset_t on x86-64 (8 bytes).
using SignalSet = uint64_t;
constexpr SignalSet signal_bit(uint32_t signal) { return 1ull << (signal - 1); }
inline constexpr SignalSet kUnblockableSignals = signal_bit(sig::kKill) | signal_bit(sig::kStop);

// The kernel's struct sigaction as rt_sigaction passes it on x86-64 (arch/x86/include/asm/signal.h
// with SA_RESTORER: handler, flags, restorer, mask; include/linux/signal_types.h).
struct [[gnu::packed]] KernelSigaction {
  uint64_t handler;   // SIG_DFL, SIG_IGN or the handler's address
  uint64_t flags;     // SA_*
  uint64_t restorer;  // what the handler returns to: the libc stub that calls rt_sigreturn
  SignalSet mask;     // added to the thread's mask while the handler runs
};
static_assert(sizeof(KernelSigaction) == 32);
static_assert(offsetof(KernelSigaction, flags) == 8);
static_assert(offsetof(KernelSigaction, restorer) == 16);
static_assert(offsetof(KernelSigaction, mask) == 24);

inline constexpr uint64_t kSigDefault = 0;  // SIG_DFL
inline constexpr uint64_t kSigIgnore = 1;   // SIG_IGN

// sa_flags (include/uapi/asm-generic/signal-defs.h, arch/x86/include/uapi/asm/signal.h).
namespace sa {
inline constexpr uint64_t kNoChildStop = 0x1, kNoChildWait = 0x2, kSigInfo = 0x4, kRestorer = 0x04000000,
                          kOnStack = 0x08000000, kRestart = 0x10000000, kNoDefer = 0x40000000,
                          kResetHand = 0x80000000;
}  // namespace sa

// stack_t (include/uapi/asm-generic/signal.h; x86-64 padding after ss_flags).
struct [[gnu::packed]] SignalStack {
  uint64_t ss_sp;
  int32_t ss_flags;
  uint32_t pad;
  uint64_t ss_size;
};
static_assert(sizeof(SignalStack) == 24);
static_assert(offsetof(SignalStack, ss_flags) == 8);
static_assert(offsetof(SignalStack, ss_size) == 16);

inline constexpr int32_t kSsOnStack = 1, kSsDisable = 2;
inline constexpr uint32_t kSsAutoDisarm = 1u << 31;
inline constexpr uint64_t kMinSignalStackSize = 2048;  // MINSIGSTKSZ

// si_code values (include/uapi/asm-generic/siginfo.h).
namespace si_code {
inline constexpr int32_t kUser = 0, kKernel = 0x80, kQueue = -1, kTkill = -6;
inline constexpr int32_t kSegvMapErr = 1, kSegvAccErr = 2;
inline constexpr int32_t kChildExited = 1, kChildKilled = 2, kChildDumped = 3;
}  // namespace si_code

// What a pending signal's siginfo will say: the fields the kernel's senders fill in (kill/tgkill:
// code, pid, uid; SIGCHLD: pid, uid, status; faults: address).
struct SignalInfo {
  int32_t code;
  uint32_t pid;
  uint32_t uid;
  int32_t status;     // SIGCHLD: exit code or signal
  uint64_t address;   // SIGSEGV/SIGBUS/SIGILL/SIGFPE: the faulting address
};

// Per process (shared by its threads): dispositions and the signals sent to the whole process.
struct ProcessSignals {
  KernelSigaction actions[kSignalCount];  // index signal - 1
  SignalSet pending;
  SignalInfo info[kSignalCount];
  // Threads in rt_sigtimedwait: a signal made pending for the process or any of its threads wakes
  // them to look again (the signals they wait for are blocked, so nothing else would).
  WaitQueue signal_waiters;
};

// Per thread: what it blocks, what was sent to it alone, its sigaltstack, and the mask to put
// back at its next return to user mode (rt_sigsuspend, ppoll, pselect6 wait under a temporary
// mask; the signal frame records the saved one so sigreturn restores it).
struct ThreadSignals {
  SignalSet blocked;
  SignalSet pending;
  SignalInfo info[kSignalCount];
  SignalStack alternate_stack;  // ss_flags kSsDisable when there is none
  SignalSet saved_mask;
  bool restore_saved_mask;
  bool returning_from_handler;  // rt_sigreturn: its result is the restored %rax, never a restart
};

// A zeroed SignalStack (a zeroed ThreadSignals) counts as "no alternate stack".
inline bool alternate_stack_enabled(const SignalStack& stack) {
  return (stack.ss_flags & kSsDisable) == 0 && stack.ss_size != 0;
}

// The results a blocking syscall gives a thread that a signal interrupts (Linux's internal codes,
// include/linux/errno.h); never seen by user mode: delivery turns them into EINTR or a restart.
inline constexpr long kRestartSys = -512;      // restart if the handler has SA_RESTART, else EINTR
inline constexpr long kRestartNoIntr = -513;   // always restart
inline constexpr long kRestartNoHand = -514;   // EINTR if a handler ran, else restart

enum class DefaultAction : uint8_t { kTerminate, kCoreDump, kIgnore, kStop, kContinue };
DefaultAction default_action(uint32_t signal);

// A fresh thread (clone) or process: everything default, nothing pending, no alternate stack.
void reset_process_signals(ProcessSignals& process);
void reset_thread_signals(ThreadSignals& thread);
// fork: the child gets the parent's dispositions, nothing pending. Its first thread keeps the
// forking thread's mask and alternate stack (as does a thread from clone, minus the stack).
void fork_process_signals(const ProcessSignals& parent, ProcessSignals& child);
void fork_thread_signals(const ThreadSignals& parent, ThreadSignals& child, bool keep_alternate_stack);
// execve: handled signals go back to SIG_DFL, ignored ones stay ignored; pending signals and the
// mask survive; the alternate stack is gone.
void exec_signals(ProcessSignals& process, ThreadSignals& thread);

// Whether the process ignores signal: SIG_IGN, or SIG_DFL for one whose default is to ignore it
// (SIGCHLD, SIGCONT, SIGURG, SIGWINCH; Linux's sig_task_ignored).
bool signal_ignored(const ProcessSignals& process, uint32_t signal);
// Whether a signal sent now would be discarded: ignored and not blocked by the thread.
bool signal_discarded(const ProcessSignals& process, const ThreadSignals& thread, uint32_t signal);

// Sending. signal is 1..64 (callers validate user input; 0 means "check only" and is theirs).
// To one thread (tgkill, tkill, faults): ESRCH if tid is not a live thread.
Status send_signal_to_thread(uint32_t tid, uint32_t signal, const SignalInfo& info);
// To a process (kill, SIGCHLD, SIGPIPE): ESRCH if pid is not a live process.
Status send_signal_to_process(uint32_t pid, uint32_t signal, const SignalInfo& info);

// The signal state of the running process (process/process.cpp: current_process().signals) and
// thread (process/threads.cpp: its slot's ThreadSignals).
ProcessSignals& current_process_signals();
ThreadSignals& current_thread_signals();

// Called by finish_syscall for the thread about to return to user mode, with the result its
// syscall returns: delivers its pending, unblocked signals (a handler's frame built on its user
// stack, a default action taken) and returns what %rax gets. Restarts interrupted syscalls.
long deliver_pending_signals(SyscallFrame* frame, long result);

// Whether the thread has a pending signal it does not block (a blocking syscall then ends at once).
bool has_deliverable_signal(const ProcessSignals& process, const ThreadSignals& thread);

// A fatal default action: the current process ends as killed by signal (terminate_process); its
// threads stop running and finish_syscall switches away (pid 1 ending ends the run, 128 + signal).
void terminate_by_signal(uint32_t signal);

}  // namespace kernel
