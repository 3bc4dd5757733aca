// dispatch_syscall: the C++ side of syscall_entry.S. The dispatch table holds the syscalls of
// syscalls/table.h whose subsystem the preset compiles in (preset/subsystems.h); the measured
// allowlist in the boot config decides at run time which of them the workload may make
// (syscalls/allowlist.h). The preset's default allowlist (generated from
// kernel-config/<preset>.yaml, which the sealer starts from) is checked here at compile time: a
// name the kernel does not implement, or whose subsystem the preset leaves out, is a compile
// error, not a silent gap. The table is described for the sealer in the .confwl.features section.
#include "confwl/abi/kernel_features.h"
#include "lib/string.h"
#include "preset/subsystems.h"
#include "process/cpu_time.h"
#include "process/threads.h"
#include "syscalls/allowlist.h"
#include "syscalls/syscall_frame.h"
#include "syscalls/table.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;

// The preset's default allowlist: a braced list of syscall names.
constexpr const char* kAllowedNames[] = {
#include "preset_syscalls.inc"
};

struct DispatchTable {
  SyscallHandler handlers[kSyscallTableSize];
};

// Not constexpr: calling one makes the table's constant evaluation fail, which names the problem.
void preset_names_a_syscall_the_kernel_does_not_implement() {}
void preset_allows_a_syscall_of_a_subsystem_it_does_not_compile_in() {}

consteval DispatchTable build_table() {
  for (const char* name : kAllowedNames) {
    const SyscallDefinition* found = nullptr;
    for (const SyscallDefinition& definition : kImplementedSyscalls) {
      if (strings_equal(definition.name, name)) found = &definition;
    }
    if (found == nullptr) preset_names_a_syscall_the_kernel_does_not_implement();
    if (!preset_has(found->subsystem)) preset_allows_a_syscall_of_a_subsystem_it_does_not_compile_in();
  }
  DispatchTable table{};
  for (const SyscallDefinition& definition : kImplementedSyscalls) {
    if (preset_has(definition.subsystem)) table.handlers[definition.number] = definition.handler;
  }
  return table;
}

constexpr DispatchTable kDispatchTable = build_table();

consteval abi::KernelFeatures describe_kernel() {
  static_assert(kSyscallTableSize == abi::kSyscallAllowlistBits);
  abi::KernelFeatures features{abi::kKernelFeaturesMagic, abi::kKernelFeaturesVersion, kPresetSubsystems, {}, {}};
  for (uint32_t number = 0; number < kSyscallTableSize; ++number) {
    if (kDispatchTable.handlers[number] != nullptr) features.syscalls[number / 64] |= uint64_t{1} << (number % 64);
  }
  for (const SyscallDefinition& definition : kImplementedSyscalls) {
    features.implemented[definition.number / 64] |= uint64_t{1} << (definition.number % 64);
  }
  return features;
}

// Kept by the linker script and never loaded (linker.ld puts the section outside every segment).
[[gnu::used, gnu::section(".confwl.features")]] constexpr abi::KernelFeatures kKernelFeatures = describe_kernel();

}  // namespace

extern "C" long dispatch_syscall(SyscallFrame* frame) {
  account_cpu(CpuMode::kKernel);  // user time until here (process/cpu_time.h)
  uint64_t number = frame->number;
  long result = number < kSyscallTableSize && kDispatchTable.handlers[number] != nullptr && syscall_allowed(number)
                    ? kDispatchTable.handlers[number](frame->arguments)
                    : deny_syscall(number);
  long user_result = finish_syscall(frame, result);
  account_cpu(CpuMode::kUser);
  return user_result;
}

}  // namespace kernel
