#include "process/exec.h"

#include "fs/cpio.h"
#include "fs/node.h"
#include "fs/path.h"
#include "lib/string.h"
#include "loader/elf_loader.h"
#include "loader/initial_stack.h"
#include "process/process.h"
#include "process/robust_futex.h"
#include "process/script.h"
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
PathBuffer interpreter_path;  // not on the one kernel stack, which execve's own path already uses

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

// A kernel string (a script's interpreter line, its path) into the string space; E2BIG when full.
Result<const char*> store_string(const char* text) {
  size_t size = strlen(text) + 1;
  if (size > kStringSpace - copied.used) return Errno::kArgumentsTooLong;
  char* start = copied.strings + copied.used;
  memcpy(start, text, size);
  copied.used += size;
  return static_cast<const char*>(start);
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

// argv for a script's interpreter, as Linux builds it: the interpreter's name, the argument if
// the line has one, the script's path as given to execve, then the caller's argv[1..].
Status build_interpreter_arguments(const ScriptLine& line, const char* script_path) {
  ProgramArguments& vectors = copied.vectors;
  uint32_t added = line.argument != nullptr ? 3 : 2;
  uint32_t kept = vectors.argc > 0 ? vectors.argc - 1 : 0;
  if (kept + added > ProgramArguments::kMaxArgs) return Errno::kArgumentsTooLong;
  memmove(&vectors.argv[added], &vectors.argv[vectors.argc - kept], kept * sizeof vectors.argv[0]);
  vectors.argv[0] = TRY(store_string(line.interpreter));
  if (line.argument != nullptr) vectors.argv[1] = TRY(store_string(line.argument));
  vectors.argv[added - 1] = TRY(store_string(script_path));
  vectors.argc = kept + added;
  return kOk;
}

// A #! script runs as its interpreter, which must be a sealed executable as well (and an ELF:
// the loader refuses a script as interpreter, so nothing nests). Returns the interpreter's node.
Result<uint32_t> interpreter_for(const Node& script, const char* script_path) {
  ScriptLine line;
  if (!parse_script_line(script.data, script.size, line)) return Errno::kAccess;
  interpreter_path.length = strlen(line.interpreter);
  memcpy(interpreter_path.bytes, line.interpreter, interpreter_path.length + 1);
  uint32_t interpreter = follow_self_exe(TRY(resolve_path(kAtCurrentDirectory, interpreter_path)));
  if (!sealed_executable(node(interpreter))) return Errno::kAccess;
  TRY(build_interpreter_arguments(line, script_path));
  return interpreter;
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
  forget_robust_list();  // it pointed into the old program's memory
  uint64_t stack = build_initial_stack(copied.vectors, plan);
  start_program_on_return(plan.entry, stack);
}

}  // namespace

uint32_t follow_self_exe(uint32_t node_index) {
  uint32_t program = current_process().program;
  return node(node_index).kind == NodeKind::kSelfExe && program != kMaxNodes ? program : node_index;
}

Status execute_program(uint32_t node_index, const char* path, uint64_t user_argv, uint64_t user_envp) {
  Process& process = current_process();
  node_index = follow_self_exe(node_index);
  if (!sealed_executable(node(node_index))) return Errno::kAccess;
  copied.used = 0;
  copied.vectors.argc = TRY(copy_vector(user_argv, copied.vectors.argv, ProgramArguments::kMaxArgs));
  copied.vectors.envc = TRY(copy_vector(user_envp, copied.vectors.envp, confwl::abi::kBootConfigMaxEnv));
  if (is_script(node(node_index).data, node(node_index).size)) node_index = TRY(interpreter_for(node(node_index), path));
  const Node& target = node(node_index);
  Workload* fresh = TRY(create_memory());
  auto loaded = load_program(*fresh, target.data, target.size, copied.vectors);
  if (!loaded.ok()) {
    release_memory(fresh);
    // Not a static x86-64 ELF we accept, or no memory for it: nothing of it runs.
    return loaded.error().out_of_memory ? Errno::kNoMemory : Errno::kAccess;
  }
  replace_program(fresh, loaded.value());
  process.program = target.kind == NodeKind::kSelfExe ? kMaxNodes : node_index;
  return kOk;
}

}  // namespace kernel
