#include "confwl/size.h"

#include <array>
#include <charconv>

#include "confwl/checked.h"

namespace confwl {
namespace {

struct Suffix {
  std::string_view text;
  unsigned shift;
};

// Longest first, so "MiB" is not read as "M" followed by garbage.
constexpr std::array<Suffix, 6> kSuffixes{{
    {"KiB", 10}, {"MiB", 20}, {"GiB", 30}, {"K", 10}, {"M", 20}, {"G", 30},
}};

Error expected_size() { return Error{"expected " + std::string(kSizeSyntax)}; }

}  // namespace

Result<uint64_t> parse_size(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return expected_size();

  uint64_t number = 0;
  auto [end, status] = std::from_chars(text.data(), text.data() + digits, number);
  if (status != std::errc{} || end != text.data() + digits) return expected_size();

  const std::string_view suffix = text.substr(digits);
  if (suffix.empty()) return number;
  for (const Suffix& known : kSuffixes) {
    if (suffix != known.text) continue;
    std::optional<uint64_t> bytes = checked_mul(number, uint64_t{1} << known.shift);
    if (!bytes) return expected_size();
    return *bytes;
  }
  return expected_size();
}

std::string format_size(uint64_t bytes) {
  static constexpr std::array<Suffix, 3> kLargestFirst{{{"G", 30}, {"M", 20}, {"K", 10}}};
  for (const Suffix& suffix : kLargestFirst) {
    const uint64_t unit = uint64_t{1} << suffix.shift;
    if (bytes != 0 && bytes % unit == 0) return std::to_string(bytes / unit) + std::string(suffix.text);
  }
  return std::to_string(bytes);
}

}  // namespace confwl
