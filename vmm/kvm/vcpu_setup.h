// vCPU 0 in the state the PVH ABI promises at the 32-bit entry: protected mode, paging off, flat
// 4 GiB code and data segments, interrupts off, %ebx = hvm_start_info; and the CPUID it sees.
#pragma once
#include <confwl/result.h>
#include <linux/kvm.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace confwl::vmm::kvm {

// Whether the guest sees the local APIC model of local_apic.h (CPUID.1:EDX.APIC, IA32_APIC_BASE
// enabled at kLocalApicAddress) or no local APIC at all.
enum class LocalApicModel { kOffered, kHidden };

// What KVM_GET_SUPPORTED_CPUID offers, cut down to the leaves the ConfWL kernel reads (vendor,
// features, structured features, XSAVE sizes, extended features, address sizes), with the
// hypervisor bit set, the APIC bit as `apic` says and never x2APIC or TSC-deadline. Fails, naming
// the feature, when the kernel's requirements are missing: RDRAND, NX, SYSCALL, SSE2/FXSR
// (kernel/arch/x86_64/cpu_setup.cpp).
Result<std::vector<kvm_cpuid_entry2>> guest_cpuid(std::span<const kvm_cpuid_entry2> supported, LocalApicModel apic);

// The CPUID the guest would get on this host (KVM_GET_SUPPORTED_CPUID through guest_cpuid).
Result<std::vector<kvm_cpuid_entry2>> host_guest_cpuid(int system_fd, LocalApicModel apic);

// The boot GDT (see kvm_layout.h): null, code, data, TSS descriptors.
std::vector<uint64_t> boot_gdt();

// Writes the boot GDT/IDT into guest memory and sets CPUID, special and general registers and the
// FPU for a start at `entry`, and IA32_APIC_BASE as `apic` says.
Status setup_boot_vcpu(int system_fd, int vcpu_fd, uint32_t entry, std::span<std::byte> guest_memory,
                       LocalApicModel apic);

}  // namespace confwl::vmm::kvm
