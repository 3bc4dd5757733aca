// What an accepted ID block does to reports: the simulated PSP puts the identity into every report
// it signs, and `confwl verify`'s checks (id-key, author-key, identity) hold it to the manifest's.
#include <gtest/gtest.h>

#include <confwl/vmm/simulated_psp.h>

#include <ctime>

#include "confwl/attestation/parse_snp_report.h"
#include "confwl/attestation/verify_report.h"

namespace confwl::snp_id {
namespace {

using attestation::CheckOutcome;
using attestation::IdentityExpectations;

const attestation::SimulatedCa& simulated_ca() {
  static const attestation::SimulatedCa ca = attestation::create_simulated_ca().value();  // RSA-4096: slow, once
  return ca;
}

Sha384 filled(uint8_t value) {
  Sha384 digest;
  digest.fill(value);
  return digest;
}

vmm::SimulatedLaunch signed_launch() {
  vmm::SimulatedLaunch launch{filled(0x11), 0x30000};
  launch.family_id = {'f', 'a', 'm'};
  launch.image_id = {'i', 'm', 'g'};
  launch.guest_svn = 4;
  launch.id_key_digest = filled(0x22);
  launch.author_key_digest = filled(0x33);
  launch.author_key_enabled = true;
  return launch;
}

IdentityExpectations expected_identity() {
  return {filled(0x22), true, filled(0x33), {'f', 'a', 'm'}, {'i', 'm', 'g'}, 4, 0x30000};
}

// The identity checks' outcomes for a report of `launch` held to `identity`.
std::vector<CheckOutcome> identity_checks(const vmm::SimulatedLaunch& launch, const IdentityExpectations& identity) {
  const vmm::SimulatedPsp psp(simulated_ca(), launch);
  const attestation::SnpAttestationReport report = psp.report(abi::HostcallAttestationRequest{}).value();
  attestation::ReportExpectations expected;
  expected.measurement = launch.measurement;
  expected.identity = identity;
  expected.allow_simulated = true;
  expected.simulated_root = simulated_ca().certificates.ark.get();
  expected.at = std::time(nullptr);
  const attestation::ReportVerdict verdict =
      attestation::verify_report(attestation::report_bytes(report), &simulated_ca().certificates, expected);
  std::vector<CheckOutcome> checks;
  for (const CheckOutcome& check : verdict.checks)
    if (check.name == "id-key" || check.name == "author-key" || check.name == "identity") checks.push_back(check);
  EXPECT_EQ(checks.size(), 3u);
  return checks;
}

TEST(ReportIdentity, SimulatedPspReportsTheAcceptedIdBlock) {
  const vmm::SimulatedPsp psp(simulated_ca(), signed_launch());
  const attestation::SnpAttestationReport report = psp.report(abi::HostcallAttestationRequest{}).value();
  EXPECT_EQ(report.guest_svn, 4u);
  EXPECT_EQ(report.family_id[0], 'f');
  EXPECT_EQ(report.image_id[2], 'g');
  EXPECT_EQ(report.id_key_digest[47], 0x22);
  EXPECT_EQ(report.author_key_digest[0], 0x33);
  EXPECT_EQ(report.key_info & attestation::kSnpKeyInfoAuthorKeyEn, attestation::kSnpKeyInfoAuthorKeyEn);
  for (const CheckOutcome& check : identity_checks(signed_launch(), expected_identity()))
    EXPECT_TRUE(check.passed) << check.name << ": " << check.detail;
}

TEST(ReportIdentity, EachMismatchFailsItsCheck) {
  const auto failed = [](const vmm::SimulatedLaunch& launch, const IdentityExpectations& identity) {
    std::vector<std::string> names;
    for (const CheckOutcome& check : identity_checks(launch, identity))
      if (!check.passed) names.push_back(check.name);
    return names;
  };
  using Names = std::vector<std::string>;
  vmm::SimulatedLaunch unsigned_launch{filled(0x11)};  // a launch without the ID block
  EXPECT_EQ(failed(unsigned_launch, expected_identity()), (Names{"id-key", "author-key", "identity"}));
  IdentityExpectations other_key = expected_identity();
  other_key.id_key_digest = filled(0x44);
  EXPECT_EQ(failed(signed_launch(), other_key), (Names{"id-key"}));
  IdentityExpectations no_author = expected_identity();
  no_author.author_key_enabled = false;
  no_author.author_key_digest = {};
  EXPECT_EQ(failed(signed_launch(), no_author), (Names{"author-key"}));
  IdentityExpectations older = expected_identity();
  older.guest_svn = 5;
  EXPECT_EQ(failed(signed_launch(), older), (Names{"identity"}));
  vmm::SimulatedLaunch debug = signed_launch();
  debug.policy = 0xb0000;
  EXPECT_EQ(failed(debug, expected_identity()), (Names{"identity"}));
}

}  // namespace
}  // namespace confwl::snp_id
