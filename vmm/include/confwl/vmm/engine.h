// The engines `confwl run --engine` chooses between (DESIGN.md, "The VMM and the simulated TEE").
#pragma once

#include "confwl/result.h"

namespace confwl::vmm {

enum class Engine {
  kQemu,  // qemu-system-x86_64 -M microvm, TCG where there is no /dev/kvm
  kKvm,   // ConfWL's own VMM on /dev/kvm (vmm/kvm/)
  kAuto,  // kKvm when /dev/kvm is usable, else kQemu
};

// Why the kvm engine cannot run on this host, if it cannot: /dev/kvm must pass the engine's own
// checks (API version, capabilities, the CPU features the kernel needs), not merely exist: some
// nested hypervisors offer a /dev/kvm without, e.g., RDRAND.
Status kvm_engine_available();

// "qemu", "kvm", "auto": the --engine spellings.
const char* engine_name(Engine engine);

}  // namespace confwl::vmm
