// The kernel's final page tables: RAM at kDirectMapBase (no-execute), the kernel image in the top
// 2 GiB with per-section permissions (text read-only + executable, rodata read-only, data
// writable + no-execute). The lower half is left for the workload.
#pragma once
#include <stdint.h>

#include "mm/page_table.h"

namespace kernel {

// Builds and loads the tables; direct_map_end is the first physical address not mapped.
// Panics if memory runs out (nothing can run without them).
void init_kernel_address_space(uint64_t direct_map_end);

PageTable& kernel_page_table();

}  // namespace kernel
