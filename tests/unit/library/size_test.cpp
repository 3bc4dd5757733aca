#include "confwl/size.h"

#include <gtest/gtest.h>

namespace confwl {
namespace {

const std::string kExpected = "expected " + std::string(kSizeSyntax);

TEST(ParseSize, AcceptsBytesAndBinarySuffixes) {
  EXPECT_EQ(*parse_size("65536"), 65536u);
  EXPECT_EQ(*parse_size("0"), 0u);
  EXPECT_EQ(*parse_size("64K"), 64u << 10);
  EXPECT_EQ(*parse_size("64KiB"), 64u << 10);
  EXPECT_EQ(*parse_size("64M"), 64u << 20);
  EXPECT_EQ(*parse_size("64MiB"), 64u << 20);
  EXPECT_EQ(*parse_size("1G"), 1ull << 30);
  EXPECT_EQ(*parse_size("1GiB"), 1ull << 30);
  EXPECT_EQ(*parse_size("18446744073709551615"), UINT64_MAX);
}

TEST(ParseSize, RejectsWhatIsNotASizeSayingWhatIsExpected) {
  for (const char* text : {"", "lots", "M", "64 M", " 64M", "64m", "64MB", "64Mi", "-1", "+1", "1.5G",
                           "0x10", "64MiBx", "1T"}) {
    Result<uint64_t> size = parse_size(text);
    ASSERT_FALSE(size.ok()) << text;
    EXPECT_EQ(size.error().message, kExpected) << text;
  }
}

TEST(ParseSize, RejectsOverflow) {
  EXPECT_FALSE(parse_size("18446744073709551616").ok());
  EXPECT_FALSE(parse_size("17179869184G").ok());  // 2^34 GiB = 2^64 bytes
  EXPECT_EQ(*parse_size("17179869183G"), 17179869183ull << 30);
}

TEST(FormatSize, UsesTheLargestExactSuffix) {
  EXPECT_EQ(format_size(64ull << 20), "64M");
  EXPECT_EQ(format_size(16ull << 20), "16M");
  EXPECT_EQ(format_size(64ull << 30), "64G");
  EXPECT_EQ(format_size(1536ull << 20), "1536M");
  EXPECT_EQ(format_size(4096), "4K");
  EXPECT_EQ(format_size(1000), "1000");
  EXPECT_EQ(format_size(0), "0");
}

TEST(FormatSize, ReadsBack) {
  for (uint64_t bytes : {uint64_t{0}, uint64_t{1}, uint64_t{1023}, uint64_t{1024}, uint64_t{3} << 20,
                         (uint64_t{5} << 30) + 4096, UINT64_MAX})
    EXPECT_EQ(*parse_size(format_size(bytes)), bytes);
}

}  // namespace
}  // namespace confwl
