#include "confwl/vmm/simulated_psp_launch_finish.h"

#include <confwl/attestation/launch_measurement.h>
#include <confwl/snp_id/verify_id_block.h>

#include <algorithm>

namespace confwl::vmm {

Result<SimulatedLaunch> simulated_launch_finish(std::span<const std::byte> image, const snp_id::IdBlockRecord& id) {
  Result<Sha384> measurement = attestation::launch_measurement(image);
  if (!measurement) return Error{"simulated PSP: measuring the image: " + measurement.error().message};
  snp_id::IdBlockExpectations expected;
  expected.launch_digest = *measurement;
  expected.policy = id.policy;
  expected.author_key_enabled = id.author_key_enabled;
  const snp_id::IdBlockVerdict verdict = snp_id::verify_id_block(id.id_block, id.id_auth, expected);
  if (!verdict.passed())
    return Error{"the simulated PSP refuses to launch the image (SNP_LAUNCH_FINISH with its ID block): " +
                 verdict.failures()};
  const snp_id::SignedIdBlock& accepted = *verdict.parsed;
  SimulatedLaunch launch{*measurement, id.policy};
  std::copy(std::begin(accepted.block.family_id), std::end(accepted.block.family_id), launch.family_id.begin());
  std::copy(std::begin(accepted.block.image_id), std::end(accepted.block.image_id), launch.image_id.begin());
  launch.guest_svn = accepted.block.guest_svn;
  launch.id_key_digest = accepted.id_key_digest();
  launch.author_key_digest = accepted.author_key_digest();
  launch.author_key_enabled = id.author_key_enabled;
  return launch;
}

}  // namespace confwl::vmm
