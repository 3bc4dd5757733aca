#include "confwl/igvm/launch.h"

#include <array>
#include <cstring>
#include <map>

#include "confwl/hex.h"
#include "confwl/measure/sev_es_save_area.h"

namespace confwl::igvm {
namespace {

using measure::SnpPageType;

// PARAMETER_AREA sizes by index, as the directives declare them.
class ParameterAreas {
 public:
  void declare(const ParameterArea& area) { sizes_[area.parameter_area_index] = area.number_of_bytes; }
  Result<uint64_t> size(const ParameterInsert& insert) const {
    auto found = sizes_.find(insert.parameter_area_index);
    if (found == sizes_.end())
      return Error{"IGVM: PARAMETER_INSERT of undeclared parameter area " + std::to_string(insert.parameter_area_index)};
    return found->second;
  }

 private:
  std::map<uint32_t, uint64_t> sizes_;
};

SnpPageType snp_page_type(const PageDataDirective& page) {
  switch (static_cast<PageDataType>(page.header.data_type)) {
    case PageDataType::kSecrets: return SnpPageType::kSecrets;
    case PageDataType::kCpuidData:
    case PageDataType::kCpuidXf: return SnpPageType::kCpuid;
    case PageDataType::kNormal: break;
  }
  if (page.header.flags & kPageFlagUnmeasured) return SnpPageType::kUnmeasured;
  return page.data.empty() ? SnpPageType::kZero : SnpPageType::kNormal;
}

Result<uint32_t> required_mask(const File& file, PlatformType type, const char* name) {
  std::optional<uint32_t> mask = platform_mask(file, type);
  if (!mask) return Error{std::string("IGVM file: no supported-platform header for ") + name};
  return *mask;
}

}  // namespace

Result<SnpLaunch> snp_launch_digest(const File& file, unsigned vcpus, measure::SnpLaunchDigest& digest) {
  if (vcpus == 0) return Error{"--vcpus: expected at least 1"};
  Result<uint32_t> mask = required_mask(file, PlatformType::kSevSnp, "SEV-SNP");
  if (!mask) return mask.error();
  SnpLaunch launch{};
  bool has_policy = false;
  for (const GuestPolicy& policy : file.policies)
    if (policy.compatibility_mask & *mask) launch.policy = policy.policy, has_policy = true;
  if (!has_policy) return Error{"IGVM file: no SEV-SNP GUEST_POLICY"};
  ParameterAreas areas;
  const VpContextDirective* vmsa = nullptr;
  for (const Directive& directive : file.directives) {
    if (const auto* area = std::get_if<ParameterArea>(&directive)) areas.declare(*area);
    if (const auto* insert = std::get_if<ParameterInsert>(&directive); insert && (insert->compatibility_mask & *mask)) {
      Result<uint64_t> size = areas.size(*insert);
      if (!size) return size.error();
      for (uint64_t offset = 0; offset < *size; offset += kPageSize)
        digest.add_empty_page(SnpPageType::kUnmeasured, insert->gpa + offset);
    }
    if (const auto* page = std::get_if<PageDataDirective>(&directive);
        page && (page->header.compatibility_mask & *mask) && !(page->header.flags & kPageFlagShared)) {
      const SnpPageType type = snp_page_type(*page);
      if (type == SnpPageType::kNormal)
        digest.add_page(type, page->header.gpa, measure::Page(page->data.data(), kPageSize));
      else
        digest.add_empty_page(type, page->header.gpa);
    }
    if (const auto* context = std::get_if<VpContextDirective>(&directive); context && (context->header.compatibility_mask & *mask)) {
      if (vmsa || context->header.vp_index != 0)
        return Error{"IGVM file: more than one SEV-SNP VP_CONTEXT (one, for vp_index 0, is supported)"};
      vmsa = context;
    }
  }
  if (!vmsa) return Error{"IGVM file: no SEV-SNP VP_CONTEXT (the VMSA)"};
  measure::SevEsSaveArea save_area;
  std::memcpy(&save_area, vmsa->data.data(), sizeof(save_area));
  launch.sev_features = save_area.sev_features;
  launch.vcpu_signature = static_cast<uint32_t>(save_area.rdx);
  for (unsigned index = 0; index < vcpus; ++index)
    digest.add_page(SnpPageType::kVmsa, measure::kKvmVmsaGpa, measure::Page(vmsa->data.data(), kPageSize));
  launch.digest = digest.digest();
  return launch;
}

Result<Sha384> tdx_mrtd(const File& file, measure::TdxMrtd& mrtd) {
  static constexpr std::array<std::byte, kPageSize> kZeroPage{};
  Result<uint32_t> mask = required_mask(file, PlatformType::kTdx, "TDX");
  if (!mask) return mask.error();
  ParameterAreas areas;
  for (const Directive& directive : file.directives) {
    if (const auto* area = std::get_if<ParameterArea>(&directive)) areas.declare(*area);
    if (const auto* insert = std::get_if<ParameterInsert>(&directive); insert && (insert->compatibility_mask & *mask)) {
      Result<uint64_t> size = areas.size(*insert);
      if (!size) return size.error();
      for (uint64_t offset = 0; offset < *size; offset += kPageSize) mrtd.add_page(insert->gpa + offset);
    }
    if (const auto* context = std::get_if<VpContextDirective>(&directive); context && (context->header.compatibility_mask & *mask))
      return Error{"IGVM file: a TDX VP_CONTEXT, but TDX vCPUs start in the architectural reset state"};
    const auto* page = std::get_if<PageDataDirective>(&directive);
    if (!page || !(page->header.compatibility_mask & *mask) || (page->header.flags & kPageFlagShared)) continue;
    if (page->header.data_type != static_cast<uint16_t>(PageDataType::kNormal))
      return Error{"IGVM file: a " + std::string(page_data_type_name(page->header.data_type)) + " page at " +
                   hex_number(page->header.gpa) + " for TDX (SEV-SNP only)"};
    if (page->header.flags & kPageFlagUnmeasured)
      mrtd.add_page(page->header.gpa);
    else
      mrtd.add_measured_page(page->header.gpa, page->data.empty() ? measure::Page(kZeroPage) : measure::Page(page->data.data(), kPageSize));
  }
  return mrtd.finish();
}

}  // namespace confwl::igvm
