// ID and author keys: only ECDSA P-384 private keys are accepted, every other kind is refused by
// name; the ABI public key format round-trips and untrusted ones are checked.
#include <gtest/gtest.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "confwl/snp_id/p384_key.h"
#include "key_fixtures.h"

namespace confwl::snp_id {
namespace {

using testing::bytes_of;

std::string refusal(const std::string& pem) {
  Result<attestation::Key> key = parse_p384_private_key(bytes_of(pem), "key.pem");
  return key ? "accepted" : key.error().message;
}

constexpr char kExpected[] = "; expected an ECDSA P-384 private key in PEM (make one with `confwl keygen`)";

TEST(P384Key, AcceptsNewKeysAndRefusesEveryOtherKind) {
  Result<std::string> pem = new_p384_private_key_pem();
  ASSERT_TRUE(pem);
  EXPECT_EQ(refusal(*pem), "accepted");
  EXPECT_EQ(refusal(testing::private_key_pem("RSA")), std::string("key.pem: an RSA-2048 key") + kExpected);
  EXPECT_EQ(refusal(testing::private_key_pem("EC", "P-256")), std::string("key.pem: an EC P-256 (prime256v1) key") + kExpected);
  EXPECT_EQ(refusal(testing::private_key_pem("ED25519")), std::string("key.pem: an ED25519 key") + kExpected);
  EXPECT_EQ(refusal("garbage\n"), std::string("key.pem: not a PEM file") + kExpected);
  EXPECT_EQ(refusal(""), std::string("key.pem: not a PEM file") + kExpected);
  const attestation::Key key = testing::new_p384_key();
  EXPECT_EQ(refusal(testing::public_key_pem(key.get())), std::string("key.pem: a public key only, not a private key") + kExpected);
}

TEST(P384Key, EncryptedKeyIsRefusedWithoutPrompting) {
  const attestation::Key key = testing::new_p384_key();
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PrivateKey(bio, key.get(), EVP_aes_256_cbc(), reinterpret_cast<const unsigned char*>("pw"), 2,
                                     nullptr, nullptr), 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  const std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  EXPECT_EQ(refusal(pem), std::string("key.pem: the private key is encrypted (passphrases are not supported)") + kExpected);
}

TEST(P384Key, PublicKeyFormatRoundTripsAndDigestsThe0x404Bytes) {
  const attestation::Key key = testing::new_p384_key();
  Result<EcdsaPublicKey> formatted = public_key_format(key.get());
  ASSERT_TRUE(formatted);
  EXPECT_EQ(formatted->curve, kCurveP384);
  Result<attestation::Key> back = key_from_public_key_format(*formatted);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(EVP_PKEY_eq(back->get(), key.get()), 1);
  EXPECT_EQ(public_key_digest(*formatted), sha384(std::as_bytes(std::span(&*formatted, 1))));
}

TEST(P384Key, UntrustedPublicKeysAreChecked) {
  Result<EcdsaPublicKey> good = public_key_format(testing::new_p384_key().get());
  ASSERT_TRUE(good);
  const auto problem = [](const EcdsaPublicKey& key) {
    Result<attestation::Key> parsed = key_from_public_key_format(key);
    return parsed ? std::string("accepted") : parsed.error().message;
  };
  EcdsaPublicKey curve = *good;
  curve.curve = 1;
  EXPECT_EQ(problem(curve), "CURVE 1, expected 2 (P-384)");
  EcdsaPublicKey off_curve = *good;
  off_curve.qy[0] ^= 1;
  EXPECT_EQ(problem(off_curve), "QX, QY is not a point on P-384");
  EcdsaPublicKey wide = *good;
  wide.qx[50] = 1;
  EXPECT_EQ(problem(wide), "QX or QY is wider than 48 bytes (not a P-384 point)");
  EcdsaPublicKey reserved = *good;
  reserved.reserved[7] = 1;
  EXPECT_EQ(problem(reserved), "reserved bytes 0x94..0x403 of the public key are not zero");
  EXPECT_EQ(problem(EcdsaPublicKey{kCurveP384, {}, {}, {}}), "QX, QY is not a point on P-384");
}

}  // namespace
}  // namespace confwl::snp_id
