#include "confwl/attestation/parse_snp_report.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "confwl/hex.h"

namespace confwl::attestation {
namespace {

static_assert(std::endian::native == std::endian::little, "the report is little-endian");

Error report_error(const std::string& what) { return Error{"attestation report: " + what}; }

template <size_t N>
bool all_zero(const uint8_t (&bytes)[N]) {
  return std::all_of(bytes, bytes + N, [](uint8_t byte) { return byte == 0; });
}

}  // namespace

std::span<const std::byte> report_bytes(const SnpAttestationReport& report) {
  return std::as_bytes(std::span<const SnpAttestationReport, 1>(&report, 1));
}

Result<SnpAttestationReport> parse_snp_report(std::span<const std::byte> bytes) {
  if (bytes.size() != kSnpReportSize)
    return report_error("size " + std::to_string(bytes.size()) + " bytes, expected " +
                        std::to_string(kSnpReportSize) + " (SEV-SNP ATTESTATION_REPORT)");
  SnpAttestationReport report;
  std::memcpy(&report, bytes.data(), sizeof report);
  if (report.version < kSnpReportVersionMin || report.version > kSnpReportVersionMax)
    return report_error("VERSION " + std::to_string(report.version) + " is not supported, expected " +
                        std::to_string(kSnpReportVersionMin) + ".." + std::to_string(kSnpReportVersionMax));
  if (report.signature_algo != kSnpSignatureAlgoEcdsaP384Sha384)
    return report_error("SIGNATURE_ALGO " + std::to_string(report.signature_algo) +
                        " is not supported, expected 1 (ECDSA P-384 with SHA-384)");
  if (report.vmpl > 3) return report_error("VMPL " + std::to_string(report.vmpl) + " is not in 0..3");
  const uint32_t signing_key = (report.key_info & kSnpKeyInfoSigningKeyMask) >> kSnpKeyInfoSigningKeyShift;
  if (signing_key > 1)
    return report_error("SIGNING_KEY " + std::to_string(signing_key) +
                        " (key info " + hex_number(report.key_info) + "), expected 0 (VCEK) or 1 (VLEK)");
  if (!all_zero(report.signature.reserved))
    return report_error("SIGNATURE reserved bytes 0x90..0x200 are not zero");
  return report;
}

}  // namespace confwl::attestation
