// exit/exit_group, process and thread ids, set_tid_address, set_robust_list, sched_yield,
// arch_prctl, and the uid/gid family. Processes are process/process.h (a pid is its first
// thread's tid), their threads process/threads.h; everything runs as root (uid 0) in its own VM.
#include "arch/x86_64/cpu.h"
#include "hostcall/exit.h"
#include "process/process.h"
#include "process/robust_futex.h"
#include "process/threads.h"
#include "lib/errno.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

// arch_prctl codes (arch/x86/include/uapi/asm/prctl.h).
constexpr uint64_t kArchSetGs = 0x1001;
constexpr uint64_t kArchSetFs = 0x1002;
constexpr uint64_t kArchGetFs = 0x1003;
constexpr uint64_t kArchGetGs = 0x1004;
constexpr uint64_t kRobustListHeadSize = 24;  // sizeof(struct robust_list_head)

}  // namespace

long exit_group(const uint64_t* a) {
  exit_process(current_process(), exit_status_code(static_cast<uint32_t>(a[0])));
  return 0;
}

// A thread's exit: the robust mutexes it still holds are marked as their owner's death, then
// CLONE_CHILD_CLEARTID's word is zeroed and woken (pthread_join waits on it); the last thread's
// exit ends the process like exit_group.
long exit(const uint64_t* a) {
  if (live_threads_of(current_process()) <= 1) return exit_group(a);
  release_robust_futexes();
  uint64_t address = clear_child_tid();
  uint32_t zero = 0;
  if (address != 0 && copy_to_user(address, &zero, sizeof zero).ok()) wake_futex(address, ~0u, 1);
  exit_current();
  return 0;
}

long getpid(const uint64_t*) { return current_process().pid; }
long gettid(const uint64_t*) { return current_tid(); }
long get_user_or_group_id(const uint64_t*) { return 0; }

long set_tid_address(const uint64_t* a) {
  set_clear_child_tid(a[0]);
  return current_tid();
}

// The list is walked when the thread exits (process/robust_futex.h). The size check is Linux's.
long set_robust_list(const uint64_t* a) {
  if (a[1] != kRobustListHeadSize) return negated(Errno::kInvalid);
  set_robust_list_head(a[0]);
  return 0;
}

// pid 0 is the caller; any other thread of the VM may be asked (everything runs as root).
long get_robust_list(const uint64_t* a) {
  uint32_t tid = a[0] == 0 ? current_tid() : static_cast<uint32_t>(a[0]);
  if (a[0] > UINT32_MAX || !thread_exists(tid)) return negated(Errno::kSearch);
  uint64_t head = robust_list_head(tid);
  if (!copy_to_user(a[1], &head, sizeof head).ok() || !copy_to_user(a[2], &kRobustListHeadSize, sizeof(uint64_t)).ok())
    return negated(Errno::kFault);
  return 0;
}

long sched_yield(const uint64_t*) {
  yield_current();
  return 0;
}

long arch_prctl(const uint64_t* a) {
  uint64_t code = a[0], address = a[1];
  switch (code) {
    case kArchSetFs:
    case kArchSetGs:
      // A base outside user space would let the workload reach kernel memory through %fs/%gs.
      if (!is_user_range(address, 0)) return negated(Errno::kPerm);
      x86::write_msr(code == kArchSetFs ? x86::kMsrFsBase : x86::kMsrGsBase, address);
      return 0;
    case kArchGetFs:
    case kArchGetGs: {
      uint64_t base = x86::read_msr(code == kArchGetFs ? x86::kMsrFsBase : x86::kMsrGsBase);
      return copy_to_user(address, &base, sizeof base).ok() ? 0 : negated(Errno::kFault);
    }
    default:
      return negated(Errno::kInvalid);
  }
}

}  // namespace kernel::syscalls
