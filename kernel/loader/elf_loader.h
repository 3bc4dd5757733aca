// Loads the workload ELF from its (measured) blob into the workload's address space.
#pragma once
#include <stdint.h>

#include "boot/boot_config.h"
#include "loader/elf_plan.h"

namespace kernel {

// Plans, maps and fills every PT_LOAD segment, sets up the stack region and the heap start.
// Panics with the loader's reason if the ELF is refused or memory runs out.
LoadPlan load_workload(const Blob& blob);

}  // namespace kernel
