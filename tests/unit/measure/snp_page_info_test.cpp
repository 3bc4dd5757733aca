#include "confwl/measure/snp_page_info.h"

#include <gtest/gtest.h>

#include <cstring>

#include "vectors.h"

namespace confwl::measure {
namespace {

// Every SNP micro-vector: the chain from LD = 0 over the listed SNP_LAUNCH_UPDATE steps.
TEST(SnpLaunchDigest, ReproducesEveryMicroVector) {
  const nlohmann::json vectors = test::vector_json("measure-micro.json");
  ASSERT_FALSE(vectors.at("snp").empty());
  for (const nlohmann::json& vector : vectors.at("snp")) {
    SnpLaunchDigest digest;
    for (const nlohmann::json& step : vector.at("steps")) {
      const SnpPageType type = parse_snp_page_type(step.at("type").get<std::string>()).value();
      const uint64_t gpa = test::parse_number(step.at("gpa"));
      if (step.contains("contents"))
        digest.add_page(type, gpa, test::described_page(step.at("contents")));
      else
        digest.add_empty_page(type, gpa);
    }
    EXPECT_EQ(to_hex(digest.digest()), vector.at("expected").get<std::string>()) << vector.dump();
  }
}

// The PAGE_INFO the chain hashes, built by hand at the ABI offsets, gives the same next digest.
TEST(SnpLaunchDigest, HashesThePageInfoAtItsAbiOffsets) {
  Sha384 start;
  for (size_t index = 0; index < start.size(); ++index) start[index] = static_cast<uint8_t>(index + 1);
  Sha384 contents;
  contents.fill(0xAB);
  std::array<std::byte, 0x70> page_info{};
  std::memcpy(page_info.data(), start.data(), 48);
  std::memcpy(page_info.data() + 0x30, contents.data(), 48);
  page_info[0x60] = std::byte{0x70};
  page_info[0x62] = std::byte{0x01};
  const uint64_t gpa = 0x1234'5000;
  std::memcpy(page_info.data() + 0x68, &gpa, 8);

  SnpLaunchDigest digest(start);
  digest.add_step(SnpPageType::kNormal, gpa, contents);
  EXPECT_EQ(digest.digest(), sha384(page_info));
}

TEST(SnpLaunchDigest, ObserverSeesEveryStep) {
  std::vector<SnpStep> steps;
  SnpLaunchDigest digest;
  digest.observe([&](const SnpStep& step) { steps.push_back(step); });
  digest.add_page(SnpPageType::kNormal, 0x1000, test::described_page("4096 zero bytes"));
  digest.add_empty_page(SnpPageType::kCpuid, 0x2000);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].contents, sha384(test::described_page("4096 zero bytes")));
  EXPECT_EQ(steps[1].type, SnpPageType::kCpuid);
  EXPECT_EQ(steps[1].contents, Sha384{});
  EXPECT_EQ(steps[1].digest_after, digest.digest());
}

TEST(SnpLaunchDigest, EveryPageTypeGivesADifferentDigest) {
  std::vector<Sha384> seen;
  for (SnpPageType type : {SnpPageType::kZero, SnpPageType::kUnmeasured, SnpPageType::kSecrets, SnpPageType::kCpuid}) {
    SnpLaunchDigest digest;
    digest.add_empty_page(type, 0x3000);
    for (const Sha384& other : seen) EXPECT_NE(digest.digest(), other);
    seen.push_back(digest.digest());
  }
}

TEST(SnpLaunchDigest, RefusesMisuse) {
  SnpLaunchDigest digest;
  EXPECT_THROW(digest.add_empty_page(SnpPageType::kNormal, 0), std::invalid_argument);
  EXPECT_THROW(digest.add_empty_page(SnpPageType::kZero, 0x10), std::invalid_argument);
}

TEST(SnpPageType, NamesRoundTripAndUnknownIsExplained) {
  for (const char* name : {"NORMAL", "VMSA", "ZERO", "UNMEASURED", "SECRETS", "CPUID"})
    EXPECT_EQ(snp_page_type_name(parse_snp_page_type(name).value()), name);
  EXPECT_EQ(parse_snp_page_type("normal").error().message,
            "page type 'normal': expected NORMAL, VMSA, ZERO, UNMEASURED, SECRETS or CPUID");
}

}  // namespace
}  // namespace confwl::measure
