#include "confwl/attestation/hex_bytes.h"

namespace confwl::attestation {
namespace {

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A character from untrusted text, safe to print: 'x', or byte 0x1b for control and non-ASCII bytes.
std::string shown(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return "'" + std::string(1, c) + "'";
  const char digits[] = "0123456789abcdef";
  return std::string("byte 0x") + digits[byte >> 4] + digits[byte & 0xf];
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

Result<std::vector<uint8_t>> parse_hex_bytes(std::string_view text, const std::string& what) {
  const size_t start = text.starts_with("0x") || text.starts_with("0X") ? 2 : 0;
  std::vector<uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  for (size_t index = start; index < text.size();) {
    if (is_space(text[index])) {
      ++index;
      continue;
    }
    const int high = digit_value(text[index]);
    const int low = index + 1 < text.size() ? digit_value(text[index + 1]) : -1;
    if (high < 0 || low < 0)
      return Error{what + ": expected hex digit pairs, found " +
                   (high < 0 ? shown(text[index]) : std::string("a lone digit")) +
                   " at offset " + std::to_string(index)};
    bytes.push_back(static_cast<uint8_t>(high << 4 | low));
    index += 2;
  }
  return bytes;
}

}  // namespace confwl::attestation
