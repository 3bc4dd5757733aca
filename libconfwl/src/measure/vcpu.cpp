#include "confwl/measure/vcpu.h"

#include <array>

#include "confwl/spelling.h"

namespace confwl::measure {
namespace {

struct VcpuType {
  std::string_view name;
  uint32_t family, model, stepping;
};

// QEMU's builtin_x86_defs (target/i386/cpu.c) for the AMD models that can run SEV-SNP guests.
constexpr std::array kVcpuTypes = {
    VcpuType{"EPYC", 23, 1, 2},        VcpuType{"EPYC-v1", 23, 1, 2},        VcpuType{"EPYC-v2", 23, 1, 2},
    VcpuType{"EPYC-IBPB", 23, 1, 2},   VcpuType{"EPYC-v3", 23, 1, 2},        VcpuType{"EPYC-v4", 23, 1, 2},
    VcpuType{"EPYC-Rome", 23, 49, 0},  VcpuType{"EPYC-Rome-v1", 23, 49, 0},  VcpuType{"EPYC-Rome-v2", 23, 49, 0},
    VcpuType{"EPYC-Rome-v3", 23, 49, 0}, VcpuType{"EPYC-Milan", 25, 1, 1},   VcpuType{"EPYC-Milan-v1", 25, 1, 1},
    VcpuType{"EPYC-Milan-v2", 25, 1, 1}, VcpuType{"EPYC-Genoa", 25, 17, 0},  VcpuType{"EPYC-Genoa-v1", 25, 17, 0},
    VcpuType{"EPYC-Turin", 26, 0, 0},
};

constexpr std::array kVmmProfiles = {VmmProfile::kQemu, VmmProfile::kEc2, VmmProfile::kGce};

}  // namespace

uint32_t cpuid_signature(uint32_t family, uint32_t model, uint32_t stepping) {
  const uint32_t base_family = family > 0xF ? 0xF : family;
  const uint32_t extended_family = family > 0xF ? (family - 0xF) & 0xFF : 0;
  return (extended_family << 20) | (((model >> 4) & 0xF) << 16) | (base_family << 8) | ((model & 0xF) << 4) |
         (stepping & 0xF);
}

Result<uint32_t> vcpu_type_signature(std::string_view name) {
  std::array<std::string_view, kVcpuTypes.size()> names{};
  for (size_t index = 0; index < kVcpuTypes.size(); ++index) {
    const VcpuType& type = kVcpuTypes[index];
    if (type.name == name) return cpuid_signature(type.family, type.model, type.stepping);
    names[index] = type.name;
  }
  std::string message = "--vcpu-type '" + std::string(name) + "': expected a QEMU AMD CPU model (";
  for (size_t index = 0; index < names.size(); ++index) message += (index ? ", " : "") + std::string(names[index]);
  message += ")";
  if (std::optional<std::string_view> guess = closest_match(name, names))
    message += "; did you mean '" + std::string(*guess) + "'?";
  return Error{message};
}

std::string_view vmm_profile_name(VmmProfile profile) {
  switch (profile) {
    case VmmProfile::kQemu: return "qemu";
    case VmmProfile::kEc2: return "ec2";
    case VmmProfile::kGce: return "gce";
  }
  return "unknown";
}

Result<VmmProfile> parse_vmm_profile(std::string_view name) {
  for (VmmProfile profile : kVmmProfiles)
    if (vmm_profile_name(profile) == name) return profile;
  return Error{"--vmm-type '" + std::string(name) + "': expected qemu, ec2 or gce"};
}

}  // namespace confwl::measure
