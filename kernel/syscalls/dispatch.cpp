// dispatch_syscall: the C++ side of syscall_entry.S. The dispatch table holds every syscall the
// kernel implements (syscalls/table.h); the measured allowlist in the boot config decides at run
// time which of them the workload may make (syscalls/allowlist.h). The preset's default allowlist
// (CONFWL_PRESET_SYSCALLS, generated from kernel-config/<preset>.yaml, which the sealer starts
// from) is checked here at compile time: a name the kernel does not implement is a compile error,
// not a silent gap.
#include "process/threads.h"
#include "syscalls/allowlist.h"
#include "syscalls/syscall_frame.h"
#include "syscalls/table.h"

namespace kernel {
namespace {

// The preset's default allowlist: a braced list of syscall names.
constexpr const char* kAllowedNames[] = {
#include "preset_syscalls.inc"
};

struct DispatchTable {
  SyscallHandler handlers[kSyscallTableSize];
};

constexpr bool same_name(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

// Not constexpr: calling it makes the table's constant evaluation fail, which names the problem.
void preset_names_a_syscall_the_kernel_does_not_implement() {}

consteval DispatchTable build_table() {
  for (const char* name : kAllowedNames) {
    bool found = false;
    for (const SyscallDefinition& definition : kImplementedSyscalls) found = found || same_name(definition.name, name);
    if (!found) preset_names_a_syscall_the_kernel_does_not_implement();
  }
  DispatchTable table{};
  for (const SyscallDefinition& definition : kImplementedSyscalls) table.handlers[definition.number] = definition.handler;
  return table;
}

constexpr DispatchTable kDispatchTable = build_table();

}  // namespace

extern "C" long dispatch_syscall(SyscallFrame* frame) {
  uint64_t number = frame->number;
  long result = number < kSyscallTableSize && kDispatchTable.handlers[number] != nullptr && syscall_allowed(number)
                    ? kDispatchTable.handlers[number](frame->arguments)
                    : deny_syscall(number);
  return finish_syscall(frame, result);
}

}  // namespace kernel
