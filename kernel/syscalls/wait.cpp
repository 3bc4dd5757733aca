// wait4 and waitid: a parent collects its ended children (process/process.h). A zombie is reaped
// (its slot freed) unless waitid's WNOWAIT; with none yet the caller sleeps until a child ends,
// unless WNOHANG. Stopped and continued children are not reported: no job control.
#include "lib/errno.h"
#include "lib/string.h"
#include "process/process.h"
#include "process/signals.h"
#include "process/threads.h"
#include "syscalls/handlers.h"
#include "syscalls/rusage.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

// include/uapi/linux/wait.h
constexpr uint64_t kWaitNoHang = 1, kWaitUntraced = 2, kWaitExited = 4, kWaitContinued = 8, kWaitNoWait = 0x01000000,
                   kWaitNoThread = 0x20000000, kWaitAll = 0x40000000, kWaitClone = 0x80000000;
constexpr uint64_t kWait4Options = kWaitNoHang | kWaitUntraced | kWaitContinued | kWaitNoThread | kWaitAll | kWaitClone;
constexpr uint64_t kWaitidOptions = kWait4Options | kWaitExited | kWaitNoWait;
constexpr uint64_t kIdAll = 0, kIdPid = 1, kIdGroup = 2;

// The siginfo_t waitid fills in (include/uapi/asm-generic/siginfo.h, SIGCHLD's fields).
struct ChildInfo {
  int32_t si_signo;
  int32_t si_errno;
  int32_t si_code;
  int32_t pad;
  int32_t si_pid;
  uint32_t si_uid;
  int32_t si_status;
  uint8_t rest[128 - 28];
};
static_assert(sizeof(ChildInfo) == 128);

// Which children a wait is about: Linux's pid argument of wait4 (> 0 one, 0 the caller's group,
// -1 all, < -1 the group -pid).
bool selected(const Process& child, int64_t selector, const Process& parent) {
  if (selector > 0) return child.pid == static_cast<uint64_t>(selector);
  if (selector == 0) return child.group == parent.group;
  if (selector == -1) return true;
  return child.group == static_cast<uint64_t>(-selector);
}

// A zombie child that matches; nullptr if there is none yet. ECHILD if no child matches at all.
Result<Process*> find_zombie(int64_t selector) {
  Process& parent = current_process();
  bool any = false;
  Process* slots = process_slots();
  for (uint32_t i = 0; i < kMaxProcesses; ++i) {
    Process& child = slots[i];
    if (child.state == ProcessState::kFree || child.parent != parent.pid || !selected(child, selector, parent)) continue;
    if (child.state == ProcessState::kZombie) return &child;
    any = true;
  }
  if (!any) return Errno::kNoChild;
  return nullptr;
}

// With no zombie yet: 0 for WNOHANG, else the caller sleeps and makes the call again.
Result<Process*> wait_for_zombie(int64_t selector, uint64_t options) {
  Process* zombie = TRY(find_zombie(selector));
  if (zombie == nullptr && !(options & kWaitNoHang)) wait_and_restart(reinterpret_cast<uint64_t>(&current_process()));
  return zombie;
}

// The rusage of a reaped child: its own time and that of the children it reaped (RUSAGE_BOTH);
// zero while no child is reported.
Status write_child_rusage(uint64_t user_rusage, const Process* child) {
  return write_rusage(user_rusage, usage_of(child != nullptr ? cpu_time_with_children(*child) : CpuTime{}));
}

// The child's slot is freed; its time becomes the parent's children's time.
void reap(Process& zombie) {
  add_child_cpu_time(current_process(), zombie);
  reap_process(zombie);
}

Result<long> wait_child(int64_t selector, uint64_t user_status, uint64_t options, uint64_t user_rusage) {
  if ((options & ~kWait4Options) != 0) return Errno::kInvalid;
  Process* zombie = TRY(wait_for_zombie(selector, options));
  if (zombie == nullptr) return 0;
  if (user_status != 0) TRY(copy_to_user(user_status, &zombie->wait_status, sizeof zombie->wait_status));
  TRY(write_child_rusage(user_rusage, zombie));
  long pid = zombie->pid;
  reap(*zombie);
  return pid;
}

Result<int64_t> waitid_selector(uint64_t id_type, uint64_t id) {
  switch (id_type) {
    case kIdAll: return int64_t{-1};
    case kIdPid:
      if (static_cast<int32_t>(id) <= 0) return Errno::kInvalid;
      return static_cast<int64_t>(static_cast<int32_t>(id));
    case kIdGroup:
      if (static_cast<int32_t>(id) < 0) return Errno::kInvalid;
      return id == 0 ? int64_t{0} : -static_cast<int64_t>(static_cast<int32_t>(id));
    default: return Errno::kInvalid;
  }
}

Result<long> wait_id(uint64_t id_type, uint64_t id, uint64_t user_info, uint64_t options, uint64_t user_rusage) {
  if ((options & ~kWaitidOptions) != 0 || (options & (kWaitExited | kWaitUntraced | kWaitContinued)) == 0) {
    return Errno::kInvalid;
  }
  int64_t selector = TRY(waitid_selector(id_type, id));
  Process* zombie = nullptr;
  if (options & kWaitExited) {
    zombie = TRY(wait_for_zombie(selector, options));
  } else {
    TRY(find_zombie(selector));  // only stops/continues asked for: none ever comes (no job control)
    if (!(options & kWaitNoHang)) wait_and_restart(reinterpret_cast<uint64_t>(&current_process()));
  }
  ChildInfo info{};
  if (zombie != nullptr) {
    uint32_t signal = zombie->wait_status & 0x7F;
    info.si_signo = sig::kChld;
    info.si_code = signal != 0 ? si_code::kChildKilled : si_code::kChildExited;
    info.si_pid = static_cast<int32_t>(zombie->pid);
    info.si_status = signal != 0 ? static_cast<int32_t>(signal) : static_cast<int32_t>((zombie->wait_status >> 8) & 0xFF);
  }
  if (user_info != 0) TRY(copy_to_user(user_info, &info, sizeof info));
  TRY(write_child_rusage(user_rusage, zombie));
  if (zombie != nullptr && !(options & kWaitNoWait)) reap(*zombie);
  return 0;
}

long to_syscall(const Result<long>& result) { return result.ok() ? result.value() : negated(result.error()); }

}  // namespace

long wait4(const uint64_t* a) {
  return to_syscall(wait_child(static_cast<int64_t>(static_cast<int32_t>(a[0])), a[1], a[2], a[3]));
}

long waitid(const uint64_t* a) { return to_syscall(wait_id(a[0], a[1], a[2], a[3], a[4])); }

}  // namespace kernel::syscalls
