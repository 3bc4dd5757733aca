// The MEASUREMENT a ConfWL platform reports for an image, and the one its manifest promises.
// Both sides live here so they change together: the measurement is the SEV-SNP launch digest of
// the image for the default launch (docs/measurement.md: one vCPU, QEMU/KVM profile), and the
// manifest's promise is the measurements.sev_snp.launch_digest the sealer computed the same way.
#pragma once
#include <cstddef>
#include <span>
#include <string>

#include "confwl/result.h"
#include "confwl/sha384.h"

namespace confwl::attestation {

// What the supervisor measures: exactly the bytes it hands to the engine. Fails for bytes that are
// not a loadable PVH image (the engine would refuse them too).
Result<Sha384> launch_measurement(std::span<const std::byte> image);

// What NAME.confwl.json (untrusted text; `source` names it in errors) says the measurement is.
Result<Sha384> manifest_launch_measurement(std::span<const std::byte> manifest_json, const std::string& source);

// 96 hex digits to a digest; the error names `what`.
Result<Sha384> parse_sha384_hex(const std::string& hex, const std::string& what);

}  // namespace confwl::attestation
