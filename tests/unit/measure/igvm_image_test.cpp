// NAME.igvm of an image: its directives are the launch the manifest records, and applying them
// from the file's bytes gives the same digests as the library's image functions.
#include <gtest/gtest.h>

#include <cstring>

#include "confwl/abi/guest_layout.h"
#include "confwl/igvm/image_igvm.h"
#include "confwl/igvm/launch.h"
#include "elf_builder.h"

namespace confwl::igvm {
namespace {

using measure::SnpImageLaunch;

std::vector<std::byte> hello_like_image() {
  test::TestElf elf;
  elf.entry = 0x100010;
  elf.content_align = 1;
  elf.segments.push_back({PT_NOTE, PF_R, 0, 0, test::xen_entry_note(0x100010), 0, 4});
  std::vector<std::byte> text(0x1800);
  for (size_t index = 0; index < text.size(); ++index) text[index] = static_cast<std::byte>(index * 13 + 5);
  elf.segments.push_back({PT_LOAD, PF_R | PF_X, 0x100000, 0x100000, text, 0x3000, 0x1000});
  return test::build_elf(elf);
}

const std::vector<std::byte> kImage = hello_like_image();

SnpImageLaunch launch_with(unsigned vcpus, uint64_t features, uint64_t policy = measure::kDefaultSnpPolicy) {
  SnpImageLaunch launch = measure::default_snp_image_launch().value();
  launch.vcpus = vcpus;
  launch.vcpu.guest_features = features;
  launch.policy = policy;
  return launch;
}

Sha384 snp_of_file(const Bytes& bytes, unsigned vcpus = 1) {
  measure::SnpLaunchDigest digest;
  return snp_launch_digest(read_igvm(bytes).value(), vcpus, digest).value().digest;
}

Sha384 tdx_of_file(const Bytes& bytes) {
  measure::TdxMrtd mrtd;
  return tdx_mrtd(read_igvm(bytes).value(), mrtd).value();
}

TEST(ImageIgvm, FileDigestsAreTheImageDigests) {
  const SealedIgvm sealed = seal_igvm(kImage, launch_with(1, 1)).value();
  measure::SnpLaunchDigest digest;
  measure::TdxMrtd mrtd;
  EXPECT_EQ(snp_of_file(sealed.file), measure::snp_image_launch_digest(kImage, launch_with(1, 1), digest).value());
  EXPECT_EQ(tdx_of_file(sealed.file), measure::tdx_image_mrtd(kImage, mrtd).value());
  EXPECT_EQ(sealed.measurements.snp_launch_digest, snp_of_file(sealed.file));
  EXPECT_EQ(sealed.measurements.tdx_mrtd, tdx_of_file(sealed.file));
  EXPECT_EQ(seal_igvm(kImage, launch_with(1, 1)).value().file, sealed.file);  // deterministic
}

TEST(ImageIgvm, EveryPageByteOfTheFileChangesTheDigests) {
  const Bytes file = seal_igvm(kImage, launch_with(1, 1)).value().file;
  const File parsed = read_igvm(file).value();
  const Sha384 snp = snp_of_file(file), tdx = tdx_of_file(file);
  for (const Directive& directive : parsed.directives) {
    const auto* page = std::get_if<PageDataDirective>(&directive);
    if (!page || page->data.empty()) continue;
    for (uint32_t offset : {0u, 0x7FFu, 0xFFFu}) {
      Bytes changed = file;
      changed[page->header.file_offset + offset] ^= std::byte{0x80};  // file data: not under the checksum
      if (page->header.compatibility_mask & kSnpMask) {
        EXPECT_NE(snp_of_file(changed), snp) << page->header.gpa;
      }
      if (page->header.compatibility_mask & kTdxMask) {
        EXPECT_NE(tdx_of_file(changed), tdx) << page->header.gpa;
      }
    }
  }
}

TEST(ImageIgvm, VcpuCountAndGuestFeaturesChangeTheSnpDigestButPolicyOnlyTheFile) {
  const Bytes base = seal_igvm(kImage, launch_with(1, 1)).value().file;
  EXPECT_NE(snp_of_file(base, 2), snp_of_file(base));
  const Bytes features = seal_igvm(kImage, launch_with(1, 0x21)).value().file;
  EXPECT_NE(snp_of_file(features), snp_of_file(base));
  // The policy is in GUEST_POLICY (checked at SNP_LAUNCH_START, bound by the ID block), not in
  // the launch digest: as on hardware.
  const Bytes debug = seal_igvm(kImage, launch_with(1, 1, measure::kDefaultSnpPolicy | (1u << 19))).value().file;
  EXPECT_NE(debug, base);
  EXPECT_EQ(snp_of_file(debug), snp_of_file(base));
  measure::SnpLaunchDigest digest;
  EXPECT_EQ(snp_launch_digest(read_igvm(debug).value(), 1, digest).value().policy, measure::kDefaultSnpPolicy | (1u << 19));
}

TEST(ImageIgvm, DirectivesFollowTheDocumentedOrder) {
  const File file = image_igvm(kImage, launch_with(1, 1)).value();
  ASSERT_EQ(file.directives.size(), 3u + 2 + 3 + 1 + 1);
  EXPECT_EQ(std::get<ParameterInsert>(file.directives[2]).gpa, abi::kIgvmMemoryMapGpa);
  EXPECT_EQ(std::get<PageDataDirective>(file.directives[3]).header.data_type, static_cast<uint16_t>(PageDataType::kSecrets));
  EXPECT_EQ(std::get<PageDataDirective>(file.directives[4]).header.gpa, abi::kSnpCpuidPageGpa);
  EXPECT_FALSE(std::get<PageDataDirective>(file.directives[6]).data.empty());  // 0x101000: text's tail
  EXPECT_TRUE(std::get<PageDataDirective>(file.directives[7]).data.empty());   // 0x102000: bss only
  const auto& reset = std::get<PageDataDirective>(file.directives[8]);
  EXPECT_EQ(reset.header.gpa, abi::kTdxResetPageGpa);
  EXPECT_EQ(reset.header.compatibility_mask, kTdxMask);
  const uint8_t expected[16] = {0xBB, 0, 0, 0, 0, 0xB8, 0x10, 0x00, 0x10, 0x00, 0xFF, 0xE0, 0xF4, 0xF4, 0xF4, 0xF4};
  EXPECT_EQ(std::memcmp(reset.data.data() + 0xFF0, expected, 16), 0);
  const auto& context = std::get<VpContextDirective>(file.directives[9]);
  EXPECT_EQ(context.header.compatibility_mask, kSnpMask);
  EXPECT_EQ(context.header.gpa, measure::kKvmVmsaGpa);
}

TEST(ImageIgvm, CarriesAnIdBlockWithoutChangingTheDigest) {
  SnpIdBlock block{};
  block.guest_svn = 7;
  block.ld[0] = 0x42;
  const Bytes with_block = seal_igvm(kImage, launch_with(1, 1), block).value().file;
  const File parsed = read_igvm(with_block).value();
  const auto* read = std::get_if<SnpIdBlock>(&parsed.directives.back());
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->compatibility_mask, kSnpMask);
  EXPECT_EQ(read->guest_svn, 7u);
  EXPECT_EQ(snp_of_file(with_block), snp_of_file(seal_igvm(kImage, launch_with(1, 1)).value().file));
}

}  // namespace
}  // namespace confwl::igvm
