// Bytes from hexadecimal text typed by a user or read from a file (reports, report data).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "confwl/result.h"

namespace confwl::attestation {

// An even number of hex digits (either case), optionally prefixed by "0x"; ASCII whitespace
// between bytes is skipped. The error names `what` and the offending position.
Result<std::vector<uint8_t>> parse_hex_bytes(std::string_view text, const std::string& what);

}  // namespace confwl::attestation
