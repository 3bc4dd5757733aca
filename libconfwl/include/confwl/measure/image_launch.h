// The launch measurements of a sealed ConfWL image: those of its IGVM launch. The page list is
// defined once, by confwl/igvm/image_igvm.h (the directives of NAME.igvm); the functions here
// build those directives for the given launch and apply them (confwl/igvm/launch.h).
// docs/measurement.md is the normative description. The guest policy is recorded with the
// digest but, as on hardware, does not enter it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "confwl/measure/snp_page_info.h"
#include "confwl/measure/tdx_mrtd.h"
#include "confwl/measure/vcpu.h"
#include "confwl/result.h"

namespace confwl::measure {

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

// Every 4 KiB page a PT_LOAD covers, ascending, each once: `page` holds the bytes of all segments
// that touch it (zero elsewhere), or is empty when no file byte lands on it (bss only). Returns the
// PVH entry. Needs a PVH ELF whose PT_LOADs ascend without overlap above the low pages the launch
// uses (abi::kSnpCpuidPageGpa); does not run parse_sealed_image.
using PageVisitor = std::function<void(uint64_t gpa, std::span<const std::byte> page)>;
Result<uint32_t> for_each_image_page(std::span<const std::byte> image, const PageVisitor& visit);

// Both need a PVH ELF whose PT_LOADs ascend without overlap above the launch's low pages; they do not
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
