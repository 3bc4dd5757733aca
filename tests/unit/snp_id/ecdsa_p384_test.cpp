// Deterministic ECDSA P-384/SHA-384 (RFC 6979) in the ABI's little-endian R/S format.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "confwl/attestation/ecdsa_p384.h"
#include "confwl/hex.h"
#include "confwl/snp_id/p384_key.h"
#include "key_fixtures.h"

namespace confwl::snp_id {
namespace {

using attestation::SnpEcdsaSignature;
using testing::bytes_of;

// RFC 6979 appendix A.2.6: the P-384 key (x = 6B9D3DAD...60D2EDF5) as PKCS#8 PEM.
constexpr char kRfc6979Key[] = R"(-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDBrnT2tLhuMHAWxmHW2
ZZ9N4jw7Znvyl7qapHdAeHE32JbVck5McKgl+HLJ6mDS7fWhZANiAATsOk5BW04Z
pFaGGAKfQn+l2pqLxK6S4C4GquUoazAMZN748OqQVYZgZKJUUVSAvBOAFdm3LX1X
JE6o75rAxiGJZwilk2f537n1TKhLPxydsSiLIxw64NT+c0T9JTMmRyA=
-----END PRIVATE KEY-----
)";

// The ABI stores R and S little-endian; the RFC prints them big-endian.
std::string big_endian_hex(const uint8_t (&little_endian)[72]) {
  std::string reversed(reinterpret_cast<const char*>(little_endian), 48);
  std::reverse(reversed.begin(), reversed.end());
  return to_hex(std::span(reinterpret_cast<const uint8_t*>(reversed.data()), reversed.size()));
}

TEST(DeterministicEcdsa, ReproducesRfc6979VectorForP384Sha384) {
  Result<attestation::Key> key = parse_p384_private_key(bytes_of(kRfc6979Key), "rfc6979");
  ASSERT_TRUE(key) << key.error().message;
  Result<SnpEcdsaSignature> signature = attestation::sign_ecdsa_p384_deterministic(bytes_of("sample"), key->get());
  ASSERT_TRUE(signature) << signature.error().message;
  EXPECT_EQ(big_endian_hex(signature->r),
            "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46");
  EXPECT_EQ(big_endian_hex(signature->s),
            "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8");
  EXPECT_TRUE(std::all_of(signature->r + 48, signature->r + 72, [](uint8_t b) { return b == 0; }));
  EXPECT_TRUE(std::all_of(std::begin(signature->reserved), std::end(signature->reserved), [](uint8_t b) { return b == 0; }));
}

TEST(DeterministicEcdsa, SameInputsSameSignatureAndItVerifies) {
  const attestation::Key key = testing::new_p384_key();
  const std::string message(96, 'm');
  Result<SnpEcdsaSignature> first = attestation::sign_ecdsa_p384_deterministic(bytes_of(message), key.get());
  Result<SnpEcdsaSignature> second = attestation::sign_ecdsa_p384_deterministic(bytes_of(message), key.get());
  ASSERT_TRUE(first && second);
  EXPECT_EQ(0, std::memcmp(&*first, &*second, sizeof(SnpEcdsaSignature)));
  EXPECT_TRUE(attestation::verify_ecdsa_p384(bytes_of(message), *first, key.get()));
  Result<SnpEcdsaSignature> other = attestation::sign_ecdsa_p384_deterministic(bytes_of(message + "!"), key.get());
  ASSERT_TRUE(other);
  EXPECT_NE(0, std::memcmp(&*first, &*other, sizeof(SnpEcdsaSignature)));
}

TEST(DeterministicEcdsa, VerifyRejectsChangedMessageSignatureAndWideScalars) {
  const attestation::Key key = testing::new_p384_key();
  const std::string message = "id block";
  Result<SnpEcdsaSignature> signature = attestation::sign_ecdsa_p384_deterministic(bytes_of(message), key.get());
  ASSERT_TRUE(signature);
  Status changed = attestation::verify_ecdsa_p384(bytes_of(std::string("id blocK")), *signature, key.get());
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().message, "the ECDSA P-384 signature does not verify");
  SnpEcdsaSignature flipped = *signature;
  flipped.s[3] ^= 0x10;
  EXPECT_FALSE(attestation::verify_ecdsa_p384(bytes_of(message), flipped, key.get()));
  SnpEcdsaSignature wide = *signature;
  wide.r[60] = 1;
  Status too_wide = attestation::verify_ecdsa_p384(bytes_of(message), wide, key.get());
  ASSERT_FALSE(too_wide);
  EXPECT_EQ(too_wide.error().message, "R or S is wider than 48 bytes (not a P-384 signature)");
  EXPECT_FALSE(attestation::verify_ecdsa_p384(bytes_of(message), *signature, testing::new_p384_key().get()));
}

}  // namespace
}  // namespace confwl::snp_id
