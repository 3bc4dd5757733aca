#include <confwl/attestation/parse_snp_report.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace confwl::attestation {
namespace {

std::vector<std::byte> valid_report_bytes() {
  SnpAttestationReport report{};
  report.version = 2;
  report.signature_algo = kSnpSignatureAlgoEcdsaP384Sha384;
  std::vector<std::byte> bytes(sizeof report);
  std::memcpy(bytes.data(), &report, sizeof report);
  return bytes;
}

template <typename T>
void poke(std::vector<std::byte>& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

std::string parse_error(const std::vector<std::byte>& bytes) {
  Result<SnpAttestationReport> report = parse_snp_report(bytes);
  return report ? "parsed" : report.error().message;
}

TEST(ParseSnpReport, AcceptsAMinimalValidReport) {
  Result<SnpAttestationReport> report = parse_snp_report(valid_report_bytes());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->version, 2u);
}

TEST(ParseSnpReport, ChecksTheSizeFirst) {
  std::vector<std::byte> bytes = valid_report_bytes();
  poke<uint32_t>(bytes, 0, 99);  // a bad version must not be reported before the bad size
  bytes.pop_back();
  EXPECT_EQ(parse_error(bytes), "attestation report: size 1183 bytes, expected 1184 (SEV-SNP ATTESTATION_REPORT)");
  bytes.resize(1185);
  EXPECT_EQ(parse_error(bytes), "attestation report: size 1185 bytes, expected 1184 (SEV-SNP ATTESTATION_REPORT)");
  EXPECT_EQ(parse_error({}), "attestation report: size 0 bytes, expected 1184 (SEV-SNP ATTESTATION_REPORT)");
}

TEST(ParseSnpReport, ChecksTheVersionBeforeTheContents) {
  std::vector<std::byte> bytes = valid_report_bytes();
  poke<uint32_t>(bytes, offsetof(SnpAttestationReport, signature_algo), 7);
  for (uint32_t version : {0u, 1u, 6u, 0xffffffffu}) {
    poke<uint32_t>(bytes, 0, version);
    EXPECT_EQ(parse_error(bytes), "attestation report: VERSION " + std::to_string(version) +
                                      " is not supported, expected 2..5");
  }
  for (uint32_t version : {2u, 3u, 5u}) {
    poke<uint32_t>(bytes, 0, version);
    EXPECT_EQ(parse_error(bytes),
              "attestation report: SIGNATURE_ALGO 7 is not supported, expected 1 (ECDSA P-384 with SHA-384)");
  }
}

TEST(ParseSnpReport, RejectsBadFields) {
  std::vector<std::byte> bytes = valid_report_bytes();
  poke<uint32_t>(bytes, offsetof(SnpAttestationReport, vmpl), 4);
  EXPECT_EQ(parse_error(bytes), "attestation report: VMPL 4 is not in 0..3");

  bytes = valid_report_bytes();
  poke<uint32_t>(bytes, offsetof(SnpAttestationReport, key_info), 7u << 2);
  EXPECT_EQ(parse_error(bytes), "attestation report: SIGNING_KEY 7 (key info 0x1c), expected 0 (VCEK) or 1 (VLEK)");

  bytes = valid_report_bytes();
  poke<uint8_t>(bytes, kSnpReportSize - 1, 1);
  EXPECT_EQ(parse_error(bytes), "attestation report: SIGNATURE reserved bytes 0x90..0x200 are not zero");
}

TEST(ParseSnpReport, ReportBytesRoundTrip) {
  const std::vector<std::byte> bytes = valid_report_bytes();
  Result<SnpAttestationReport> report = parse_snp_report(bytes);
  ASSERT_TRUE(report);
  const std::span<const std::byte> again = report_bytes(*report);
  EXPECT_TRUE(std::equal(again.begin(), again.end(), bytes.begin(), bytes.end()));
}

}  // namespace
}  // namespace confwl::attestation
