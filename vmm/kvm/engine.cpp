#include "confwl/vmm/engine.h"

#include "kvm_vm.h"
#include "vcpu_setup.h"

namespace confwl::vmm {

Status kvm_engine_available() {
  Result<kvm::KvmVm> vm = kvm::KvmVm::create();
  if (!vm) return vm.error();
  if (auto cpuid = kvm::host_guest_cpuid(vm->system_fd()); !cpuid) return cpuid.error();
  return Ok{};
}

Engine resolve_engine(Engine engine) {
  if (engine != Engine::kAuto) return engine;
  return kvm_engine_available() ? Engine::kKvm : Engine::kQemu;
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
