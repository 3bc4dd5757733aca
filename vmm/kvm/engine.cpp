#include "confwl/vmm/engine.h"

#include "kvm_vm.h"
#include "vcpu_setup.h"

namespace confwl::vmm {
namespace {

// Usable means the kvm engine would get past its own set-up checks on this host (API version,
// capabilities, VM and vCPU creation, the CPU features the kernel needs), not merely that
// /dev/kvm exists: some nested hypervisors offer a /dev/kvm without, e.g., RDRAND.
bool kvm_usable() {
  Result<kvm::KvmVm> vm = kvm::KvmVm::create();
  return vm && kvm::host_guest_cpuid(vm->system_fd());
}

}  // namespace

Engine resolve_engine(Engine engine) {
  if (engine != Engine::kAuto) return engine;
  return kvm_usable() ? Engine::kKvm : Engine::kQemu;
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
