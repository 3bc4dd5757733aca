// The IGVM format structures, the writer/reader round trip, and one test per malformed input the
// reader must refuse with a message naming the header and field.
#include <gtest/gtest.h>

#include <cstring>

#include "confwl/abi/crc32.h"
#include "confwl/igvm/file.h"

namespace confwl::igvm {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr uint32_t kSnp = 0x1, kTdx = 0x2;

Bytes page_of(uint8_t fill) { return Bytes(kPageSize, std::byte{fill}); }

PageDataDirective page(uint64_t gpa, uint32_t mask, Bytes data = {}) {
  return {PageData{gpa, mask, 0, 0, 0, 0}, std::move(data)};
}

File small_file() {
  File file;
  file.platforms = {{kSnp, 0, static_cast<uint8_t>(PlatformType::kSevSnp), 1, 0},
                    {kTdx, 0, static_cast<uint8_t>(PlatformType::kTdx), 1, 0}};
  file.policies = {{0x30000, kSnp, 0}};
  file.directives = {ParameterArea{kPageSize, 0, 0},
                     MemoryMapDirective{{0, 0}},
                     ParameterInsert{0x8000, kSnp | kTdx, 0},
                     page(0x9000, kSnp),
                     page(0x100000, kSnp | kTdx, page_of(0xAB)),
                     page(0x101000, kSnp | kTdx),
                     VpContextDirective{{0xFFFFFFFFF000, kSnp, 0, 0, 0}, page_of(0x5A)}};
  return file;
}

template <typename T>
T field(const Bytes& bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

template <typename T>
void patch(Bytes& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

// After changing a header byte, the checksum is made right again so that the check under test
// is the one that fails.
void refresh_checksum(Bytes& bytes) {
  const auto fixed = field<FixedHeader>(bytes, 0);
  patch<uint32_t>(bytes, offsetof(FixedHeader, checksum), 0);
  const uint32_t crc = abi::crc32_update(0, reinterpret_cast<const uint8_t*>(bytes.data()),
                                         fixed.variable_header_offset + fixed.variable_header_size);
  patch(bytes, offsetof(FixedHeader, checksum), crc);
}

// The offset of variable header `index` (its type/length pair).
size_t header_offset(const Bytes& bytes, size_t index) {
  size_t at = sizeof(FixedHeader);
  for (size_t i = 0; i < index; ++i) at += sizeof(VariableHeader) + (field<uint32_t>(bytes, at + 4) + 7) / 8 * 8;
  return at;
}

std::string read_error(const Bytes& bytes) {
  Result<File> file = read_igvm(bytes);
  return file ? "read succeeded" : file.error().message;
}

TEST(IgvmFormat, ChecksumIsTheZlibCrc32) {
  const char check[] = "123456789";  // the CRC catalogue's check input; CRC-32/ISO-HDLC gives 0xCBF43926
  EXPECT_EQ(abi::crc32_update(0, reinterpret_cast<const uint8_t*>(check), 9), 0xCBF43926u);
}

TEST(IgvmFormat, WriterLaysOutFixedHeaderTlvsAndFileData) {
  const Bytes bytes = write_igvm(small_file()).value();
  EXPECT_EQ(std::memcmp(bytes.data(), "IGVM", 4), 0);
  const auto fixed = field<FixedHeader>(bytes, 0);
  EXPECT_EQ(fixed.format_version, 1u);
  EXPECT_EQ(fixed.variable_header_offset, 24u);
  EXPECT_EQ(fixed.total_file_size, bytes.size());
  // Platforms (2 x 8 + 16), policy (8 + 16), area (8 + 16), map (8 + 8), insert (8 + 16),
  // 3 pages (3 x (8 + 24)), VP context (8 + 20, padded to 8 + 24).
  EXPECT_EQ(fixed.variable_header_size, 2 * 24u + 24 + 24 + 16 + 24 + 3 * 32 + 32);
  EXPECT_EQ(field<uint32_t>(bytes, 24), 0x1u);    // SUPPORTED_PLATFORM
  EXPECT_EQ(field<uint32_t>(bytes, 28), 16u);
  const size_t vp = header_offset(bytes, 9);
  EXPECT_EQ(field<uint32_t>(bytes, vp), 0x304u);  // VP_CONTEXT, length 20, 4 zero padding bytes
  EXPECT_EQ(field<uint32_t>(bytes, vp + 4), 20u);
  EXPECT_EQ(field<uint32_t>(bytes, vp + 8 + 20), 0u);
  // The first data page follows the headers; the zero pages have file_offset 0.
  const size_t data_page = header_offset(bytes, 7);
  EXPECT_EQ(field<uint32_t>(bytes, data_page + 8 + offsetof(PageData, file_offset)), 24 + fixed.variable_header_size);
  EXPECT_EQ(field<uint32_t>(bytes, header_offset(bytes, 6) + 8 + offsetof(PageData, file_offset)), 0u);
  Bytes copy = bytes;
  refresh_checksum(copy);
  EXPECT_EQ(copy, bytes);
}

TEST(IgvmFormat, RoundTripsByteForByte) {
  const Bytes bytes = write_igvm(small_file()).value();
  const File read = read_igvm(bytes).value();
  ASSERT_EQ(read.directives.size(), 7u);
  EXPECT_EQ(std::get<PageDataDirective>(read.directives[4]).data, page_of(0xAB));
  EXPECT_TRUE(std::get<PageDataDirective>(read.directives[5]).data.empty());
  EXPECT_EQ(std::get<VpContextDirective>(read.directives[6]).data, page_of(0x5A));
  EXPECT_EQ(write_igvm(read).value(), bytes);
}

TEST(IgvmReader, RefusesTruncatedFiles) {
  const Bytes bytes = write_igvm(small_file()).value();
  EXPECT_EQ(read_error(Bytes(bytes.begin(), bytes.begin() + 10)),
            "IGVM file: 10 bytes, truncated before the end of the 24-byte fixed header");
  EXPECT_PRED2(contains, read_error(Bytes(bytes.begin(), bytes.end() - 1)), ("IGVM fixed header: total_file_size " + std::to_string(bytes.size())));
}

TEST(IgvmReader, RefusesBadMagicVersionAndChecksum) {
  Bytes bytes = write_igvm(small_file()).value();
  Bytes bad_magic = bytes;
  bad_magic[0] = std::byte{'X'};
  EXPECT_PRED2(contains, read_error(bad_magic), ("IGVM fixed header: magic"));
  Bytes version = bytes;
  patch<uint32_t>(version, 4, 2);
  EXPECT_PRED2(contains, read_error(version), ("format_version 2, expected 1"));
  Bytes corrupted = bytes;
  corrupted[header_offset(bytes, 7) + 8] ^= std::byte{0x10};  // a page's gpa
  EXPECT_PRED2(contains, read_error(corrupted), ("IGVM fixed header: checksum"));
}

TEST(IgvmReader, RefusesUnknownRequiredTypesButSkipsOptionalOnes) {
  Bytes bytes = write_igvm(small_file()).value();
  const size_t map = header_offset(bytes, 4);  // MEMORY_MAP, 8 bytes: same size as any 8-byte body
  patch<uint32_t>(bytes, map, 0x3FF);
  refresh_checksum(bytes);
  EXPECT_EQ(read_error(bytes), "IGVM header 4 (unknown type): unknown type 0x3ff without the optional bit "
                               "(0x80000000): cannot load the file");
  patch<uint32_t>(bytes, map, 0x800003FF);
  refresh_checksum(bytes);
  EXPECT_EQ(read_igvm(bytes).value().directives.size(), 6u);
}

TEST(IgvmReader, RefusesUnsortedAndOverlappingPages) {
  File unsorted = small_file();
  std::swap(unsorted.directives[4], unsorted.directives[5]);
  EXPECT_EQ(read_error(write_igvm(unsorted).value()),
            "IGVM header 8 (PAGE_DATA): gpa 0x100000 overlaps or does not follow the previous page at 0x101000 "
            "(pages must ascend)");
  File twice = small_file();
  std::get<PageDataDirective>(twice.directives[5]).header.gpa = 0x100000;
  EXPECT_PRED2(contains, read_error(write_igvm(twice).value()), ("IGVM header 8 (PAGE_DATA): gpa 0x100000 overlaps"));
  File into_insert = small_file();
  std::get<PageDataDirective>(into_insert.directives[3]).header.gpa = 0x8000;
  EXPECT_EQ(read_error(write_igvm(into_insert).value()),
            "IGVM header 6 (PAGE_DATA): gpa 0x8000 overlaps an inserted parameter area");
}

TEST(IgvmReader, RefusesOffsetsOutsideTheFileData) {
  Bytes bytes = write_igvm(small_file()).value();
  const size_t page = header_offset(bytes, 7) + 8 + offsetof(PageData, file_offset);
  patch<uint32_t>(bytes, page, static_cast<uint32_t>(bytes.size() - 100));
  refresh_checksum(bytes);
  EXPECT_PRED2(contains, read_error(bytes), ("IGVM header 7 (PAGE_DATA): file_offset"));
  patch<uint32_t>(bytes, page, 24);  // inside the headers
  refresh_checksum(bytes);
  EXPECT_PRED2(contains, read_error(bytes), ("is not inside the file data"));
}

TEST(IgvmReader, RefusesLengthsPastTheHeaderSection) {
  Bytes bytes = write_igvm(small_file()).value();
  patch<uint32_t>(bytes, header_offset(bytes, 9) + 4, 0x7FFFFFFF);
  refresh_checksum(bytes);
  EXPECT_EQ(read_error(bytes), "IGVM header 9 (VP_CONTEXT): length 2147483647 passes the end of the variable headers");
  Bytes wrong_size = write_igvm(small_file()).value();
  patch<uint32_t>(wrong_size, header_offset(wrong_size, 9) + 4, 16);
  refresh_checksum(wrong_size);
  EXPECT_EQ(read_error(wrong_size), "IGVM header 9 (VP_CONTEXT): length 16, expected 20");
}

TEST(IgvmReader, RefusesNonZeroPadding) {
  Bytes bytes = write_igvm(small_file()).value();
  bytes[header_offset(bytes, 9) + 8 + 21] = std::byte{1};
  refresh_checksum(bytes);
  EXPECT_EQ(read_error(bytes), "IGVM header 9 (VP_CONTEXT): non-zero padding after the structure");
}

TEST(IgvmReader, RefusesUndeclaredMasksAndSectionsOutOfOrder) {
  File undeclared = small_file();
  std::get<PageDataDirective>(undeclared.directives[4]).header.compatibility_mask = 0x8;
  EXPECT_PRED2(contains, read_error(write_igvm(undeclared).value()), ("IGVM header 7 (PAGE_DATA): compatibility_mask 0x8 is empty or names no supported-platform header"));
  File same_bit = small_file();
  same_bit.platforms[1].compatibility_mask = kSnp;
  EXPECT_PRED2(contains, read_error(write_igvm(same_bit).value()), ("IGVM header 1 (SUPPORTED_PLATFORM): compatibility_mask 0x1"));
  Bytes bytes = write_igvm(small_file()).value();
  patch<uint32_t>(bytes, header_offset(bytes, 4), 0x1);  // MEMORY_MAP -> a platform header after directives
  refresh_checksum(bytes);
  EXPECT_EQ(read_error(bytes), "IGVM header 4 (SUPPORTED_PLATFORM): a platform or initialization header after a later section");
}

TEST(IgvmReader, RefusesSizesPast4GiBAnd2MiBPages) {
  File huge = small_file();
  std::get<ParameterArea>(huge.directives[0]).number_of_bytes = uint64_t{8} << 30;
  EXPECT_EQ(read_error(write_igvm(huge).value()),
            "IGVM header 3 (PARAMETER_AREA): number_of_bytes 0x200000000: expected a non-zero multiple of 4 KiB up to 4 GiB");
  File large_page = small_file();
  std::get<PageDataDirective>(large_page.directives[5]).header.flags = kPageFlagIs2MbPage;
  EXPECT_PRED2(contains, read_error(write_igvm(large_page).value()), ("IGVM header 8 (PAGE_DATA): flags 0x1"));
  File unaligned = small_file();
  std::get<PageDataDirective>(unaligned.directives[5]).header.gpa = 0x101800;
  EXPECT_PRED2(contains, read_error(write_igvm(unaligned).value()), ("gpa 0x101800: expected a 4 KiB aligned address"));
}

TEST(IgvmWriter, RefusesPagesThatAreNotOnePage) {
  File file = small_file();
  std::get<PageDataDirective>(file.directives[4]).data.resize(100);
  EXPECT_EQ(write_igvm(file).error().message, "IGVM writer: page data at 0x100000 is not one 4 KiB page");
}

}  // namespace
}  // namespace confwl::igvm
