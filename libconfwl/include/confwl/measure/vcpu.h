// What the VMSA needs to know about the vCPU and the VMM that launches it: the CPUID signature
// (from QEMU's -cpu model or family/model/stepping), the SEV features and the VMM's quirks.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "confwl/result.h"

namespace confwl::measure {

// CPUID Fn0000_0001_EAX (AMD CPUID Specification, pub. 25481): family above 0xF is split into
// base family 0xF plus extended family; model into low and extended nibbles.
uint32_t cpuid_signature(uint32_t family, uint32_t model, uint32_t stepping);

// QEMU CPU model names (EPYC, EPYC-v4, EPYC-Rome, EPYC-Milan, EPYC-Genoa, EPYC-Turin, ...).
Result<uint32_t> vcpu_type_signature(std::string_view name);

// Register quirks of the VMMs whose launches we can reproduce (sev-snp-measure's --vmm-type):
// QEMU/KVM, AWS EC2 and Google GCE differ in segment attributes, RDX, FPU defaults and PAT, and
// in where the CPUID page goes and how SEC memory is measured.
enum class VmmProfile { kQemu, kEc2, kGce };

std::string_view vmm_profile_name(VmmProfile profile);  // "qemu", "ec2", "gce"
Result<VmmProfile> parse_vmm_profile(std::string_view name);

struct VcpuConfig {
  uint32_t signature = 0;
  uint64_t guest_features = 0x1;  // VMSA SEV_FEATURES; bit 0 SNPActive
  VmmProfile vmm = VmmProfile::kQemu;
};

}  // namespace confwl::measure
