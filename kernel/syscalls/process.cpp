// exit/exit_group, process and thread ids, set_tid_address, arch_prctl, and the uid/gid family.
// There is one process with one thread: pid = tid = 1, everything runs as root (uid 0) inside its
// own VM.
#include "arch/x86_64/cpu.h"
#include "hostcall/exit.h"
#include "lib/errno.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

constexpr long kProcessId = 1;
// arch_prctl codes (arch/x86/include/uapi/asm/prctl.h).
constexpr uint64_t kArchSetGs = 0x1001;
constexpr uint64_t kArchSetFs = 0x1002;
constexpr uint64_t kArchGetFs = 0x1003;
constexpr uint64_t kArchGetGs = 0x1004;

}  // namespace

long exit(const uint64_t* a) { end_run(static_cast<uint32_t>(a[0] & 0xFF)); }

long getpid(const uint64_t*) { return kProcessId; }
long getppid(const uint64_t*) { return 0; }
long get_user_or_group_id(const uint64_t*) { return 0; }

// No threads and no futex wake-up on exit: the address is not needed, the tid is.
long set_tid_address(const uint64_t*) { return kProcessId; }

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
