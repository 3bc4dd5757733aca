// The part of `confwl inspect` that lists the workload's attack surface in words: /tmp, what a
// denied syscall does, the syscall allowlist with a one-line summary of each call, and the sealed
// files with their modes, sizes and SHA-384.
#pragma once
#include "confwl/sealed_image.h"

namespace confwl::cli {

void print_attack_surface(const SealedImage& image);

}  // namespace confwl::cli
