// The process start state on the stack (System V x86-64 psABI 3.4.1, Figure 3.9): argc, argv,
// envp, the auxiliary vector, then the strings and AT_RANDOM's bytes above them.
#pragma once
#include <stdint.h>

#include "loader/elf_plan.h"
#include "loader/program_arguments.h"

namespace kernel {

// Writes the start state below kStackTop, into the pages load_program mapped for these arguments,
// and returns the initial %rsp (16-byte aligned, pointing at argc, stack_layout.h).
uint64_t build_initial_stack(const ProgramArguments& arguments, const LoadPlan& plan);

}  // namespace kernel
