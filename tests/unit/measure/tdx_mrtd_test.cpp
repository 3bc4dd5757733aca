#include "confwl/measure/tdx_mrtd.h"

#include <gtest/gtest.h>

#include <cstring>

#include "vectors.h"

namespace confwl::measure {
namespace {

TEST(TdxMrtd, ReproducesEveryMicroVector) {
  const nlohmann::json vectors = test::vector_json("measure-micro.json");
  ASSERT_FALSE(vectors.at("tdx").empty());
  for (const nlohmann::json& vector : vectors.at("tdx")) {
    TdxMrtd mrtd;
    for (const nlohmann::json& step : vector.at("steps")) {
      const std::string operation = step.at("op");
      const uint64_t gpa = test::parse_number(step.at("gpa"));
      if (operation == "PAGE.ADD+EXTEND") {
        mrtd.add_measured_page(gpa, test::described_page(step.at("contents")));
      } else {
        ASSERT_EQ(operation, "PAGE.ADD");
        mrtd.add_page(gpa);
      }
    }
    EXPECT_EQ(to_hex(mrtd.finish()), vector.at("expected").get<std::string>()) << vector.dump();
  }
}

TEST(TdxMrtd, EmptyTdIsTheHashOfNothing) { EXPECT_EQ(TdxMrtd().finish(), sha384({})); }

// The stream spelled out block by block: PAGE.ADD, then 16 x (MR.EXTEND header, 256-byte chunk).
TEST(TdxMrtd, StreamIsPageAddThenSixteenExtends) {
  const auto page = test::described_page("byte i = i & 0xff");
  std::vector<std::byte> stream;
  auto block = [&](const char* operation, uint64_t gpa) {
    std::array<std::byte, 128> bytes{};
    std::memcpy(bytes.data(), operation, std::strlen(operation));
    std::memcpy(bytes.data() + 16, &gpa, 8);
    stream.insert(stream.end(), bytes.begin(), bytes.end());
  };
  block("MEM.PAGE.ADD", 0x200000);
  for (uint64_t chunk = 0; chunk < 16; ++chunk) {
    block("MR.EXTEND", 0x200000 + chunk * 256);
    stream.insert(stream.end(), page.begin() + chunk * 256, page.begin() + (chunk + 1) * 256);
  }
  block("MEM.PAGE.ADD", 0x201000);
  TdxMrtd mrtd;
  mrtd.add_measured_page(0x200000, page);
  mrtd.add_page(0x201000);
  EXPECT_EQ(mrtd.finish(), sha384(stream));
}

TEST(TdxMrtd, RefusesUnalignedPages) {
  TdxMrtd mrtd;
  EXPECT_THROW(mrtd.add_page(0x800), std::invalid_argument);
}

}  // namespace
}  // namespace confwl::measure
