// Checking an ID block and its ID_AUTH_INFO from untrusted bytes, as SNP_LAUNCH_FINISH does
// (and a bit more, to name each problem): sizes, VERSION, algorithms, the keys (curve, point on
// the curve), both signatures, and LD and POLICY against what the launch measured and uses.
// `confwl verify-id-block` prints the outcomes; the simulated PSP refuses a launch on any failure.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "confwl/attestation/verify_report.h"
#include "confwl/sha384.h"
#include "confwl/snp_id/sign_id_block.h"

namespace confwl::snp_id {

struct IdBlockExpectations {
  Sha384 launch_digest{};                      // measured by the platform / computed by the sealer
  uint64_t policy = 0;                         // the guest policy of the launch
  bool author_key_enabled = false;             // AUTH_KEY_EN of the launch
  std::optional<Sha384> id_key_digest;         // pinned by whoever checks (e.g. a manifest)
  std::optional<Sha384> author_key_digest;
};

struct IdBlockVerdict {
  std::vector<attestation::CheckOutcome> checks;  // names: id-block, id-auth, id-key, ...
  std::optional<SignedIdBlock> parsed;            // when both sizes were right
  bool passed() const;
  std::string failures() const;                   // "name: detail; name: detail"
};

IdBlockVerdict verify_id_block(std::span<const std::byte> id_block, std::span<const std::byte> id_auth,
                               const IdBlockExpectations& expected);

}  // namespace confwl::snp_id
