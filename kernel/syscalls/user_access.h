// Copying to and from workload memory. Every user pointer goes through these: they check the range
// lies in user space and turn a fault (unmapped or forbidden page) into EFAULT instead of a panic.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

Status copy_from_user(void* destination, uint64_t user_source, size_t size);
Status copy_to_user(uint64_t user_destination, const void* source, size_t size);

// True if [address, address + size) lies in user space.
bool is_user_range(uint64_t address, uint64_t size);

}  // namespace kernel
