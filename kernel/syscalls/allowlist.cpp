#include "syscalls/allowlist.h"

#include "hostcall/exit.h"
#include "lib/errno.h"
#include "lib/print.h"
#include "lib/string.h"
#include "syscalls/unknown_syscalls.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;

constexpr uint32_t kSigSys = 31;

// Zero until boot has copied the measured list: nothing is allowed before that.
uint64_t allowed[abi::kSyscallAllowlistWords];
abi::SyscallPolicy on_denied = abi::SyscallPolicy::kDeny;

}  // namespace

void init_syscall_allowlist(const uint64_t (&words)[abi::kSyscallAllowlistWords], abi::SyscallPolicy policy) {
  memcpy(allowed, words, sizeof allowed);
  on_denied = policy;
}

bool syscall_allowed(uint64_t number) {
  return number < abi::kSyscallAllowlistBits && ((allowed[number / 64] >> (number % 64)) & 1) != 0;
}

long deny_syscall(uint64_t number) {
  count_unknown_syscall(number);
  if (on_denied == abi::SyscallPolicy::kKill) {
    // The console is the only place the user sees without --verbose; the count goes out too.
    print("confwl-kernel: syscall %lu is not allowed (on_denied: kill): workload killed with SIGSYS\n", number);
    end_run(128 + kSigSys);
  }
  return negated(Errno::kNoSys);
}

}  // namespace kernel
