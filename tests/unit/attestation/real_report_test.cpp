// The real Milan report in tests/vectors/snp/ (see SOURCES.md there) through every check.
#include <confwl/attestation/cert_chain.h>
#include <confwl/attestation/launch_measurement.h>
#include <confwl/attestation/parse_snp_report.h>
#include <confwl/attestation/report_signature.h>
#include <confwl/attestation/verify_report.h>
#include <confwl/hex.h>
#include <gtest/gtest.h>

#include "or_throw.h"
#include "test_files.h"

namespace confwl::attestation {
namespace {

using test::kVectorTime;
using test::vector_file;

CertChain real_chain() {
  return confwl::test::or_throw(load_cert_dir(CONFWL_TEST_VECTORS_DIR "/snp"));
}

ReportExpectations real_expectations() {
  ReportExpectations expected;
  expected.measurement = *parse_sha384_hex(
      "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01", "test");
  expected.allow_debug = true;  // this report's POLICY is 0xb0000
  expected.at = kVectorTime;
  return expected;
}

const CheckOutcome* find_check(const ReportVerdict& verdict, const std::string& name) {
  for (const CheckOutcome& check : verdict.checks)
    if (check.name == name) return &check;
  return nullptr;
}

TEST(RealReport, ParsesWithTheKnownFields) {
  Result<SnpAttestationReport> report = parse_snp_report(vector_file("att.bin"));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->version, 2u);
  EXPECT_EQ(report->policy, 0xb0000u);
  EXPECT_EQ(report->report_data[0], 1);
  EXPECT_EQ(report->report_data[4], 5);
  EXPECT_EQ(report->report_data[5], 0);
  EXPECT_EQ(describe_tcb(report->reported_tcb), "bl 2, tee 0, snp 5, ucode 68");
  EXPECT_EQ(report->chip_id[0], 0x3a);
}

TEST(RealReport, SignatureVerifiesWithTheVcek) {
  const CertChain chain = real_chain();
  const SnpAttestationReport report = *parse_snp_report(vector_file("att.bin"));
  const Status status = verify_report_signature(report, certificate_key(chain.vcek.get()));
  EXPECT_TRUE(status) << status.error().message;
}

TEST(RealReport, ChainVerifiesToAmdsMilanRoot) {
  const CertChain chain = real_chain();
  const Status status = verify_cert_chain(chain, kVectorTime);
  EXPECT_TRUE(status) << status.error().message;
  EXPECT_TRUE(is_amd_root(chain.ark.get()));
  EXPECT_FALSE(is_amd_root(chain.ask.get()));
}

TEST(RealReport, ChainIsRefusedOutsideItsValidity) {
  const CertChain chain = real_chain();
  const Status expired = verify_cert_chain(chain, 1893456000);  // 2030-01-01
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("VCEK has expired"), std::string::npos) << expired.error().message;
  const Status early = verify_cert_chain(chain, 1577836800);  // 2020-01-01
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("ARK is not valid yet"), std::string::npos) << early.error().message;
}

TEST(RealReport, ChainWithSwappedCertificatesFails) {
  CertChain chain = real_chain();
  std::swap(chain.ark, chain.ask);
  EXPECT_FALSE(verify_cert_chain(chain, kVectorTime));
}

TEST(RealReport, EveryCheckPasses) {
  const CertChain chain = real_chain();
  const ReportVerdict verdict = verify_report(vector_file("att.bin"), &chain, real_expectations());
  for (const CheckOutcome& check : verdict.checks) EXPECT_TRUE(check.passed) << check.name << ": " << check.detail;
  EXPECT_TRUE(verdict.passed());
  EXPECT_FALSE(verdict.simulated);
}

// Every byte of the signed area and of the 48 significant bytes of R and S, one bit each.
std::vector<size_t> bytes_that_matter() {
  std::vector<size_t> offsets;
  for (size_t offset = 0; offset < kSnpSignedBytes; ++offset) offsets.push_back(offset);
  for (size_t scalar : {offsetof(SnpEcdsaSignature, r), offsetof(SnpEcdsaSignature, s)})
    for (size_t index = 0; index < 48; ++index) offsets.push_back(kSnpSignedBytes + scalar + index);
  return offsets;
}

TEST(RealReport, OneFlippedBitAnywhereFails) {
  const CertChain chain = real_chain();
  const std::vector<std::byte> original = vector_file("att.bin");
  for (size_t offset : bytes_that_matter()) {
    std::vector<std::byte> flipped = original;
    flipped[offset] ^= std::byte{1} << (offset % 8);
    Result<SnpAttestationReport> report = parse_snp_report(flipped);
    if (!report) continue;  // e.g. VERSION or SIGNATURE_ALGO no longer valid: refused anyway
    EXPECT_FALSE(verify_report_signature(*report, certificate_key(chain.vcek.get())))
        << "bit " << offset % 8 << " of byte " << hex_number(offset);
  }
}

TEST(RealReport, DebugPolicyIsRefusedUnlessAllowed) {
  const CertChain chain = real_chain();
  ReportExpectations expected = real_expectations();
  expected.allow_debug = false;
  const ReportVerdict verdict = verify_report(vector_file("att.bin"), &chain, expected);
  EXPECT_FALSE(verdict.passed());
  const CheckOutcome* policy = find_check(verdict, "policy");
  ASSERT_NE(policy, nullptr);
  EXPECT_FALSE(policy->passed);
  EXPECT_EQ(policy->detail,
            "POLICY 0xb0000 allows debugging (bit 19): the host can read the guest; pass --allow-debug to accept it");
}

TEST(RealReport, WrongMeasurementReportDataAndTcbFail) {
  const CertChain chain = real_chain();
  ReportExpectations expected = real_expectations();
  expected.measurement[0] ^= 1;
  expected.report_data = std::array<uint8_t, 64>{1, 2, 3, 4, 6};
  expected.minimum_tcb = SnpTcbVersion{2, 0, {}, 6, 68};
  const ReportVerdict verdict = verify_report(vector_file("att.bin"), &chain, expected);
  EXPECT_FALSE(verdict.passed());
  for (const char* name : {"measurement", "report-data", "tcb"}) {
    const CheckOutcome* check = find_check(verdict, name);
    ASSERT_NE(check, nullptr) << name;
    EXPECT_FALSE(check->passed) << name;
  }
  EXPECT_EQ(find_check(verdict, "tcb")->detail,
            "REPORTED_TCB bl 2, tee 0, snp 5, ucode 68, minimum bl 2, tee 0, snp 6, ucode 68: below the minimum");
  EXPECT_TRUE(find_check(verdict, "signature")->passed);
}

TEST(RealReport, MatchingReportDataAndTcbPass) {
  const CertChain chain = real_chain();
  ReportExpectations expected = real_expectations();
  expected.report_data = std::array<uint8_t, 64>{1, 2, 3, 4, 5};
  expected.minimum_tcb = SnpTcbVersion{2, 0, {}, 5, 68};
  EXPECT_TRUE(verify_report(vector_file("att.bin"), &chain, expected).passed());
}

TEST(RealReport, TruncatedReportFailsOnlyTheFormatCheck) {
  const CertChain chain = real_chain();
  std::vector<std::byte> truncated = vector_file("att.bin");
  truncated.resize(1000);
  const ReportVerdict verdict = verify_report(truncated, &chain, real_expectations());
  ASSERT_EQ(verdict.checks.size(), 1u);
  EXPECT_EQ(verdict.checks[0].detail, "attestation report: size 1000 bytes, expected 1184 (SEV-SNP ATTESTATION_REPORT)");
}

}  // namespace
}  // namespace confwl::attestation
