#include "confwl/vmm/engine.h"

#include "kvm_vm.h"
#include "vcpu_setup.h"

namespace confwl::vmm {

Status kvm_engine_available() {
  // No VM is created here: tearing one down takes ~10 ms on some nested hosts, and every
  // `confwl run --engine auto` would pay it. A VM or vCPU that cannot be created still ends the
  // run with its own message.
  Result<UniqueFd> system = kvm::open_kvm();
  if (!system) return system.error();
  if (auto cpuid = kvm::host_guest_cpuid(system->get(), kvm::LocalApicModel::kOffered); !cpuid) return cpuid.error();
  return Ok{};
}

const char* engine_name(Engine engine) {
  switch (engine) {
    case Engine::kQemu: return "qemu";
    case Engine::kKvm: return "kvm";
    case Engine::kAuto: return "auto";
  }
  return "unknown";
}

}  // namespace confwl::vmm
