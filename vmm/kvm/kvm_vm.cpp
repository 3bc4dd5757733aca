#include "kvm_vm.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "kvm_layout.h"

namespace confwl::vmm::kvm {
namespace {

// The stable KVM API; every kernel since 2.6.22 reports it.
constexpr int kKvmApiVersion = 12;

struct Capability {
  int id;
  const char* name;
  const char* why;
};

constexpr Capability kRequiredCapabilities[] = {
    {KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY", "guest RAM from our own mapping"},
    {KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID", "KVM_GET_SUPPORTED_CPUID / KVM_SET_CPUID2"},
    {KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT", "stopping a spinning guest at --timeout"},
    {KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR", "the real-mode TSS Intel VMX needs"},
};

}  // namespace

Result<UniqueFd> open_kvm() {
  UniqueFd system(::open(kKvmDevice, O_RDWR | O_CLOEXEC));
  if (!system.valid())
    return Error{std::string("cannot open ") + kKvmDevice + ": " + std::strerror(errno) +
                 " (the kvm engine needs KVM; use --engine qemu where there is none)"};
  const int version = ::ioctl(system.get(), KVM_GET_API_VERSION, 0);
  if (version != kKvmApiVersion)
    return Error{std::string(kKvmDevice) + " reports KVM API version " + std::to_string(version) +
                 ", expected " + std::to_string(kKvmApiVersion)};
  for (const Capability& capability : kRequiredCapabilities) {
    if (::ioctl(system.get(), KVM_CHECK_EXTENSION, capability.id) <= 0)
      return Error{std::string("KVM lacks ") + capability.name + ", needed for " + capability.why};
  }
  return system;
}

Error ioctl_error(const std::string& request) { return Error{request + " failed: " + std::strerror(errno)}; }

Result<KvmVm> KvmVm::create() {
  Result<UniqueFd> system = open_kvm();
  if (!system) return system.error();
  KvmVm vm;
  vm.system_ = std::move(*system);
  vm.vm_.reset(::ioctl(vm.system_.get(), KVM_CREATE_VM, 0));
  if (!vm.vm_.valid()) return ioctl_error("KVM_CREATE_VM");
  vm.vcpu_.reset(::ioctl(vm.vm_.get(), KVM_CREATE_VCPU, 0));
  if (!vm.vcpu_.valid()) return ioctl_error("KVM_CREATE_VCPU");
  const int run_size = ::ioctl(vm.system_.get(), KVM_GET_VCPU_MMAP_SIZE, 0);
  if (run_size < static_cast<int>(sizeof(kvm_run))) return ioctl_error("KVM_GET_VCPU_MMAP_SIZE");
  void* run = ::mmap(nullptr, static_cast<size_t>(run_size), PROT_READ | PROT_WRITE, MAP_SHARED, vm.vcpu_.get(), 0);
  if (run == MAP_FAILED) return Error{std::string("mapping the vCPU's kvm_run area failed: ") + std::strerror(errno)};
  vm.run_ = static_cast<kvm_run*>(run);
  vm.run_size_ = static_cast<size_t>(run_size);
  return vm;
}

KvmVm::KvmVm(KvmVm&& other) noexcept
    : system_(std::move(other.system_)),
      vm_(std::move(other.vm_)),
      vcpu_(std::move(other.vcpu_)),
      run_(std::exchange(other.run_, nullptr)),
      run_size_(std::exchange(other.run_size_, 0)) {}

KvmVm::~KvmVm() {
  if (run_) ::munmap(run_, run_size_);
}

Status KvmVm::map_memory(std::span<std::byte> memory) {
  kvm_userspace_memory_region region{};
  region.slot = 0;
  region.guest_phys_addr = 0;
  region.memory_size = memory.size();
  region.userspace_addr = reinterpret_cast<uint64_t>(memory.data());
  if (::ioctl(vm_.get(), KVM_SET_USER_MEMORY_REGION, &region) != 0) return ioctl_error("KVM_SET_USER_MEMORY_REGION");
  // Intel VMX needs a TSS outside RAM; above 4 GiB of RAM there is no hole for it, and on such
  // hosts unrestricted-guest support (every VMX CPU since 2010) makes it unused anyway.
  if (memory.size() <= kVmxTssAddress && ::ioctl(vm_.get(), KVM_SET_TSS_ADDR, kVmxTssAddress) != 0)
    return ioctl_error("KVM_SET_TSS_ADDR");
  return Ok{};
}

}  // namespace confwl::vmm::kvm
