// fork, vfork, clone of a process (clone_process, from clone in threads.cpp), kill, and the
// process tree's ids: getppid, getpgrp, getpgid, setpgid, getsid, setsid (process/process.h).
#include "lib/errno.h"
#include "process/fork.h"
#include "process/process.h"
#include "process/signals.h"
#include "process/threads.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

// include/uapi/linux/sched.h
constexpr uint64_t kCloneVm = 0x100,
                   kCloneVfork = 0x4000, kCloneSettls = 0x80000, kCloneParentSettid = 0x100000,
                   kCloneChildCleartid = 0x200000, kCloneDetached = 0x400000, kCloneChildSettid = 0x1000000;
constexpr uint64_t kExitSignalMask = 0xFF;
constexpr uint64_t kAcceptedFlags = kCloneVm | kCloneVfork | kCloneSettls | kCloneParentSettid | kCloneChildCleartid |
                                    kCloneDetached | kCloneChildSettid | kExitSignalMask;

long to_syscall(const Result<uint32_t>& result) { return result.ok() ? result.value() : negated(result.error()); }

bool kill_matches(const Process& target, int64_t selector, const Process& sender) {
  if (target.state != ProcessState::kRunning && target.state != ProcessState::kZombie) return false;
  if (selector > 0) return target.pid == static_cast<uint64_t>(selector);
  if (selector == 0) return target.group == sender.group;
  if (selector == -1) return target.pid != kInitPid && &target != &sender;
  return target.group == static_cast<uint64_t>(-selector);
}

Result<uint32_t> kill_processes(int64_t selector, uint64_t signal) {
  if (signal > kSignalCount) return Errno::kInvalid;
  Process& sender = current_process();
  bool found = false;
  Process* slots = process_slots();
  for (uint32_t i = 0; i < kMaxProcesses; ++i) {
    Process& target = slots[i];
    if (!kill_matches(target, selector, sender)) continue;
    found = true;
    if (signal == 0 || target.state != ProcessState::kRunning) continue;  // a zombie takes no signal
    SignalInfo info{.code = si_code::kUser, .pid = sender.pid, .uid = 0, .status = 0, .address = 0};
    (void)send_signal_to_process(target.pid, static_cast<uint32_t>(signal), info);
  }
  return found ? Result<uint32_t>(0u) : Errno::kSearch;
}

// setpgid: the caller or one of its children, into its own group or an existing one of the session.
Result<uint32_t> set_group(uint64_t pid, int64_t group) {
  if (group < 0) return Errno::kInvalid;
  Process& caller = current_process();
  Process* target = pid == 0 ? &caller : find_process(static_cast<uint32_t>(pid));
  if (target == nullptr || target->state != ProcessState::kRunning ||
      (target != &caller && target->parent != caller.pid)) {
    return Errno::kSearch;
  }
  if (target->session != caller.session || target->session == target->pid) return Errno::kPerm;
  auto wanted = group == 0 ? target->pid : static_cast<uint32_t>(group);
  bool exists = wanted == target->pid;
  Process* slots = process_slots();
  for (uint32_t i = 0; i < kMaxProcesses && !exists; ++i) {
    exists = slots[i].state == ProcessState::kRunning && slots[i].group == wanted && slots[i].session == caller.session;
  }
  if (!exists) return Errno::kPerm;
  target->group = wanted;
  return 0u;
}

Result<uint32_t> process_of(uint64_t pid, uint32_t Process::*field) {
  Process* target = pid == 0 ? &current_process() : find_process(static_cast<uint32_t>(pid));
  if (target == nullptr) return Errno::kSearch;
  return target->*field;
}

}  // namespace

Result<long> clone_process(const uint64_t* a) {
  uint64_t flags = a[0], stack = a[1], parent_tid = a[2], child_tid = a[3], tls = a[4];
  if ((flags & ~kAcceptedFlags) != 0) return Errno::kInvalid;  // shared files, fs or handlers: threads only
  // A child sharing memory must be a vfork child: it gives the memory back when it execs or exits.
  if ((flags & kCloneVm) && !(flags & kCloneVfork)) return Errno::kInvalid;
  if ((flags & kCloneSettls) && !is_user_range(tls, 0)) return Errno::kPerm;
  ForkRequest request{.share_memory = (flags & kCloneVm) != 0,
                      .wait_for_child = (flags & kCloneVfork) != 0,
                      .stack = stack,
                      .set_tls = (flags & kCloneSettls) != 0,
                      .tls = tls,
                      .clear_child_tid = (flags & kCloneChildCleartid) ? child_tid : 0,
                      .set_child_tid = (flags & kCloneChildSettid) ? child_tid : 0,
                      .exit_signal = static_cast<uint32_t>(flags & kExitSignalMask)};
  uint32_t pid = TRY(fork_process(frame_of(a), request));
  if (flags & kCloneParentSettid) (void)copy_to_user(parent_tid, &pid, sizeof pid);
  return static_cast<long>(pid);
}

long fork(const uint64_t* a) {
  return to_syscall(fork_process(frame_of(a), ForkRequest{.share_memory = false, .wait_for_child = false, .stack = 0,
                                                           .set_tls = false, .tls = 0, .clear_child_tid = 0,
                                                           .set_child_tid = 0, .exit_signal = sig::kChld}));
}

long vfork(const uint64_t* a) {
  return to_syscall(fork_process(frame_of(a), ForkRequest{.share_memory = true, .wait_for_child = true, .stack = 0,
                                                           .set_tls = false, .tls = 0, .clear_child_tid = 0,
                                                           .set_child_tid = 0, .exit_signal = sig::kChld}));
}

long kill(const uint64_t* a) {
  return to_syscall(kill_processes(static_cast<int64_t>(static_cast<int32_t>(a[0])), a[1]));
}

long getppid(const uint64_t*) { return current_process().parent; }
long getpgrp(const uint64_t*) { return current_process().group; }
long getpgid(const uint64_t* a) { return to_syscall(process_of(static_cast<uint32_t>(a[0]), &Process::group)); }
long getsid(const uint64_t* a) { return to_syscall(process_of(static_cast<uint32_t>(a[0]), &Process::session)); }
long setpgid(const uint64_t* a) {
  return to_syscall(set_group(static_cast<uint32_t>(a[0]), static_cast<int64_t>(static_cast<int32_t>(a[1]))));
}

long setsid(const uint64_t*) {
  Process& caller = current_process();
  if (caller.group == caller.pid) return negated(Errno::kPerm);
  caller.group = caller.session = caller.pid;
  return caller.pid;
}

}  // namespace kernel::syscalls
