// The SEV-SNP launch digest of an OVMF guest as QEMU/KVM (or EC2, GCE) launches it: the firmware
// as NORMAL pages ending at 4 GiB, then the SEV metadata sections in table order, then one VMSA
// per vCPU. The same sequence virtee/sev-snp-measure models (guest.py, snp_calc_launch_digest).
#pragma once
#include <cstddef>
#include <optional>
#include <span>

#include "confwl/measure/ovmf.h"
#include "confwl/measure/sev_hashes_table.h"
#include "confwl/measure/snp_page_info.h"
#include "confwl/measure/vcpu.h"
#include "confwl/result.h"

namespace confwl::measure {

struct OvmfLaunch {
  std::span<const std::byte> firmware;
  std::optional<DirectBoot> direct_boot;  // -kernel given: the SNP_KERNEL_HASHES page holds the table
  unsigned vcpus = 1;
  VcpuConfig vcpu;
};

// Errors: the OVMF image's defects, a missing SEV-ES reset block with more than one vCPU, a
// kernel without an SNP_KERNEL_HASHES section or SEV hashes table address.
Result<Sha384> ovmf_launch_digest(const OvmfLaunch& launch, SnpLaunchDigest& digest);

}  // namespace confwl::measure
