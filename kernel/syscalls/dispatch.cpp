// dispatch_syscall: the C++ side of syscall_entry.S. The dispatch table is built at compile time
// from the preset's allowlist (CONFWL_PRESET_SYSCALLS, generated from kernel-config/<preset>.yaml):
// a name the kernel does not implement is a compile error, not a silent gap.
#include "lib/errno.h"
#include "syscalls/syscall_frame.h"
#include "syscalls/table.h"
#include "syscalls/unknown_syscalls.h"

namespace kernel {
namespace {

// The preset's allowlist: a braced list of syscall names.
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
  DispatchTable table{};
  for (const char* name : kAllowedNames) {
    bool found = false;
    for (const SyscallDefinition& definition : kImplementedSyscalls) {
      if (same_name(definition.name, name)) {
        table.handlers[definition.number] = definition.handler;
        found = true;
      }
    }
    if (!found) preset_names_a_syscall_the_kernel_does_not_implement();
  }
  return table;
}

constexpr DispatchTable kDispatchTable = build_table();

}  // namespace

extern "C" long dispatch_syscall(SyscallFrame* frame) {
  uint64_t number = frame->number;
  if (number < kSyscallTableSize && kDispatchTable.handlers[number] != nullptr) {
    return kDispatchTable.handlers[number](frame->arguments);
  }
  count_unknown_syscall(number);
  return negated(Errno::kNoSys);
}

}  // namespace kernel
