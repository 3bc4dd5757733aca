// How much of the stack the process start state takes (System V x86-64 psABI 3.4.1, Figure 3.9),
// known before it is written: the loader maps exactly those pages into the new address space
// while a failure can still be reported (execve's point of no return comes later), and
// initial_stack.cpp writes the state at the %rsp computed here. Pure logic: tests/kernel checks it.
#pragma once
#include <stdint.h>

#include "loader/program_arguments.h"

namespace kernel {

// Auxiliary vector entries initial_stack.cpp writes, AT_NULL included.
inline constexpr uint64_t kAuxPairs = 18;
// AT_PLATFORM's string and AT_RANDOM's bytes, the first things below the stack top.
inline constexpr char kPlatformString[] = "x86_64";
inline constexpr uint64_t kRandomBytes = 16;

// How much stack below the start state the loader maps as well: what a C library's start code uses
// before main (glibc's reaches ~4.5 KiB below the initial %rsp, partly written by syscalls; musl's
// much less), so that it does not take a page fault either; the rest of the stack is demand-zero.
inline constexpr uint64_t kStartCodeStackBytes = 16 * 1024;

// Words below the strings: argc, argv and envp (each NULL-terminated) and the auxiliary vector.
uint64_t start_vector_words(const ProgramArguments& arguments);
// The initial %rsp (pointing at argc) for a stack ending at top: below the strings, the random
// bytes and the vectors, rounded down to 16 bytes as the ABI requires. The arguments' size is
// bounded (boot config, execve's string space) far below top; the loader checks the result
// against the stack's bottom.
uint64_t initial_stack_pointer(const ProgramArguments& arguments, uint64_t top);

}  // namespace kernel
