#include "process/exec.h"

#include "fs/cpio.h"
#include "fs/node.h"
#include "loader/elf_loader.h"
#include "loader/initial_stack.h"
#include "process/process.h"
#include "process/threads.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

constexpr size_t kStringSpace = 128 * 1024;  // Linux's old ARG_MAX: argv and envp strings together

// The new program's arguments, copied out of the old address space before it goes.
struct CopiedArguments {
  ProgramArguments vectors;
  char strings[kStringSpace];
  size_t used;
};

CopiedArguments copied;

// Copies one NUL-terminated user string into the string space; E2BIG when it is full.
Result<const char*> copy_string(uint64_t user_string) {
  char* start = copied.strings + copied.used;
  size_t length = 0;
  for (;;) {
    if (copied.used + length >= kStringSpace) return Errno::kArgumentsTooLong;
    // Up to the end of the page: the next page may not be mapped even when the string ends here.
    uint64_t address = user_string + length;
    uint64_t chunk = 4096 - address % 4096;
    if (chunk > kStringSpace - copied.used - length) chunk = kStringSpace - copied.used - length;
    TRY(copy_from_user(start + length, address, chunk));
    for (uint64_t i = 0; i < chunk; ++i) {
      if (start[length + i] == '\0') {
        copied.used += length + i + 1;
        return static_cast<const char*>(start);
      }
    }
    length += chunk;
  }
}

// argv or envp: a NULL-terminated array of string pointers (a NULL array is an empty one).
Result<uint32_t> copy_vector(uint64_t user_vector, const char** out, uint32_t capacity) {
  uint32_t count = 0;
  if (user_vector == 0) return count;
  for (;; ++count) {
    uint64_t pointer = 0;
    TRY(copy_from_user(&pointer, user_vector + count * sizeof pointer, sizeof pointer));
    if (pointer == 0) return count;
    if (count == capacity) return Errno::kArgumentsTooLong;
    out[count] = TRY(copy_string(pointer));
  }
}

bool sealed_executable(const Node& target) {
  if (target.kind == NodeKind::kSelfExe) return true;
  return target.kind == NodeKind::kSealedFile && (target.mode & kModeTypeMask) == kModeRegular &&
         (target.mode & 0111) != 0;
}

// The point of no return: the process drops its other threads, its old memory (or gives a vfork
// parent's back) and its close-on-exec descriptors.
void replace_program(Workload* fresh, const LoadPlan& plan) {
  Process& process = current_process();
  end_threads_of(process, true);
  Workload* old = process.memory;
  process.memory = fresh;
  activate_memory(*fresh);
  release_vfork_parent(process);
  release_memory(old);
  close_on_exec_descriptors(process.descriptors);
  exec_signals(process.signals, current_thread_signals());
  uint64_t stack = build_initial_stack(copied.vectors, plan);
  start_program_on_return(plan.entry, stack);
}

}  // namespace

Status execute_program(uint32_t node_index, uint64_t user_argv, uint64_t user_envp) {
  Process& process = current_process();
  if (node(node_index).kind == NodeKind::kSelfExe && process.program != kMaxNodes) node_index = process.program;
  const Node& target = node(node_index);
  if (!sealed_executable(target)) return Errno::kAccess;
  copied.used = 0;
  copied.vectors.argc = TRY(copy_vector(user_argv, copied.vectors.argv, ProgramArguments::kMaxArgs));
  copied.vectors.envc = TRY(copy_vector(user_envp, copied.vectors.envp, confwl::abi::kBootConfigMaxEnv));
  Workload* fresh = TRY(create_memory());
  auto loaded = load_program(*fresh, target.data, target.size);
  if (!loaded.ok()) {
    release_memory(fresh);
    return Errno::kAccess;  // not a static x86-64 ELF we accept: nothing of it runs
  }
  replace_program(fresh, loaded.value());
  process.program = target.kind == NodeKind::kSelfExe ? kMaxNodes : node_index;
  return kOk;
}

}  // namespace kernel
