// Initial VMSAs as KVM writes them for the launches we measure: the x86 reset state OVMF starts
// from, and the PVH 32-bit protected-mode entry a ConfWL image starts from. Under KVM the VMM
// never hands over VMSA bytes: KVM (sev_es_sync_vmsa) builds them from the vCPU registers, so
// the fixed values below (EFER.SVME, CR4.MCE, PAT, XCR0, FPU defaults) are KVM's.
#pragma once
#include <cstdint>
#include <span>

#include "confwl/measure/page_hasher.h"
#include "confwl/measure/sev_es_save_area.h"
#include "confwl/measure/vcpu.h"

namespace confwl::measure {

// The architectural reset vector: the BSP's first instruction under OVMF.
inline constexpr uint32_t kResetVectorEip = 0xFFFF'FFF0;

// Real mode at `eip`: CS base = eip & 0xFFFF0000, RIP = eip & 0xFFFF (as QEMU sets it up for the
// BSP at kResetVectorEip and for APs at OVMF's SEV-ES reset block address).
SevEsSaveArea reset_state_vmsa(uint32_t eip, const VcpuConfig& vcpu);

// The PVH entry state (xen/include/public/arch-x86/hvm/start_info.h): 32-bit protected mode,
// paging off, flat 4 GiB CS (execute/read) and data segments, EIP = entry, EBX = the
// hvm_start_info GPA.
SevEsSaveArea pvh_entry_vmsa(uint32_t entry, uint32_t start_info_gpa, const VcpuConfig& vcpu);

inline Page page_of(const SevEsSaveArea& save_area) {
  return Page(reinterpret_cast<const std::byte*>(&save_area), kPageSize);
}

}  // namespace confwl::measure
