// Memory sizes as people write them in manifests and on the command line.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "confwl/result.h"

namespace confwl {

// What parse_size accepts, for error messages that say what was expected.
inline constexpr std::string_view kSizeSyntax =
    "a size such as 64M, 1G or 65536 (bytes, or K, M, G, KiB, MiB, GiB: powers of 1024)";

// "65536", "64K", "64M", "64MiB", "1G", "1GiB" -> bytes. Suffixes are binary (K = 1024).
// Rejects signs, spaces, fractions, unknown suffixes and anything above 2^64 - 1; the error
// message is "expected <kSizeSyntax>".
Result<uint64_t> parse_size(std::string_view text);

// The shortest exact spelling parse_size reads back: 67108864 -> "64M", 1000 -> "1000".
std::string format_size(uint64_t bytes);

}  // namespace confwl
