// The simulated TEE's attestation: the part of AMD's PSP that answers a guest's MSG_REPORT_REQ
// with an ATTESTATION_REPORT signed by the VCEK. The measurement is the one the supervisor
// computed over the bytes it booted; the report data is the guest's; everything else is the
// simulated platform's (its chip id carries attestation::kSimulatedChipIdMarker).
#pragma once
#include <confwl/abi/hostcall.h>
#include <confwl/attestation/simulated_ca.h>
#include <confwl/attestation/snp_report.h>
#include <confwl/result.h>
#include <confwl/sha384.h>

#include "confwl/vmm/hostcall_server.h"

#include <array>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace confwl::vmm {

// The platform a simulated report describes: SNP firmware 1.55 build 21 on a Milan-like chip.
inline constexpr attestation::SnpTcbVersion kSimulatedTcb{3, 0, {}, 8, 115};
// SMT allowed and the must-be-one bit 17; no debug, no migration agent, ABI 0.0.
inline constexpr uint64_t kSimulatedGuestPolicy = attestation::kSnpPolicySmt | attestation::kSnpPolicyReservedMustBeOne;

struct SimulatedLaunch {
  Sha384 measurement{};                    // from the supervisor, never from a manifest
  uint64_t policy = kSimulatedGuestPolicy;
  std::array<uint8_t, 32> host_data{};
  // From the ID block SNP_LAUNCH_FINISH accepted (simulated_psp_launch_finish.h); zero without one.
  std::array<uint8_t, 16> family_id{};
  std::array<uint8_t, 16> image_id{};
  uint32_t guest_svn = 0;
  Sha384 id_key_digest{};
  Sha384 author_key_digest{};
  bool author_key_enabled = false;
};

class SimulatedPsp {
 public:
  // `ca` must outlive the PSP. The REPORT_ID is fresh for each PSP (one per guest launch).
  SimulatedPsp(const attestation::SimulatedCa& ca, SimulatedLaunch launch);

  // A signed report for `request`; an error for a VMPL outside 0..3.
  Result<attestation::SnpAttestationReport> report(const abi::HostcallAttestationRequest& request) const;

 private:
  const attestation::SimulatedCa& ca_;
  SimulatedLaunch launch_;
  std::array<uint8_t, 32> report_id_{};
};

// The hostcall server's responder for one guest launch of `image` (the bytes the engine boots; they
// must outlive the responder). When the guest first asks, not before, it measures the image and
// loads (or, the first time, creates) this user's simulated CA, so a workload that never attests
// pays for neither at boot. When that fails, the guest is told "unavailable" and `diagnostics` gets
// "confwl: attestation unavailable to the guest: why".
// With `finished` (a launch SNP_LAUNCH_FINISH already measured and accepted with an ID block),
// that launch is reported instead.
AttestationResponder simulated_psp_responder(std::span<const std::byte> image, std::FILE* diagnostics,
                                             std::optional<SimulatedLaunch> finished = std::nullopt);

}  // namespace confwl::vmm
