#include <confwl/attestation/cert_chain.h>
#include <confwl/attestation/report_signature.h>
#include <confwl/attestation/simulated_ca.h>
#include <gtest/gtest.h>

#include <ctime>

#include "test_files.h"

namespace confwl::attestation {
namespace {

using test::second_simulated_ca;
using test::shared_simulated_ca;

TEST(SimulatedCa, ChainMirrorsAmdsAndVerifies) {
  const SimulatedCa& ca = shared_simulated_ca();
  const Status status = verify_cert_chain(ca.certificates, std::time(nullptr));
  EXPECT_TRUE(status) << status.error().message;
  EXPECT_FALSE(is_amd_root(ca.certificates.ark.get()));
  EXPECT_NE(certificate_subject(ca.certificates.vcek.get()).find("CN = SEV-VCEK"), std::string::npos)
      << certificate_subject(ca.certificates.vcek.get());
  EXPECT_NE(certificate_subject(ca.certificates.ark.get()).find("ConfWL simulated PSP"), std::string::npos);
}

TEST(SimulatedCa, TwoCasDoNotChainIntoEachOther) {
  const SimulatedCa& first = shared_simulated_ca();
  const SimulatedCa& second = second_simulated_ca();
  EXPECT_NE(public_key_fingerprint(first.certificates.ark.get()), public_key_fingerprint(second.certificates.ark.get()));
  EXPECT_NE(simulated_chip_id(first.certificates.vcek.get()), simulated_chip_id(second.certificates.vcek.get()));
}

TEST(SimulatedCa, ChipIdCarriesTheMarker) {
  const std::array<uint8_t, 64> chip_id = simulated_chip_id(shared_simulated_ca().certificates.vcek.get());
  EXPECT_TRUE(is_simulated_chip_id(chip_id));
  std::array<uint8_t, 64> real{};
  real[0] = 0x3a;
  EXPECT_FALSE(is_simulated_chip_id(real));
}

TEST(SimulatedCa, SignedReportVerifiesOnlyWithItsOwnVcek) {
  SnpAttestationReport report{};
  report.version = 3;
  report.signature_algo = kSnpSignatureAlgoEcdsaP384Sha384;
  const SimulatedCa& ca = shared_simulated_ca();
  ASSERT_TRUE(sign_report(report, ca.vcek_key.get()));
  EXPECT_TRUE(verify_report_signature(report, certificate_key(ca.certificates.vcek.get())));
  EXPECT_FALSE(verify_report_signature(report, certificate_key(second_simulated_ca().certificates.vcek.get())));
  report.report_data[63] ^= 0x80;
  EXPECT_FALSE(verify_report_signature(report, certificate_key(ca.certificates.vcek.get())));
}

TEST(SimulatedCa, SigningWithARsaKeyIsRefused) {
  SnpAttestationReport report{};
  const Status status = sign_report(report, shared_simulated_ca().ark_key.get());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "the signing key is not an EC P-384 key");
}

TEST(SimulatedCa, PrivateKeysRoundTripThroughPem) {
  const SimulatedCa& ca = shared_simulated_ca();
  const std::string pem = private_key_pem(ca.vcek_key.get());
  Result<Key> key = parse_private_key(pem, "vcek.key");
  ASSERT_TRUE(key) << key.error().message;
  SnpAttestationReport report{};
  ASSERT_TRUE(sign_report(report, key->get()));
  EXPECT_TRUE(verify_report_signature(report, certificate_key(ca.certificates.vcek.get())));
  EXPECT_FALSE(parse_private_key("not a key", "x.key"));
}

TEST(CertificateParsing, RejectsGarbageAndTrailingBytes) {
  const std::vector<std::byte> garbage(16, std::byte{0x30});
  Result<std::vector<Certificate>> parsed = parse_certificates(garbage, "junk.der");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message.rfind("junk.der: not a PEM or DER X.509 certificate", 0), 0u)
      << parsed.error().message;
  std::vector<std::byte> der = test::vector_file("vcek.der");
  ASSERT_TRUE(parse_certificates(der, "vcek.der"));
  der.push_back(std::byte{0});
  parsed = parse_certificates(der, "vcek.der");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "vcek.der: trailing bytes after the DER certificate");
}

}  // namespace
}  // namespace confwl::attestation
