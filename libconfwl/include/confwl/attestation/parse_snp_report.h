// Reading an ATTESTATION_REPORT from untrusted bytes (a file, the guest): size, then version,
// then contents, each error naming the field and what was expected.
#pragma once
#include <cstddef>
#include <span>

#include "confwl/attestation/snp_report.h"
#include "confwl/result.h"

namespace confwl::attestation {

// Checks: exactly kSnpReportSize bytes; VERSION in [kSnpReportVersionMin, kSnpReportVersionMax];
// SIGNATURE_ALGO is ECDSA P-384/SHA-384; VMPL <= 3; SIGNING_KEY is VCEK or VLEK; the signature's
// reserved tail is zero. The signature itself is checked by verify_report_signature.
Result<SnpAttestationReport> parse_snp_report(std::span<const std::byte> bytes);

// The bytes of a report, for signing and writing.
std::span<const std::byte> report_bytes(const SnpAttestationReport& report);

}  // namespace confwl::attestation
