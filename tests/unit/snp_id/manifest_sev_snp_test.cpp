// The manifest's sev_snp section: the ID block inputs, with FILE:LINE:COLUMN errors.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "confwl/manifest.h"

namespace confwl {
namespace {

std::string error_of(std::string_view yaml) {
  Result<WorkloadManifest> manifest = parse_manifest(yaml, "m.yaml");
  return manifest ? "(parsed)" : manifest.error().message;
}

TEST(ManifestSevSnp, ParsesHexAndTextIdsSvnAndPolicy) {
  Result<WorkloadManifest> manifest = parse_manifest(R"(name: signed
sev_snp:
  family_id: 00112233445566778899aabbccddeeff
  image_id: hello-v1
  guest_svn: 3
  policy: 0x70000
)", "m.yaml");
  ASSERT_TRUE(manifest) << manifest.error().message;
  const SevSnpIdentity& snp = manifest->sev_snp;
  EXPECT_EQ(snp.family_id, (std::array<uint8_t, 16>{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa,
                                                    0xbb, 0xcc, 0xdd, 0xee, 0xff}));
  EXPECT_EQ(snp.image_id, (std::array<uint8_t, 16>{'h', 'e', 'l', 'l', 'o', '-', 'v', '1'}));
  EXPECT_EQ(snp.guest_svn, 3u);
  EXPECT_EQ(snp.policy, 0x70000u);
}

TEST(ManifestSevSnp, DefaultsWithoutTheSection) {
  Result<WorkloadManifest> manifest = parse_manifest("name: a\n", "m.yaml");
  ASSERT_TRUE(manifest);
  EXPECT_EQ(manifest->sev_snp.policy, 0x30000u);
  EXPECT_EQ(manifest->sev_snp.guest_svn, 0u);
  EXPECT_EQ(manifest->sev_snp.family_id, (std::array<uint8_t, 16>{}));
}

TEST(ManifestSevSnp, ErrorsNameTheFieldAndPosition) {
  EXPECT_EQ(error_of("name: a\nsev_snp: 3\n"),
            "m.yaml:2:10: sev_snp: expected a map with 'family_id', 'image_id', 'guest_svn' or 'policy', got \"3\"");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  famly_id: x\n"), "m.yaml:3:3: sev_snp.famly_id: unknown key; did you mean 'family_id'?");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  image_id: a-text-longer-than-16\n"),
            "m.yaml:3:13: sev_snp.image_id: expected 32 hex digits, or a text of 1 to 16 bytes (zero-padded), got "
            "\"a-text-longer-than-16\" (21 bytes)");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  family_id: \"\"\n"),
            "m.yaml:3:14: sev_snp.family_id: expected 32 hex digits, or a text of 1 to 16 bytes (zero-padded), got \"\" (0 bytes)");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  guest_svn: -1\n"),
            "m.yaml:3:14: sev_snp.guest_svn: expected a number from 0 to 4294967295 (decimal or 0x hex), got \"-1\"");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  guest_svn: 4294967296\n"),
            "m.yaml:3:14: sev_snp.guest_svn: expected a number from 0 to 4294967295 (decimal or 0x hex), got \"4294967296\"");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  policy: 0x10000\n"),
            "m.yaml:3:11: sev_snp.policy: bit 17 is reserved and must be 1 (e.g. 0x30000), got 0x10000");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  policy: 0x1000030000\n"),
            "m.yaml:3:11: sev_snp.policy: bits 26..63 are reserved and must be 0, got 0x1000030000");
  EXPECT_EQ(error_of("name: a\nsev_snp:\n  policy: lots\n"),
            "m.yaml:3:11: sev_snp.policy: expected a number from 0 to 18446744073709551615 (decimal or 0x hex), got \"lots\"");
}

// strtoull skips white space and negates a signed number modulo 2^64: " -18446744073709551615" was 1.
TEST(ManifestSevSnp, NumbersAreDigitsOnly) {
  const std::string svn = "expected a number from 0 to 4294967295 (decimal or 0x hex), got ";
  EXPECT_EQ(error_of("name: a\nsev_snp: {guest_svn: \" -18446744073709551615\"}\n"),
            "m.yaml:2:22: sev_snp.guest_svn: " + svn + "\" -18446744073709551615\"");
  EXPECT_EQ(error_of("name: a\nsev_snp: {guest_svn: \" 1\"}\n"), "m.yaml:2:22: sev_snp.guest_svn: " + svn + "\" 1\"");
  EXPECT_EQ(error_of("name: a\nsev_snp: {guest_svn: \"\\t7\"}\n"), "m.yaml:2:22: sev_snp.guest_svn: " + svn + "\"\t7\"");
  EXPECT_EQ(error_of("name: a\nsev_snp: {guest_svn: +1}\n"), "m.yaml:2:22: sev_snp.guest_svn: " + svn + "\"+1\"");
  EXPECT_EQ(error_of("name: a\nsev_snp: {guest_svn: 0x}\n"), "m.yaml:2:22: sev_snp.guest_svn: " + svn + "\"0x\"");
  EXPECT_EQ(error_of("name: a\nsev_snp: {guest_svn: 0x-1}\n"), "m.yaml:2:22: sev_snp.guest_svn: " + svn + "\"0x-1\"");
  EXPECT_EQ(error_of("name: a\nsev_snp: {policy: \" -18446744073709355008\"}\n"),
            "m.yaml:2:19: sev_snp.policy: expected a number from 0 to 18446744073709551615 (decimal or 0x hex), got "
            "\" -18446744073709355008\"");

  Result<WorkloadManifest> manifest = parse_manifest("name: a\nsev_snp: {guest_svn: 0XfF, policy: 196608}\n", "m.yaml");
  ASSERT_TRUE(manifest) << manifest.error().message;
  EXPECT_EQ(manifest->sev_snp.guest_svn, 255u);
  EXPECT_EQ(manifest->sev_snp.policy, 0x30000u);
}

}  // namespace
}  // namespace confwl
