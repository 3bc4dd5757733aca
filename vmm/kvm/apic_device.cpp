#include "apic_device.h"

#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>

#include "kvm_vm.h"

namespace confwl::vmm::kvm {

Status ApicDevice::mmio(kvm_run& run, uint64_t now_ns) {
  const uint64_t offset = run.mmio.phys_addr - kLocalApicAddress;
  const size_t size = std::min<size_t>(run.mmio.len, sizeof run.mmio.data);
  if (run.mmio.is_write) {
    uint32_t value = 0;
    std::memcpy(&value, run.mmio.data, std::min(size, sizeof value));
    return apic_.write(offset, size, value, now_ns);
  }
  Result<uint32_t> value = apic_.read(offset, size, now_ns);
  if (!value) return value.error();
  std::memcpy(run.mmio.data, &*value, sizeof *value);  // read() took only 4-byte accesses
  return Ok{};
}

Status ApicDevice::before_entry(kvm_run& run, uint64_t now_ns) {
  apic_.advance(now_ns);
  std::optional<uint8_t> vector = apic_.deliverable_vector();
  if (vector && run.ready_for_interrupt_injection && run.if_flag) {
    const kvm_interrupt interrupt{.irq = *vector};
    if (::ioctl(vcpu_fd_, KVM_INTERRUPT, &interrupt) != 0) return ioctl_error("KVM_INTERRUPT");
    apic_.delivered();
    vector = apic_.deliverable_vector();
  }
  run.request_interrupt_window = vector ? 1 : 0;
  return Ok{};
}

}  // namespace confwl::vmm::kvm
