// The launch measurements of a sealed ConfWL image, for a VMM that loads it page by page in
// ascending guest-physical order (docs/measurement.md is the normative description):
//   1. the PVH parameter area [kParameterAreaGpa, +kParameterAreaSize): hvm_start_info and the
//      memory map, written by the VMM, so launched but not measured (SNP UNMEASURED, TDX PAGE.ADD);
//   2. every 4 KiB page a PT_LOAD segment covers, ascending: a page holding file bytes is
//      measured with its contents (zero-filled around them; SNP NORMAL, TDX PAGE.ADD + 16 x
//      MR.EXTEND); a page only in p_memsz beyond p_filesz is an SNP ZERO page (the PSP zeroes
//      it) and, on TDX, a measured page of zeros (TDX has no zero page type: unextended pages
//      would hold whatever the host put there);
//   3. SNP only: one VMSA per vCPU, all in the PVH 32-bit entry state, at KVM's VMSA GPA.
// The guest policy is recorded with the digest but, as on hardware, does not enter it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "confwl/measure/snp_page_info.h"
#include "confwl/measure/tdx_mrtd.h"
#include "confwl/measure/vcpu.h"
#include "confwl/result.h"

namespace confwl::measure {

// Firecracker's and Cloud Hypervisor's PVH layout: hvm_start_info at 0x6000, the memory map at
// 0x7000, both inside the VMM's scratch area below 1 MiB (abi::kVmmScratchEnd).
inline constexpr uint64_t kParameterAreaGpa = 0x6000;
inline constexpr uint64_t kParameterAreaSize = 0x2000;
inline constexpr uint64_t kPvhStartInfoGpa = kParameterAreaGpa;

// SNP guest policy: ABI version 0.0, SMT allowed (bit 16), bit 17 reserved-must-be-one; no debug,
// no migration agent.
inline constexpr uint64_t kDefaultSnpPolicy = 0x30000;
inline constexpr char kDefaultVcpuType[] = "EPYC-Milan";

struct SnpImageLaunch {
  unsigned vcpus = 1;
  std::string vcpu_type = kDefaultVcpuType;  // informational once `vcpu` holds its signature
  VcpuConfig vcpu;
  uint64_t policy = kDefaultSnpPolicy;
};

// `vcpu_type` resolved to its signature, guest features 0x1, QEMU/KVM, one vCPU.
Result<SnpImageLaunch> default_snp_image_launch();

// Both need a PVH ELF whose PT_LOADs ascend without overlap above the parameter area; they do not
// run parse_sealed_image (which hashes the whole file): callers that need a ConfWL image check first.
Result<Sha384> snp_image_launch_digest(std::span<const std::byte> image, const SnpImageLaunch& launch,
                                       SnpLaunchDigest& digest);
Result<Sha384> tdx_image_mrtd(std::span<const std::byte> image, TdxMrtd& mrtd);

struct ImageMeasurements {
  SnpImageLaunch snp;
  Sha384 snp_launch_digest;
  Sha384 tdx_mrtd;
};

Result<ImageMeasurements> measure_image(std::span<const std::byte> image, const SnpImageLaunch& launch);

}  // namespace confwl::measure
