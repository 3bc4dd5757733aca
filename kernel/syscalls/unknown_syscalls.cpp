#include "syscalls/unknown_syscalls.h"

#include "confwl/abi/hostcall.h"
#include "hostcall/channel.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;

// Distinct numbers a run can report; a workload probing more than this many unknown syscalls has
// the rest left out of the report (they still return ENOSYS).
constexpr uint32_t kMaxDistinct = 128;
abi::HostcallSyscallCount counts[kMaxDistinct];
uint32_t distinct = 0;

}  // namespace

void count_unknown_syscall(uint64_t number) {
  auto truncated = static_cast<uint32_t>(number);
  for (uint32_t i = 0; i < distinct; ++i) {
    if (counts[i].number == truncated) {
      if (counts[i].calls != ~0u) ++counts[i].calls;
      return;
    }
  }
  if (distinct < kMaxDistinct) counts[distinct++] = abi::HostcallSyscallCount{truncated, 1};
}

void send_unknown_syscall_counts() {
  if (distinct == 0) return;
  send_frame(abi::HostcallType::kSyscallCounts, counts, distinct * sizeof(abi::HostcallSyscallCount));
}

}  // namespace kernel
