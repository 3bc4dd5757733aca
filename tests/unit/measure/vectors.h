// Test helpers: the vector files in tests/measure/vectors and hex decoding.
#pragma once
#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "confwl/measure/page_hasher.h"

namespace confwl::test {

nlohmann::json vector_json(const std::string& name);
std::vector<std::byte> vector_bytes(const std::string& name);

// "4096 zero bytes" or "byte i = i & 0xff", the two page descriptions measure-micro.json uses.
std::array<std::byte, measure::kPageSize> described_page(const std::string& description);

uint64_t parse_number(const std::string& text);  // "0x..." or decimal

}  // namespace confwl::test
