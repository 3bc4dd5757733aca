// The `kvm` engine: ConfWL's own VMM on /dev/kvm (vmm/kvm/). It loads the image itself (PVH),
// emulates the device contract of DESIGN.md and serves the hostcall channel with the same
// HostcallServer the qemu engine uses; the run ends the same way (run_outcome.h).
#pragma once
#include <confwl/result.h>

#include <cstddef>
#include <span>

#include "confwl/vmm/hostcall_server.h"
#include "confwl/vmm/supervisor.h"

namespace confwl::vmm {

// Boots `image` (already read and checked by the caller) with options.memory_bytes of RAM.
Result<int> run_on_kvm(std::span<const std::byte> image, HostcallServer& server, const GuestRunOptions& options);

}  // namespace confwl::vmm
