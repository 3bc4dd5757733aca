#include "confwl/measure/ovmf.h"

#include <gtest/gtest.h>

#include <cstring>

#include "vectors.h"

namespace confwl::measure {
namespace {

// Offsets inside ovmf_AmdSev_suffix.bin (4096 bytes): the footer's {size, GUID} tail, the SEV-ES
// reset block entry's tail just before it, and the SEV metadata ("ASEV" header, 7 sections).
constexpr size_t kFooterTail = 0xFCE;
constexpr size_t kResetBlockTail = kFooterTail - 18;
constexpr size_t kMetadata = 0xAAC;
constexpr size_t kSection0 = kMetadata + 16;

class OvmfParse : public ::testing::Test {
 protected:
  std::vector<std::byte> image = test::vector_bytes("ovmf_AmdSev_suffix.bin");

  template <typename T>
  void put(size_t offset, T value) {
    std::memcpy(image.data() + offset, &value, sizeof(T));
  }
  std::string error() {
    Result<OvmfImage> parsed = parse_ovmf(image);
    return parsed ? "(parsed)" : parsed.error().message;
  }
};

TEST_F(OvmfParse, ReadsTheAmdSevTableAndMetadata) {
  const OvmfImage ovmf = parse_ovmf(image).value();
  EXPECT_EQ(ovmf.gpa, 0xFFFFF000u);
  EXPECT_EQ(ovmf.table.size(), 5u);
  EXPECT_EQ(ovmf.table[0].guid, kSevEsResetBlockGuid);
  EXPECT_EQ(ovmf.sev_es_reset_eip, 0x80B004u);
  EXPECT_EQ(ovmf.sev_hash_table_gpa, 0x810C00u);
  ASSERT_EQ(ovmf.sections.size(), 7u);
  EXPECT_EQ(ovmf.sections[0].gpa, 0x800000u);
  EXPECT_EQ(ovmf.sections[0].size, 0x9000u);
  EXPECT_EQ(ovmf.sections[0].type, SevSectionType::kSnpSecMem);
  EXPECT_EQ(ovmf.sections[5].type, SevSectionType::kSnpKernelHashes);
  EXPECT_EQ(ovmf.sections[6].size, 0xF000u);
}

TEST_F(OvmfParse, ReadsTheOvmfX64Metadata) {
  const OvmfImage ovmf = parse_ovmf(test::vector_bytes("ovmf_OvmfX64_suffix.bin")).value();
  ASSERT_EQ(ovmf.sections.size(), 6u);
  EXPECT_EQ(ovmf.sections[5].size, 0x10000u);
  EXPECT_EQ(ovmf.sev_hash_table_gpa, 0u);
}

TEST(GuidText, IsTheCanonicalForm) {
  EXPECT_EQ(guid_text(kOvmfTableFooterGuid), "96b582de-1fb2-45f7-baea-a366c55a082d");
}

TEST_F(OvmfParse, RefusesSizesThatAreNotWholePagesBelow4GiB) {
  image.resize(4000);
  EXPECT_EQ(error(), "OVMF image: 4000 bytes, expected a non-zero multiple of 4096 up to 4 GiB");
  image.clear();
  EXPECT_EQ(error(), "OVMF image: 0 bytes, expected a non-zero multiple of 4096 up to 4 GiB");
}

TEST_F(OvmfParse, RefusesATruncatedFooterTable) {
  const std::vector<std::byte> tiny(image.end() - 40, image.end());
  EXPECT_EQ(parse_ovmf_table(tiny).error().message,
            "OVMF image: 40 bytes, too small to hold the GUID table footer");
  put<uint16_t>(kFooterTail, 0xFFFF);  // longer than everything before it
  EXPECT_EQ(error(), "OVMF image: GUID table length 65535 at offset 0xfce, expected at least 18 and no more than "
                     "the bytes before the footer");
  put<uint16_t>(kFooterTail, 17);
  EXPECT_EQ(error(), "OVMF image: GUID table length 17 at offset 0xfce, expected at least 18 and no more than "
                     "the bytes before the footer");
}

TEST_F(OvmfParse, RefusesAMissingFooterGuid) {
  image[kFooterTail + 2] = std::byte{0};
  EXPECT_EQ(error(), "OVMF image: no GUID table footer (96b582de-1fb2-45f7-baea-a366c55a082d) at offset 0xfce");
}

TEST_F(OvmfParse, RefusesBadEntryLengths) {
  put<uint16_t>(kResetBlockTail, 5);
  EXPECT_EQ(error(), "OVMF image: GUID table entry 00f771de-1a7e-4fcb-890e-68c77e2fb44e at offset 0xfbc: "
                     "length 5, expected 18 to 118");
  put<uint16_t>(kResetBlockTail, 200);
  EXPECT_EQ(error(), "OVMF image: GUID table entry 00f771de-1a7e-4fcb-890e-68c77e2fb44e at offset 0xfbc: "
                     "length 200, expected 18 to 118");
  put<uint16_t>(kFooterTail, 136 + 4);  // four stray bytes before the first entry
  put<uint16_t>(kResetBlockTail, 22);
  EXPECT_EQ(error(), "OVMF image: 4 stray bytes at the start of the GUID table (offset 0xf54)");
}

TEST_F(OvmfParse, RefusesEntriesTooShortForTheirAddress) {
  // Shrink the SEV-ES reset block entry (22 bytes: 4 of data) to 20 and grow the next one's
  // length by 2, so that the table still adds up.
  put<uint16_t>(kResetBlockTail, 20);
  put<uint16_t>(kResetBlockTail - 22 + 4 - 2, 28);  // the next entry's tail sits 20 bytes lower
  EXPECT_EQ(error(), "OVMF image: GUID table entry 00f771de-1a7e-4fcb-890e-68c77e2fb44e holds 2 bytes, expected at "
                     "least 4");
}

TEST_F(OvmfParse, RefusesBadSevMetadataHeaders) {
  image[kMetadata] = std::byte{'X'};
  EXPECT_EQ(error(), "OVMF image: no \"ASEV\" signature at SEV metadata offset 0xaac");
  image[kMetadata] = std::byte{'A'};
  put<uint32_t>(kMetadata + 4, 0x1000);
  EXPECT_EQ(error(), "OVMF image: SEV metadata length 0x1000 at offset 0xaac runs past the end of the image");
  put<uint32_t>(kMetadata + 4, 100);
  put<uint32_t>(kMetadata + 8, 2);
  EXPECT_EQ(error(), "OVMF image: SEV metadata version 2, expected 1");
  put<uint32_t>(kMetadata + 8, 1);
  put<uint32_t>(kMetadata + 12, 0xFFFFFFFF);
  EXPECT_EQ(error(), "OVMF image: SEV metadata lists 4294967295 sections but holds 84 bytes of them");
}

TEST_F(OvmfParse, RefusesAMetadataOffsetOutsideTheImage) {
  // The metadata entry's data: u32 offset from the end of the image.
  const OvmfImage ovmf = parse_ovmf(image).value();
  auto entry = std::find_if(ovmf.table.begin(), ovmf.table.end(),
                            [](const OvmfTableEntry& e) { return e.guid == kOvmfSevMetadataGuid; });
  ASSERT_NE(entry, ovmf.table.end());
  const size_t offset = static_cast<size_t>(entry->data.data() - image.data());
  put<uint32_t>(offset, 0x2000);
  EXPECT_EQ(error(), "OVMF image: SEV metadata offset 0x2000 from the end is outside the image");
}

TEST_F(OvmfParse, RefusesBadSections) {
  put<uint32_t>(kSection0 + 8, 7);
  EXPECT_EQ(error(), "OVMF image: SEV metadata section 0: type 0x7, expected 1, 2, 3, 4 or 0x10");
  put<uint32_t>(kSection0 + 8, 1);
  put<uint32_t>(kSection0 + 4, 0x800);
  EXPECT_EQ(error(), "OVMF image: SEV metadata section 0: GPA 0x800000 size 0x800, expected a non-empty range of "
                     "whole 4 KiB pages");
  put<uint32_t>(kSection0, 0xFFFFE000);
  put<uint32_t>(kSection0 + 4, 0x3000);
  EXPECT_EQ(error(), "OVMF image: SEV metadata section 0: GPA 0xffffe000 size 0x3000 ends past 4 GiB");
  put<uint32_t>(kSection0 + 4, 0x2000);  // runs into the firmware at 0xfffff000
  EXPECT_EQ(error(), "OVMF image: SEV metadata sections overlap at GPA 0xfffff000 (with each other or the firmware)");
  put<uint32_t>(kSection0, 0x809000);  // the next section starts at 0x80a000
  EXPECT_EQ(error(), "OVMF image: SEV metadata sections overlap at GPA 0x80a000 (with each other or the firmware)");
}

}  // namespace
}  // namespace confwl::measure
