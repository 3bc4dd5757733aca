// execve of sealed executables only: the workload itself (/proc/self/exe) and regular files of the
// measured archive that carry an exec bit and are static x86-64 ELFs the loader accepts, or #!
// scripts whose interpreter is such an ELF (process/script.h). Anything else (a /tmp file, a
// directory, a device, a pipe, no exec bit, not such an ELF, a script with an unsealed or script
// interpreter) is EACCES, so no unmeasured code can run. The bytes are still checked as untrusted
// input (loader/elf_plan.h).
#pragma once
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

// /proc/self/exe runs what the calling process runs (busybox execs itself through it), not always
// the workload. Replaces the current process's program. On success the call does not return to the old program:
// the current thread starts the new one when its syscall returns, alone in its process, with
// close-on-exec descriptors closed. path is the name execve was given (a script's interpreter gets
// it in its argv). ENOENT/ENOTDIR for a bad path (or a missing interpreter), EACCES as above,
// E2BIG for too many or too long arguments, EFAULT for a bad pointer, ENOMEM.
Status execute_program(uint32_t node_index, const char* path, uint64_t user_argv, uint64_t user_envp);

// /proc/self/exe names what the current process runs: after an execve of a sealed file, that
// file's node (what open, stat, execve and readlink of /proc/self/exe see); before, node_index
// itself (the workload). Any other node is returned unchanged.
uint32_t follow_self_exe(uint32_t node_index);

}  // namespace kernel
