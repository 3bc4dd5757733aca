// The ID block as NAME.confwl.json records it, and reading that record back from untrusted text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "confwl/snp_id/id_block_record.h"
#include "key_fixtures.h"

namespace confwl::snp_id {
namespace {

using testing::bytes_of;

SignedIdBlock signed_block(bool with_author) {
  const attestation::Key id = testing::new_p384_key();
  const attestation::Key author = testing::new_p384_key();
  Sha384 digest;
  digest.fill(0x42);
  Result<SignedIdBlock> made = make_signed_id_block(digest, {{'F'}, {'I'}, 3, 0x30000}, id.get(), with_author ? author.get() : nullptr);
  if (!made) throw std::runtime_error(made.error().message);
  return *made;
}

std::string manifest_with(const std::string& record) { return R"({"name": "x", ")" + std::string(kIdBlockRecordKey) + "\": " + record + "}"; }

TEST(IdBlockRecord, RoundTripsThroughTheManifest) {
  for (bool with_author : {false, true}) {
    const SignedIdBlock block = signed_block(with_author);
    const std::string record = id_block_record_json(block);
    const nlohmann::json json = nlohmann::json::parse(record);
    EXPECT_EQ(json["family_id"], "46000000000000000000000000000000");
    EXPECT_EQ(json["guest_svn"], 3);
    EXPECT_EQ(json["policy"], "0x30000");
    EXPECT_EQ(json["author_key_enabled"], with_author);
    EXPECT_EQ(json["id_block"].get<std::string>().size(), 128u);  // base64 of 96 bytes
    Result<std::optional<IdBlockRecord>> read = read_id_block_record(bytes_of(manifest_with(record)), "x.json");
    ASSERT_TRUE(read) << read.error().message;
    ASSERT_TRUE(read->has_value());
    const IdBlockRecord& back = **read;
    EXPECT_TRUE(std::ranges::equal(back.id_block, block.block_bytes()));
    EXPECT_TRUE(std::ranges::equal(back.id_auth, block.auth_bytes()));
    EXPECT_EQ(back.author_key_enabled, with_author);
    EXPECT_EQ(back.id_key_digest, block.id_key_digest());
    EXPECT_EQ(back.author_key_digest, block.author_key_digest());
    EXPECT_EQ(back.policy, 0x30000u);
  }
}

TEST(IdBlockRecord, AbsentMeansUnsigned) {
  Result<std::optional<IdBlockRecord>> read = read_id_block_record(bytes_of(std::string(R"({"name": "x"})")), "x.json");
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->has_value());
}

TEST(IdBlockRecord, MalformedRecordsNameTheField) {
  nlohmann::json good = nlohmann::json::parse(id_block_record_json(signed_block(false)));
  const auto error = [](const nlohmann::json& record) {
    Result<std::optional<IdBlockRecord>> read = read_id_block_record(bytes_of(manifest_with(record.dump())), "x.json");
    return read ? std::string("accepted") : read.error().message;
  };
  nlohmann::json bad_base64 = good;
  bad_base64["id_auth"] = "not base64!";
  EXPECT_EQ(error(bad_base64), "x.json: sev_snp_id_block.id_auth: expected base64 text (A-Z a-z 0-9 + /, padded with = to a multiple of 4)");
  nlohmann::json missing = good;
  missing.erase("id_block");
  EXPECT_EQ(error(missing), "x.json: sev_snp_id_block.id_block: expected a string");
  nlohmann::json digest = good;
  digest["id_key_digest"] = "abcd";
  EXPECT_EQ(error(digest), "x.json: sev_snp_id_block.id_key_digest: expected 96 hex digits (SHA-384), got 4");
  nlohmann::json policy = good;
  policy["policy"] = "lots";
  EXPECT_EQ(error(policy), "x.json: sev_snp_id_block.policy: expected a number such as \"0x30000\", got \"lots\"");
  policy["policy"] = "-1";
  EXPECT_EQ(error(policy), "x.json: sev_snp_id_block.policy: expected a number such as \"0x30000\", got \"-1\"");
  nlohmann::json enabled = good;
  enabled["author_key_enabled"] = "yes";
  EXPECT_EQ(error(enabled), "x.json: sev_snp_id_block.author_key_enabled: expected true or false");
  EXPECT_EQ(error(nlohmann::json::array()), "x.json: sev_snp_id_block: expected an object");
  Result<std::optional<IdBlockRecord>> not_json = read_id_block_record(bytes_of(std::string("{")), "x.json");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().message, "x.json: not a JSON object (expected NAME.confwl.json written by `confwl seal`)");
}

}  // namespace
}  // namespace confwl::snp_id
