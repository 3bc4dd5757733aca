#include "image_loader.h"

#include <gtest/gtest.h>

#include <vector>

namespace confwl::vmm::kvm {
namespace {

constexpr uint64_t kMiB = 1 << 20;

SegmentInfo segment(uint64_t address, uint64_t file_offset, uint64_t file_size, uint64_t memory_size) {
  return {SegmentRole::kKernel, address, file_size, memory_size, {}, file_offset};
}

class ImageLoaderTest : public ::testing::Test {
 protected:
  ImageLoaderTest() : file(64, std::byte{0xAB}), memory(4 * kMiB, std::byte{0xEE}) {}
  std::string refusal(std::vector<SegmentInfo> segments) {
    Status status = load_image_segments(file, segments, memory);
    EXPECT_FALSE(status);
    return status ? "" : status.error().message;
  }
  std::vector<std::byte> file;
  std::vector<std::byte> memory;
};

TEST_F(ImageLoaderTest, CopiesFileBytesAndZeroesTheRest) {
  file[8] = std::byte{1};
  ASSERT_TRUE(load_image_segments(file, std::vector{segment(kMiB, 8, 16, 0x1000)}, memory));
  EXPECT_EQ(memory[kMiB], std::byte{1});
  EXPECT_EQ(memory[kMiB + 15], std::byte{0xAB});
  EXPECT_EQ(memory[kMiB + 16], std::byte{0});
  EXPECT_EQ(memory[kMiB + 0xFFF], std::byte{0});
  EXPECT_EQ(memory[kMiB + 0x1000], std::byte{0xEE});  // past the segment: untouched
}

TEST_F(ImageLoaderTest, RefusesFileRangeOutsideTheImage) {
  EXPECT_EQ(refusal({segment(kMiB, 60, 8, 0x1000)}),
            "image segment at 0x100000 (kernel): file bytes [0x3c, +8) lie outside the 64-byte image");
  EXPECT_NE(refusal({segment(kMiB, UINT64_MAX, 2, 0x1000)}).find("outside"), std::string::npos);
}

TEST_F(ImageLoaderTest, RefusesFileSizeBeyondMemorySize) {
  EXPECT_EQ(refusal({segment(kMiB, 0, 32, 16)}), "image segment at 0x100000 (kernel): file size 32 exceeds memory size 16");
}

TEST_F(ImageLoaderTest, RefusesUnalignedAddress) {
  EXPECT_EQ(refusal({segment(kMiB + 8, 0, 8, 8)}), "image segment at 0x100008 (kernel): address is not aligned to 4 KiB");
}

TEST_F(ImageLoaderTest, RefusesTheLoadersFirstMiB) {
  EXPECT_EQ(refusal({segment(0x6000, 0, 8, 8)}),
            "image segment at 0x6000 (kernel): lies in the loader's first MiB (below 0x100000)");
}

TEST_F(ImageLoaderTest, RefusesOverlappingAndUnorderedSegments) {
  EXPECT_EQ(refusal({segment(kMiB, 0, 8, 0x2000), segment(kMiB + 0x1000, 0, 8, 8)}),
            "image segment at 0x101000 (kernel): overlaps or precedes the previous segment (which ends at 0x102000)");
  EXPECT_NE(refusal({segment(2 * kMiB, 0, 8, 8), segment(kMiB, 0, 8, 8)}).find("overlaps or precedes"), std::string::npos);
}

TEST_F(ImageLoaderTest, RefusesSegmentsPastGuestMemory) {
  EXPECT_EQ(refusal({segment(3 * kMiB, 0, 8, 2 * kMiB)}),
            "image segment at 0x300000 (kernel): 2097152 bytes do not fit in 4194304 bytes of guest memory");
  EXPECT_NE(refusal({segment(kMiB, 0, 8, UINT64_MAX - 0xFFF)}).find("do not fit"), std::string::npos);
}

TEST_F(ImageLoaderTest, WritesNothingWhenALaterSegmentIsRefused) {
  EXPECT_FALSE(load_image_segments(file, std::vector{segment(kMiB, 0, 8, 8), segment(kMiB, 0, 8, 8)}, memory));
  EXPECT_EQ(memory[kMiB], std::byte{0xEE});
}

TEST_F(ImageLoaderTest, RefusesAnImageWithoutSegments) {
  EXPECT_EQ(refusal({}), "the image has no PT_LOAD segment to load");
}

}  // namespace
}  // namespace confwl::vmm::kvm
