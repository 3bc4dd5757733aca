// execve of sealed executables only: the workload itself (/proc/self/exe) and regular files of the
// measured archive that carry an exec bit and are static x86-64 ELFs the loader accepts. Anything
// else (a /tmp file, a directory, a device, a pipe, no exec bit, not such an ELF) is EACCES, so no
// unmeasured code can run. The bytes are still checked as untrusted input (loader/elf_plan.h).
#pragma once
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

// /proc/self/exe runs what the calling process runs (busybox execs itself through it), not always
// the workload. Replaces the current process's program. On success the call does not return to the old program:
// the current thread starts the new one when its syscall returns, alone in its process, with
// close-on-exec descriptors closed. ENOENT/ENOTDIR for a bad path, EACCES as above, E2BIG for too
// many or too long arguments, EFAULT for a bad pointer, ENOMEM.
Status execute_program(uint32_t node_index, uint64_t user_argv, uint64_t user_envp);

}  // namespace kernel
