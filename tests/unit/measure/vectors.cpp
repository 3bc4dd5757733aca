#include "vectors.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace confwl::test {

std::vector<std::byte> vector_bytes(const std::string& name) {
  std::ifstream in(std::string(CONFWL_MEASURE_VECTORS) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read vector file " + name);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  for (size_t index = 0; index < chars.size(); ++index) bytes[index] = static_cast<std::byte>(chars[index]);
  return bytes;
}

nlohmann::json vector_json(const std::string& name) {
  const std::vector<std::byte> bytes = vector_bytes(name);
  return nlohmann::json::parse(reinterpret_cast<const char*>(bytes.data()),
                               reinterpret_cast<const char*>(bytes.data() + bytes.size()));
}

std::array<std::byte, measure::kPageSize> described_page(const std::string& description) {
  std::array<std::byte, measure::kPageSize> page{};
  if (description == "byte i = i & 0xff") {
    for (size_t index = 0; index < page.size(); ++index) page[index] = static_cast<std::byte>(index & 0xFF);
  } else if (description != "4096 zero bytes") {
    throw std::runtime_error("unknown page description: " + description);
  }
  return page;
}

uint64_t parse_number(const std::string& text) { return std::stoull(text, nullptr, 0); }

}  // namespace confwl::test
