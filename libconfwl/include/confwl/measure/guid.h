// EFI GUIDs as firmware stores them: the first three fields little-endian, the last eight bytes
// in order ("mixed endian", Python's uuid.bytes_le).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace confwl::measure {

using Guid = std::array<uint8_t, 16>;

namespace detail {
consteval uint8_t hex_digit(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
  throw "GUID text: expected lowercase hexadecimal digits";
}
consteval uint8_t hex_byte(const char* text) { return static_cast<uint8_t>(hex_digit(text[0]) << 4 | hex_digit(text[1])); }
}  // namespace detail

// "96b582de-1fb2-45f7-baea-a366c55a082d" -> stored bytes; a malformed literal does not compile.
consteval Guid guid(const char (&text)[37]) {
  // Text position of each stored byte: fields 1-3 reversed, then the rest in order.
  constexpr int kPosition[16] = {6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34};
  if (text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') throw "GUID text: misplaced '-'";
  Guid stored{};
  for (int index = 0; index < 16; ++index) stored[index] = detail::hex_byte(text + kPosition[index]);
  return stored;
}

// The canonical text form of a stored GUID, for messages.
std::string guid_text(const Guid& stored);

}  // namespace confwl::measure
