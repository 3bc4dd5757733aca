// Signing an ID block and checking it as SNP_LAUNCH_FINISH does: the round trip with and without
// an author key, deterministic bytes, and each failure named.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "confwl/snp_id/p384_key.h"
#include "confwl/snp_id/verify_id_block.h"
#include "key_fixtures.h"

namespace confwl::snp_id {
namespace {

Sha384 digest_of(uint8_t fill) {
  Sha384 digest;
  digest.fill(fill);
  return digest;
}

const IdBlockInputs kInputs{{'f', 'a', 'm'}, {'i', 'm', 'g'}, 7, 0x30000};

struct Fixture {
  attestation::Key id_key = testing::new_p384_key();
  attestation::Key author_key = testing::new_p384_key();
  SignedIdBlock block;
  Fixture(bool with_author = true) {
    Result<SignedIdBlock> made = make_signed_id_block(digest_of(0x5a), kInputs, id_key.get(),
                                                      with_author ? author_key.get() : nullptr);
    if (!made) throw std::runtime_error(made.error().message);
    block = *made;
  }
  IdBlockExpectations expected() const { return {digest_of(0x5a), 0x30000, block.author_key_enabled, {}, {}}; }
};

// The failed checks as "name: detail" lines, to assert exactly what failed.
std::vector<std::string> failed(const IdBlockVerdict& verdict) {
  std::vector<std::string> names;
  for (const attestation::CheckOutcome& check : verdict.checks)
    if (!check.passed) names.push_back(check.name + ": " + check.detail);
  return names;
}

TEST(SignIdBlock, RoundTripWithAuthorKeyPassesEveryCheck) {
  const Fixture fixture;
  EXPECT_EQ(fixture.block.block.version, 1u);
  EXPECT_EQ(fixture.block.block.guest_svn, 7u);
  EXPECT_EQ(fixture.block.auth.id_key_algo, 1u);
  EXPECT_EQ(fixture.block.auth.auth_key_algo, 1u);
  IdBlockExpectations expected = fixture.expected();
  expected.id_key_digest = public_key_digest(*public_key_format(fixture.id_key.get()));
  expected.author_key_digest = public_key_digest(*public_key_format(fixture.author_key.get()));
  const IdBlockVerdict verdict = verify_id_block(fixture.block.block_bytes(), fixture.block.auth_bytes(), expected);
  EXPECT_TRUE(verdict.passed()) << verdict.failures();
  std::vector<std::string> names;
  for (const auto& check : verdict.checks) names.push_back(check.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id-block", "id-auth", "id-key", "id-block-signature", "id-key-digest",
                                             "author-key", "author-key-signature", "author-key-digest",
                                             "launch-digest", "policy"}));
  EXPECT_EQ(fixture.block.id_key_digest(), *expected.id_key_digest);
  EXPECT_EQ(fixture.block.author_key_digest(), *expected.author_key_digest);
}

TEST(SignIdBlock, WithoutAuthorKeyTheAuthorFieldsStayZero) {
  const Fixture fixture(false);
  EXPECT_FALSE(fixture.block.author_key_enabled);
  EXPECT_EQ(fixture.block.auth.auth_key_algo, 0u);
  EXPECT_EQ(fixture.block.author_key_digest(), Sha384{});
  const IdBlockVerdict verdict = verify_id_block(fixture.block.block_bytes(), fixture.block.auth_bytes(), fixture.expected());
  EXPECT_TRUE(verdict.passed()) << verdict.failures();
}

TEST(SignIdBlock, SameInputsAndKeysGiveIdenticalBytes) {
  const Fixture fixture;
  Result<SignedIdBlock> again = make_signed_id_block(digest_of(0x5a), kInputs, fixture.id_key.get(), fixture.author_key.get());
  ASSERT_TRUE(again);
  EXPECT_TRUE(std::ranges::equal(again->block_bytes(), fixture.block.block_bytes()));
  EXPECT_TRUE(std::ranges::equal(again->auth_bytes(), fixture.block.auth_bytes()));
}

TEST(VerifyIdBlock, WrongSizesAreNamed) {
  const Fixture fixture;
  const IdBlockVerdict verdict =
      verify_id_block(fixture.block.block_bytes().first(95), fixture.block.auth_bytes().first(4000), fixture.expected());
  EXPECT_EQ(failed(verdict), (std::vector<std::string>{"id-block: the ID block is 95 bytes, expected 96",
                                                       "id-auth: ID_AUTH_INFO is 4000 bytes, expected 4096"}));
}

// Each tampering of the block or its auth info fails exactly the checks named.
TEST(VerifyIdBlock, EachFailureIsNamed) {
  const Fixture fixture;
  const auto check = [&](auto tamper, IdBlockExpectations expected) {
    SignedIdBlock changed = fixture.block;
    tamper(changed);
    std::vector<std::string> names;
    for (const std::string& line : failed(verify_id_block(changed.block_bytes(), changed.auth_bytes(), expected)))
      names.push_back(line.substr(0, line.find(':')));
    return names;
  };
  using Names = std::vector<std::string>;
  const IdBlockExpectations expected = fixture.expected();
  EXPECT_EQ(check([](SignedIdBlock& b) { b.block.version = 2; }, expected), (Names{"id-block", "id-block-signature"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.auth.id_key_algo = 2; }, expected), (Names{"id-auth"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.auth.auth_key_algo = 0; }, expected), (Names{"id-auth"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.auth.id_key.curve = 1; }, expected),
            (Names{"id-key", "id-block-signature", "author-key-signature"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.auth.id_key.qx[0] ^= 1; }, expected),
            (Names{"id-key", "id-block-signature", "author-key-signature"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.auth.author_key.qy[1] ^= 1; }, expected),
            (Names{"author-key", "author-key-signature"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.auth.id_block_sig.r[0] ^= 1; }, expected), (Names{"id-block-signature"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.auth.id_key_sig.s[5] ^= 1; }, expected), (Names{"author-key-signature"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.block.ld[0] ^= 1; }, expected), (Names{"id-block-signature", "launch-digest"}));
  EXPECT_EQ(check([](SignedIdBlock& b) { b.block.guest_svn = 8; }, expected), (Names{"id-block-signature"}));
  IdBlockExpectations other_launch = expected;
  other_launch.launch_digest = digest_of(0x66);
  EXPECT_EQ(check([](SignedIdBlock&) {}, other_launch), (Names{"launch-digest"}));
  IdBlockExpectations other_policy = expected;
  other_policy.policy = 0xb0000;
  EXPECT_EQ(check([](SignedIdBlock&) {}, other_policy), (Names{"policy"}));
  IdBlockExpectations other_key = expected;
  other_key.id_key_digest = digest_of(1);
  other_key.author_key_digest = digest_of(2);
  EXPECT_EQ(check([](SignedIdBlock&) {}, other_key), (Names{"id-key-digest", "author-key-digest"}));
}

TEST(VerifyIdBlock, ABlockSignedByAnotherKeyFails) {
  const Fixture fixture;
  const Fixture other;
  SignedIdBlock mixed = fixture.block;
  mixed.auth.id_block_sig = other.block.auth.id_block_sig;  // same block contents, other key's signature
  const IdBlockVerdict verdict = verify_id_block(mixed.block_bytes(), mixed.auth_bytes(), fixture.expected());
  EXPECT_EQ(failed(verdict), (std::vector<std::string>{
                                 "id-block-signature: the ECDSA P-384 signature does not verify (over the 96-byte ID_BLOCK)"}));
}

}  // namespace
}  // namespace confwl::snp_id
