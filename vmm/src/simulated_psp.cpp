#include "confwl/vmm/simulated_psp.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include <confwl/attestation/parse_snp_report.h>
#include <confwl/attestation/launch_measurement.h>
#include <confwl/attestation/report_signature.h>

#include "confwl/vmm/simulated_ca_store.h"

namespace confwl::vmm {
namespace {

using attestation::SnpAttestationReport;

// The identity fields of the simulated platform: those a real PSP takes from its firmware.
void fill_platform(SnpAttestationReport& report, const attestation::SimulatedCa& ca) {
  report.version = 3;
  report.signature_algo = attestation::kSnpSignatureAlgoEcdsaP384Sha384;
  report.current_tcb = report.reported_tcb = report.committed_tcb = report.launch_tcb = kSimulatedTcb;
  report.platform_info = 1;  // SMT_EN
  report.key_info = 0;       // signed by the VCEK, chip key not masked, no author key
  report.cpuid_fam_id = 0x19;
  report.cpuid_mod_id = 0x01;
  report.cpuid_step = 0x01;
  report.current_major = report.committed_major = 1;
  report.current_minor = report.committed_minor = 55;
  report.current_build = report.committed_build = 21;
  const std::array<uint8_t, 64> chip_id = attestation::simulated_chip_id(ca.certificates.vcek.get());
  std::copy(chip_id.begin(), chip_id.end(), report.chip_id);
  std::fill(std::begin(report.report_id_ma), std::end(report.report_id_ma), 0xff);  // no migration agent
}

// What the ID block of the launch said (SNP_LAUNCH_FINISH copies it into every report).
void fill_identity(SnpAttestationReport& report, const SimulatedLaunch& launch) {
  std::copy(launch.family_id.begin(), launch.family_id.end(), report.family_id);
  std::copy(launch.image_id.begin(), launch.image_id.end(), report.image_id);
  report.guest_svn = launch.guest_svn;
  std::copy(launch.id_key_digest.begin(), launch.id_key_digest.end(), report.id_key_digest);
  std::copy(launch.author_key_digest.begin(), launch.author_key_digest.end(), report.author_key_digest);
  if (launch.author_key_enabled) report.key_info |= attestation::kSnpKeyInfoAuthorKeyEn;
}

}  // namespace

SimulatedPsp::SimulatedPsp(const attestation::SimulatedCa& ca, SimulatedLaunch launch)
    : ca_(ca), launch_(launch) {
  if (RAND_bytes(report_id_.data(), static_cast<int>(report_id_.size())) != 1) report_id_.fill(0);
}

Result<SnpAttestationReport> SimulatedPsp::report(const abi::HostcallAttestationRequest& request) const {
  if (request.vmpl > 3) return Error{"attestation request for VMPL " + std::to_string(request.vmpl) + ", expected 0..3"};
  SnpAttestationReport report{};
  fill_platform(report, ca_);
  report.policy = launch_.policy;
  fill_identity(report, launch_);
  report.vmpl = request.vmpl;
  std::memcpy(report.report_data, request.report_data, sizeof report.report_data);
  std::copy(launch_.measurement.begin(), launch_.measurement.end(), report.measurement);
  std::copy(launch_.host_data.begin(), launch_.host_data.end(), report.host_data);
  std::copy(report_id_.begin(), report_id_.end(), report.report_id);
  if (Status signed_ = attestation::sign_report(report, ca_.vcek_key.get()); !signed_)
    return Error{"simulated PSP: " + signed_.error().message};
  return report;
}

namespace {

struct ResponderState {
  std::span<const std::byte> image;
  std::optional<SimulatedLaunch> launch;
  std::optional<attestation::SimulatedCa> ca;
  std::optional<SimulatedPsp> psp;
  std::optional<Error> setup_failed;  // said once; a guest that asks again gets the same answer
};

// On the first request: the simulated CA (created if there is none yet) and the launch it signs.
Status set_up_psp(ResponderState& state) {
  Result<std::filesystem::path> dir = simulated_ca_dir();
  if (!dir) return dir.error();
  Result<attestation::SimulatedCa> ca = load_or_create_simulated_ca(*dir);
  if (!ca) return Error{"simulated PSP: " + ca.error().message};
  if (!state.launch) {
    Result<Sha384> measurement = attestation::launch_measurement(state.image);
    if (!measurement) return Error{"simulated PSP: measuring the image: " + measurement.error().message};
    state.launch = SimulatedLaunch{*measurement};
  }
  state.ca = std::move(*ca);
  state.psp.emplace(*state.ca, *state.launch);
  return Ok{};
}

}  // namespace

AttestationResponder simulated_psp_responder(std::span<const std::byte> image, std::FILE* diagnostics,
                                             std::optional<SimulatedLaunch> finished) {
  auto state = std::make_shared<ResponderState>();
  state->image = image;
  state->launch = std::move(finished);
  const auto fail = [diagnostics](const Error& error) {
    std::fprintf(diagnostics, "confwl: attestation unavailable to the guest: %s\n", error.message.c_str());
    return error;
  };
  return [state, fail](const abi::HostcallAttestationRequest& request) -> Result<std::vector<std::byte>> {
    if (state->setup_failed) return *state->setup_failed;
    if (!state->psp) {
      if (Status ready = set_up_psp(*state); !ready) {
        state->setup_failed = ready.error();
        return fail(ready.error());
      }
    }
    Result<SnpAttestationReport> report = state->psp->report(request);
    if (!report) return fail(report.error());
    const std::span<const std::byte> bytes = attestation::report_bytes(*report);
    return std::vector<std::byte>(bytes.begin(), bytes.end());
  };
}

}  // namespace confwl::vmm
