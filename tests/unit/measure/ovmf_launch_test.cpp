#include "confwl/measure/ovmf_launch.h"

#include <gtest/gtest.h>

#include "vectors.h"

namespace confwl::measure {
namespace {

// One case of cases.json as a launch; kernel/initrd "<empty file>" are zero-length files.
OvmfLaunch launch_of(const nlohmann::json& test_case, const std::vector<std::byte>& firmware) {
  OvmfLaunch launch{firmware, std::nullopt, test_case.at("vcpus").get<unsigned>(), {}};
  launch.vcpu.signature = vcpu_type_signature(test_case.at("vcpu_type").get<std::string>()).value();
  EXPECT_EQ(launch.vcpu.signature, test::parse_number(test_case.at("vcpu_signature")));
  launch.vcpu.guest_features = test::parse_number(test_case.at("guest_features"));
  launch.vcpu.vmm = parse_vmm_profile(test_case.at("vmm_type").get<std::string>()).value();
  if (!test_case.at("kernel").is_null()) {
    EXPECT_EQ(test_case.at("kernel"), "<empty file>");
    EXPECT_EQ(test_case.at("initrd"), "<empty file>");
    launch.direct_boot = DirectBoot{{}, {}, std::nullopt};
    if (test_case.at("append").is_string()) launch.direct_boot->append = test_case.at("append").get<std::string>();
  }
  return launch;
}

TEST(OvmfLaunchDigest, ReproducesEverySevSnpMeasureCase) {
  const nlohmann::json cases = test::vector_json("cases.json").at("cases");
  ASSERT_EQ(cases.size(), 6u);
  for (const nlohmann::json& test_case : cases) {
    const std::vector<std::byte> firmware = test::vector_bytes(test_case.at("ovmf"));
    SnpLaunchDigest digest;
    const Result<Sha384> result = ovmf_launch_digest(launch_of(test_case, firmware), digest);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(to_hex(*result), test_case.at("expected").get<std::string>()) << test_case.at("name");
  }
}

TEST(OvmfLaunchDigest, KernelNeedsAHashesSection) {
  const std::vector<std::byte> firmware = test::vector_bytes("ovmf_OvmfX64_suffix.bin");  // no 0x10 section
  OvmfLaunch launch{firmware, DirectBoot{}, 1, {0x800F12, 1, VmmProfile::kQemu}};
  SnpLaunchDigest digest;
  EXPECT_EQ(ovmf_launch_digest(launch, digest).error().message,
            "OVMF image: --kernel given, but the SEV metadata has no SNP_KERNEL_HASHES section");
}

TEST(OvmfLaunchDigest, DirectBootHashesChangeTheDigest) {
  const std::vector<std::byte> firmware = test::vector_bytes("ovmf_AmdSev_suffix.bin");
  OvmfLaunch launch{firmware, DirectBoot{}, 1, {0x800F12, 1, VmmProfile::kQemu}};
  SnpLaunchDigest first, second;
  const Sha384 empty_append = ovmf_launch_digest(launch, first).value();
  launch.direct_boot->append = "console=ttyS0";
  EXPECT_NE(ovmf_launch_digest(launch, second).value(), empty_append);
}

// QEMU hashes a missing command line and an empty one alike: "\0".
TEST(OvmfLaunchDigest, EmptyAppendEqualsNoAppend) {
  const std::vector<std::byte> firmware = test::vector_bytes("ovmf_AmdSev_suffix.bin");
  OvmfLaunch launch{firmware, DirectBoot{}, 1, {0x800F12, 1, VmmProfile::kQemu}};
  SnpLaunchDigest first, second;
  const Sha384 none = ovmf_launch_digest(launch, first).value();
  launch.direct_boot->append = "";
  EXPECT_EQ(ovmf_launch_digest(launch, second).value(), none);
}

TEST(OvmfLaunchDigest, SteppingThroughGivesFirmwareSectionsThenVmsas) {
  const std::vector<std::byte> firmware = test::vector_bytes("ovmf_AmdSev_suffix.bin");
  OvmfLaunch launch{firmware, std::nullopt, 2, {0x800F12, 1, VmmProfile::kQemu}};
  std::vector<SnpStep> steps;
  SnpLaunchDigest digest;
  digest.observe([&](const SnpStep& step) { steps.push_back(step); });
  ASSERT_TRUE(ovmf_launch_digest(launch, digest));
  // 1 firmware page, 9+3 SEC, secrets, CPUID, CAA, hashes (zero), 15 SEC, 2 VMSAs.
  ASSERT_EQ(steps.size(), 1u + 12 + 1 + 1 + 1 + 1 + 15 + 2);
  EXPECT_EQ(steps.front().gpa, 0xFFFFF000u);
  EXPECT_EQ(steps[13].type, SnpPageType::kSecrets);
  EXPECT_EQ(steps[14].type, SnpPageType::kCpuid);
  EXPECT_EQ(steps.back().type, SnpPageType::kVmsa);
  EXPECT_EQ(steps.back().gpa, kKvmVmsaGpa);
  EXPECT_NE(steps[steps.size() - 2].contents, steps.back().contents);  // BSP and AP start differently
}

}  // namespace
}  // namespace confwl::measure
