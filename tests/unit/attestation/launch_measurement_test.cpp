#include <confwl/attestation/hex_bytes.h>
#include <confwl/attestation/launch_measurement.h>
#include <gtest/gtest.h>

#include <string_view>

namespace confwl::attestation {
namespace {

std::span<const std::byte> text(std::string_view value) { return std::as_bytes(std::span(value.data(), value.size())); }

constexpr std::string_view kDigest =
    "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b";

TEST(LaunchMeasurement, RefusesBytesThatAreNotALoadableImage) {
  // The supervisor measures what the engine boots; bytes no engine would load have no measurement.
  EXPECT_FALSE(launch_measurement({}));
  EXPECT_FALSE(launch_measurement(text("image")));
}

TEST(LaunchMeasurement, ManifestPromiseIsItsSnpLaunchDigest) {
  const std::string manifest = R"({"name": "x", "image": {"sha384": "00"}, "measurements": {"sev_snp": {"launch_digest": ")" +
                               std::string(kDigest) + R"("}}})";
  Result<Sha384> promised = manifest_launch_measurement(text(manifest), "x.confwl.json");
  ASSERT_TRUE(promised) << promised.error().message;
  EXPECT_EQ(to_hex(*promised), kDigest);
}

TEST(LaunchMeasurement, BadManifestsNameTheProblem) {
  const auto error = [](std::string_view manifest) {
    Result<Sha384> promised = manifest_launch_measurement(text(manifest), "m.json");
    return promised ? std::string("ok") : promised.error().message;
  };
  const std::string field = "m.json: measurements.sev_snp.launch_digest: ";
  EXPECT_EQ(error("{"), "m.json: not a JSON object (expected NAME.confwl.json written by `confwl seal`)");
  EXPECT_EQ(error("[]"), "m.json: not a JSON object (expected NAME.confwl.json written by `confwl seal`)");
  EXPECT_EQ(error(R"({"image": {"sha384": "00"}})"), field + "expected a string of 96 hex digits");
  EXPECT_EQ(error(R"({"measurements": {"sev_snp": {"launch_digest": "abcd"}}})"),
            field + "expected 96 hex digits (SHA-384), got 4");
  EXPECT_EQ(error(R"({"measurements": {"sev_snp": {"launch_digest": "zz"}}})"),
            field + "expected hex digit pairs, found 'z' at offset 0");
}

TEST(HexBytes, ParsesPairsWithOptionalPrefixAndWhitespace) {
  EXPECT_EQ(*parse_hex_bytes("0x00fFa5", "x"), (std::vector<uint8_t>{0x00, 0xff, 0xa5}));
  EXPECT_EQ(*parse_hex_bytes("01 02\n03\r\n", "x"), (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_TRUE(parse_hex_bytes("", "x")->empty());
  EXPECT_EQ(parse_hex_bytes("abc", "--report-data").error().message,
            "--report-data: expected hex digit pairs, found a lone digit at offset 2");
  EXPECT_EQ(parse_hex_bytes("a g0", "x").error().message, "x: expected hex digit pairs, found a lone digit at offset 0");
}

}  // namespace
}  // namespace confwl::attestation
