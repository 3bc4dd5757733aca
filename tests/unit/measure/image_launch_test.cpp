#include "confwl/measure/image_launch.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "confwl/measure/vmsa.h"
#include "elf_builder.h"

namespace confwl::measure {
namespace {

struct Load {
  uint64_t paddr;
  std::vector<std::byte> bytes;
  uint64_t memsz;
};

// A minimal PVH ELF: header, program headers (a Xen PHYS32_ENTRY note, then the loads), the note,
// then each load's bytes, unpadded.
std::vector<std::byte> pvh_elf(uint32_t entry, const std::vector<Load>& loads) {
  test::TestElf elf;
  elf.entry = entry;
  elf.content_align = 1;
  elf.segments.push_back({PT_NOTE, PF_R, 0, 0, test::xen_entry_note(entry), 0, 4});
  for (const Load& load : loads)
    elf.segments.push_back({PT_LOAD, PF_R | PF_X, load.paddr, load.paddr, load.bytes, load.memsz, 0x1000});
  return test::build_elf(elf);
}

std::vector<std::byte> pattern(size_t size, uint8_t seed) {
  std::vector<std::byte> bytes(size);
  for (size_t index = 0; index < size; ++index) bytes[index] = static_cast<std::byte>(index * 7 + seed);
  return bytes;
}

// Two loads sharing a page (0x101000) and ending in bss: 0x100000 (text), 0x101800.. (data + bss).
const std::vector<std::byte> kImage =
    pvh_elf(0x100010, {{0x100000, pattern(0x1800, 1), 0x1800}, {0x101800, pattern(0x900, 2), 0x3000}});

SnpImageLaunch launch_with(unsigned vcpus, uint64_t features) {
  SnpImageLaunch launch = default_snp_image_launch().value();
  launch.vcpus = vcpus;
  launch.vcpu.guest_features = features;
  return launch;
}

Sha384 snp(const std::vector<std::byte>& image, const SnpImageLaunch& launch = launch_with(1, 1)) {
  SnpLaunchDigest digest;
  return snp_image_launch_digest(image, launch, digest).value();
}

Sha384 tdx(const std::vector<std::byte>& image) {
  TdxMrtd mrtd;
  return tdx_image_mrtd(image, mrtd).value();
}

TEST(ImageLaunch, MeasuresParameterAreaSecretsCpuidThenPagesAscendingThenVmsas) {
  std::vector<SnpStep> steps;
  SnpLaunchDigest digest;
  digest.observe([&](const SnpStep& step) { steps.push_back(step); });
  ASSERT_TRUE(snp_image_launch_digest(kImage, launch_with(2, 1), digest));
  std::vector<std::pair<uint64_t, SnpPageType>> expected = {
      {0x8000, SnpPageType::kUnmeasured}, {0x9000, SnpPageType::kSecrets},  {0xA000, SnpPageType::kCpuid},
      {0x100000, SnpPageType::kNormal},   {0x101000, SnpPageType::kNormal},   {0x102000, SnpPageType::kNormal},
      {0x103000, SnpPageType::kZero},     {0x104000, SnpPageType::kZero},     {kKvmVmsaGpa, SnpPageType::kVmsa},
      {kKvmVmsaGpa, SnpPageType::kVmsa}};
  ASSERT_EQ(steps.size(), expected.size());
  for (size_t index = 0; index < steps.size(); ++index) {
    EXPECT_EQ(steps[index].gpa, expected[index].first) << index;
    EXPECT_EQ(steps[index].type, expected[index].second) << index;
  }
  // The shared page 0x101000: the text's last 0x800 bytes, then the data's first 0x800.
  std::vector<std::byte> shared(0x1000);
  const std::vector<std::byte> text = pattern(0x1800, 1), data = pattern(0x900, 2);
  std::memcpy(shared.data(), text.data() + 0x1000, 0x800);
  std::memcpy(shared.data() + 0x800, data.data(), 0x800);
  EXPECT_EQ(steps[4].contents, sha384(shared));
  // 0x102000 holds the data's last 0x100 bytes, zero-filled after them.
  std::vector<std::byte> tail(0x1000);
  std::memcpy(tail.data(), data.data() + 0x800, 0x100);
  EXPECT_EQ(steps[5].contents, sha384(tail));
  // The IGVM launch passes no hvm_start_info: RBX is 0.
  const SevEsSaveArea vmsa = pvh_entry_vmsa(0x100010, 0, launch_with(1, 1).vcpu);
  EXPECT_EQ(steps.back().contents, sha384(page_of(vmsa)));
}

TEST(ImageLaunch, EveryLoadedByteChangesBothDigests) {
  const Sha384 snp_before = snp(kImage), tdx_before = tdx(kImage);
  const size_t first_load_offset = kImage.size() - 0x1800 - 0x900;
  for (size_t offset : {first_load_offset, first_load_offset + 0x1234, kImage.size() - 1}) {
    std::vector<std::byte> changed = kImage;
    changed[offset] ^= std::byte{1};
    EXPECT_NE(snp(changed), snp_before) << offset;
    EXPECT_NE(tdx(changed), tdx_before) << offset;
  }
}

TEST(ImageLaunch, VcpuCountAndGuestFeaturesChangeTheSnpDigest) {
  const Sha384 base = snp(kImage);
  EXPECT_NE(snp(kImage, launch_with(2, 1)), base);
  EXPECT_NE(snp(kImage, launch_with(1, 0x21)), base);
  SnpImageLaunch other_cpu = launch_with(1, 1);
  other_cpu.vcpu.signature = vcpu_type_signature("EPYC-Genoa").value();
  EXPECT_NE(snp(kImage, other_cpu), base);
}

// As on hardware: the policy is checked at SNP_LAUNCH_START and reported next to MEASUREMENT,
// and an ID block binds the two, but the launch digest itself does not include it.
TEST(ImageLaunch, PolicyIsNotPartOfTheLaunchDigest) {
  SnpImageLaunch debug = launch_with(1, 1);
  debug.policy = kDefaultSnpPolicy | (1u << 19);
  EXPECT_EQ(snp(kImage, debug), snp(kImage));
}

TEST(ImageLaunch, BssPagesAreMeasuredAsZerosOnTdx) {
  std::vector<TdxStep> steps;
  TdxMrtd mrtd;
  mrtd.observe([&](const TdxStep& step) { steps.push_back(step); });
  ASSERT_TRUE(tdx_image_mrtd(kImage, mrtd));
  ASSERT_EQ(steps.size(), 7u);
  EXPECT_EQ(steps[0].operation, TdxOperation::kPageAdd);
  EXPECT_EQ(steps[0].gpa, 0x8000u);
  EXPECT_EQ(steps[5].gpa, 0x104000u);
  EXPECT_EQ(steps[5].operation, TdxOperation::kPageAddAndExtend);
  EXPECT_EQ(steps[5].contents, sha384(std::vector<std::byte>(0x1000)));
  EXPECT_EQ(steps[6].gpa, 0xFFFFF000u);  // the measured TDX reset page
  EXPECT_EQ(steps[6].operation, TdxOperation::kPageAddAndExtend);
}

TEST(ImageLaunch, RefusesLoadsItCannotMeasureOnce) {
  SnpLaunchDigest digest;
  const SnpImageLaunch launch = launch_with(1, 1);
  EXPECT_EQ(snp_image_launch_digest(pvh_elf(0x100000, {{0xA000, pattern(16, 0), 16}}), launch, digest).error().message,
            "not a ConfWL image: segment at 0xa000 overlaps the launch's low pages (below 0xb000), a previous segment "
            "or the physical address limit");
  EXPECT_EQ(snp_image_launch_digest(pvh_elf(0x100000, {{0x100000, pattern(0x2000, 0), 0x2000},
                                                       {0x101000, pattern(16, 0), 16}}),
                                    launch, digest)
                .error()
                .message,
            "not a ConfWL image: segment at 0x101000 overlaps the launch's low pages (below 0xb000), a previous "
            "segment or the physical address limit");
  EXPECT_EQ(snp_image_launch_digest(std::vector<std::byte>(100), launch, digest).error().message,
            "not a ConfWL image: not an ELF file");
  EXPECT_EQ(snp_image_launch_digest(kImage, launch_with(0, 1), digest).error().message,
            "--vcpus: expected at least 1");
}

}  // namespace
}  // namespace confwl::measure
