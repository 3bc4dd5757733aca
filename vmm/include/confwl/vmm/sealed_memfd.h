// Hands an engine exactly the bytes the supervisor read and checked: an anonymous in-memory file
// sealed against any change, which the engine opens as /proc/self/fd/N. Nobody can swap the image
// between our check (and, later, our measurement) and the engine's load.
#pragma once
#include <confwl/result.h>

#include <cstddef>
#include <span>

#include "confwl/vmm/unique_fd.h"

namespace confwl::vmm {

Result<UniqueFd> make_sealed_memfd(std::span<const std::byte> contents, const char* name);

}  // namespace confwl::vmm
