#include "confwl/measure/ovmf_launch.h"

#include "confwl/hex.h"
#include "confwl/measure/vmsa.h"

namespace confwl::measure {
namespace {

Status add_kernel_hashes(const OvmfLaunch& launch, const OvmfImage& ovmf, const SevSection& section,
                         SnpLaunchDigest& digest) {
  if (!launch.direct_boot) {
    for (uint64_t offset = 0; offset < section.size; offset += kPageSize)
      digest.add_empty_page(SnpPageType::kZero, section.gpa + offset);
    return Ok{};
  }
  if (!ovmf.sev_hash_table_gpa)
    return Error{"OVMF image: --kernel needs the SEV hashes table entry (" + guid_text(kSevHashTableRvGuid) +
                 ") in the GUID table"};
  if (section.size != kPageSize)
    return Error{"OVMF image: the SNP_KERNEL_HASHES section is " + hex_number(section.size) +
                 " bytes, expected one page"};
  Result<std::array<std::byte, kPageSize>> page =
      sev_hashes_page(*launch.direct_boot, *ovmf.sev_hash_table_gpa & (kPageSize - 1));
  if (!page) return page.error();
  digest.add_page(SnpPageType::kNormal, section.gpa, *page);
  return Ok{};
}

void add_range(SnpLaunchDigest& digest, SnpPageType type, const SevSection& section) {
  for (uint64_t offset = 0; offset < section.size; offset += kPageSize)
    digest.add_empty_page(type, section.gpa + offset);
}

// edk2's metadata order, with the VMM's deviations: GCE leaves SEC memory unmeasured, EC2 adds
// the CPUID page after every other section.
Status add_sections(const OvmfLaunch& launch, const OvmfImage& ovmf, SnpLaunchDigest& digest) {
  const VmmProfile vmm = launch.vcpu.vmm;
  bool has_kernel_hashes = false;
  for (const SevSection& section : ovmf.sections) {
    switch (section.type) {
      case SevSectionType::kSnpSecMem:
        add_range(digest, vmm == VmmProfile::kGce ? SnpPageType::kUnmeasured : SnpPageType::kZero, section);
        break;
      case SevSectionType::kSnpSecrets: add_range(digest, SnpPageType::kSecrets, section); break;
      case SevSectionType::kCpuid:
        if (vmm != VmmProfile::kEc2) add_range(digest, SnpPageType::kCpuid, section);
        break;
      case SevSectionType::kSvsmCaa: add_range(digest, SnpPageType::kZero, section); break;
      case SevSectionType::kSnpKernelHashes:
        has_kernel_hashes = true;
        if (Status added = add_kernel_hashes(launch, ovmf, section, digest); !added) return added;
        break;
    }
  }
  if (vmm == VmmProfile::kEc2)
    for (const SevSection& section : ovmf.sections)
      if (section.type == SevSectionType::kCpuid) add_range(digest, SnpPageType::kCpuid, section);
  if (launch.direct_boot && !has_kernel_hashes)
    return Error{"OVMF image: --kernel given, but the SEV metadata has no SNP_KERNEL_HASHES section"};
  return Ok{};
}

}  // namespace

Result<Sha384> ovmf_launch_digest(const OvmfLaunch& launch, SnpLaunchDigest& digest) {
  Result<OvmfImage> ovmf = parse_ovmf(launch.firmware);
  if (!ovmf) return ovmf.error();
  if (launch.vcpus == 0) return Error{"--vcpus: expected at least 1"};
  if (launch.vcpus > 1 && !ovmf->sev_es_reset_eip)
    return Error{"OVMF image: more than one vCPU needs the SEV-ES reset block (" + guid_text(kSevEsResetBlockGuid) +
                 ") for the APs' start address"};
  for (uint64_t offset = 0; offset < launch.firmware.size(); offset += kPageSize)
    digest.add_page(SnpPageType::kNormal, ovmf->gpa + offset, Page(launch.firmware.subspan(offset, kPageSize)));
  if (Status added = add_sections(launch, *ovmf, digest); !added) return added.error();

  const SevEsSaveArea bsp = reset_state_vmsa(kResetVectorEip, launch.vcpu);
  const SevEsSaveArea ap = reset_state_vmsa(ovmf->sev_es_reset_eip.value_or(0), launch.vcpu);
  for (unsigned index = 0; index < launch.vcpus; ++index)
    digest.add_page(SnpPageType::kVmsa, kKvmVmsaGpa, page_of(index == 0 ? bsp : ap));
  return digest.digest();
}

}  // namespace confwl::measure
