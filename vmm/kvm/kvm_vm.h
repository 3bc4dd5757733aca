// /dev/kvm, one VM and its single vCPU, each ioctl result checked and turned into an error that
// names the step ("KVM_CREATE_VM failed: ...").
#pragma once
#include <confwl/result.h>
#include <linux/kvm.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "confwl/vmm/unique_fd.h"

namespace confwl::vmm::kvm {

inline constexpr const char* kKvmDevice = "/dev/kvm";

// /dev/kvm opened, its API version and every capability the engine uses checked (the error names
// the missing one).
Result<UniqueFd> open_kvm();

class KvmVm {
 public:
  // Opens /dev/kvm, checks the API version and every capability the engine uses (the error names
  // the missing one), creates the VM and vCPU 0 and maps its kvm_run area.
  static Result<KvmVm> create();

  KvmVm(KvmVm&& other) noexcept;
  KvmVm& operator=(KvmVm&&) = delete;
  ~KvmVm();

  // Guest RAM as memory slot 0 from guest-physical address 0.
  Status map_memory(std::span<std::byte> memory);

  int system_fd() const { return system_.get(); }
  int vcpu_fd() const { return vcpu_.get(); }
  kvm_run& run_area() const { return *run_; }
  size_t run_area_size() const { return run_size_; }

 private:
  KvmVm() = default;
  UniqueFd system_, vm_, vcpu_;
  kvm_run* run_ = nullptr;
  size_t run_size_ = 0;
};

// "KVM_SET_SREGS failed: Invalid argument"
Error ioctl_error(const std::string& request);

}  // namespace confwl::vmm::kvm
