// Hexadecimal text for digests and addresses in messages, tables and JSON.
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace confwl {

// Lowercase, two digits per byte: digests.
std::string to_hex(std::span<const uint8_t> bytes);

// "0x" and lowercase digits without leading zeros: addresses, offsets and flags.
std::string hex_number(uint64_t value);

}  // namespace confwl
