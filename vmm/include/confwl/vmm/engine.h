// The engines `confwl run --engine` chooses between (DESIGN.md, "The VMM and the simulated TEE").
#pragma once

namespace confwl::vmm {

enum class Engine {
  kQemu,  // qemu-system-x86_64 -M microvm, TCG where there is no /dev/kvm
  kKvm,   // ConfWL's own VMM on /dev/kvm (vmm/kvm/)
  kAuto,  // kKvm when /dev/kvm is usable, else kQemu
};

// kAuto resolved against this machine; the others unchanged.
Engine resolve_engine(Engine engine);

// "qemu", "kvm", "auto": the --engine spellings.
const char* engine_name(Engine engine);

}  // namespace confwl::vmm
