// Loads a static ELF (the workload, or a sealed executable for execve) into an address space.
#pragma once
#include <stdint.h>

#include "boot/boot_config.h"
#include "loader/elf_plan.h"
#include "loader/program_arguments.h"
#include "process/workload.h"

namespace kernel {

// Plans, maps and fills every PT_LOAD segment into target (empty), adds the stack region, maps the
// pages the start state for arguments takes on it (what is mapped now and what on first touch:
// elf_loader.cpp) and sets the heap start. The bytes are untrusted: a refused ELF or a lack of
// memory is an error, never a crash; target is then partly filled and the caller releases it.
Expected<LoadPlan, LoadError> load_program(Workload& target, const uint8_t* file, uint64_t size,
                                           const ProgramArguments& arguments);

// load_program for the boot workload into the current process; panics with the loader's reason.
LoadPlan load_workload(const Blob& blob, const ProgramArguments& arguments);

}  // namespace kernel
