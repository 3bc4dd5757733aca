// Whether bytes are UTF-8 text. The sealer checks the strings it seals with this: the JSON sidecar
// records them as UTF-8, so any other bytes would be recorded as U+FFFD, not as they were sealed.
#pragma once
#include <string_view>

namespace confwl {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_utf8(std::string_view text);

}  // namespace confwl
