// The launch measurements of an IGVM file: its directives applied in file order, as a VMM does it
// (docs/measurement.md, "Applying an IGVM file"). Only the directives whose compatibility mask
// holds the platform's bit count.
//   SEV-SNP (QEMU/KVM, as QEMU's backends/igvm.c hands pages to KVM): PARAMETER_INSERT ->
//     UNMEASURED pages; PAGE_DATA: SECRETS / CPUID_DATA / CPUID_XF -> SECRETS / CPUID, unmeasured
//     -> UNMEASURED, shared -> not launched, no file data -> ZERO, data -> NORMAL; then the
//     VP_CONTEXT VMSA once per vCPU at KVM's VMSA GPA (KVM measures VMSAs at LAUNCH_FINISH).
//   TDX: PARAMETER_INSERT -> PAGE.ADD per page; PAGE_DATA: unmeasured -> PAGE.ADD, shared -> not
//     added, otherwise PAGE.ADD + 16 x MR.EXTEND of the data (zeros without data). A VP_CONTEXT
//     is an error: TDX vCPUs start in the architectural reset state.
#pragma once
#include <cstdint>

#include "confwl/igvm/file.h"
#include "confwl/measure/snp_page_info.h"
#include "confwl/measure/tdx_mrtd.h"
#include "confwl/result.h"

namespace confwl::igvm {

struct SnpLaunch {
  Sha384 digest;
  uint64_t policy;       // from the file's GUEST_POLICY (it does not enter the digest)
  uint64_t sev_features;  // from the VMSA
  uint32_t vcpu_signature;  // RDX of the VMSA
};

Result<SnpLaunch> snp_launch_digest(const File& file, unsigned vcpus, measure::SnpLaunchDigest& digest);
Result<Sha384> tdx_mrtd(const File& file, measure::TdxMrtd& mrtd);

}  // namespace confwl::igvm
