#include "confwl/utf8.h"

#include <cstddef>

namespace confwl {

bool is_utf8(std::string_view text) {
  const auto byte = [&](size_t index) { return static_cast<unsigned char>(text[index]); };
  for (size_t index = 0; index < text.size();) {
    const unsigned char lead = byte(index);
    size_t length = 1;
    unsigned char second_low = 0x80, second_high = 0xbf;  // the range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0) second_low = 0xa0;   // overlong below U+0800
      if (lead == 0xed) second_high = 0x9f;  // surrogates U+D800..U+DFFF
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0) second_low = 0x90;   // overlong below U+10000
      if (lead == 0xf4) second_high = 0x8f;  // above U+10FFFF
    } else if (lead >= 0x80) {
      return false;
    }
    if (length > 1) {
      if (text.size() - index < length || byte(index + 1) < second_low || byte(index + 1) > second_high) return false;
      for (size_t next = index + 2; next < index + length; ++next)
        if ((byte(next) & 0xc0) != 0x80) return false;
    }
    index += length;
  }
  return true;
}

}  // namespace confwl
