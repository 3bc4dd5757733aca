#include "lib/format.h"

#include <stdint.h>

namespace kernel {
namespace {

class Writer {
 public:
  Writer(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}

  void put(char c) {
    if (length_ + 1 < capacity_) buffer_[length_++] = c;
  }
  void put_string(const char* string) {
    if (string == nullptr) string = "(null)";
    while (*string != '\0') put(*string++);
  }
  void put_unsigned(uint64_t value, unsigned base) {
    char digits[24];
    size_t count = 0;
    do {
      digits[count++] = "0123456789abcdef"[value % base];
      value /= base;
    } while (value != 0);
    while (count > 0) put(digits[--count]);
  }
  size_t finish() {
    if (capacity_ > 0) buffer_[length_] = '\0';
    return length_;
  }

 private:
  char* buffer_;
  size_t capacity_;
  size_t length_ = 0;
};

}  // namespace

size_t format_to(char* buffer, size_t capacity, const char* format, va_list arguments) {
  Writer out(buffer, capacity);
  for (const char* p = format; *p != '\0'; ++p) {
    if (*p != '%') {
      out.put(*p);
      continue;
    }
    ++p;
    bool wide = false;
    while (*p == 'l' || *p == 'z') {
      wide = true;
      ++p;
    }
    switch (*p) {
      case 's': out.put_string(va_arg(arguments, const char*)); break;
      case 'c': out.put(static_cast<char>(va_arg(arguments, int))); break;
      case 'd':
      case 'i': {
        int64_t value = wide ? va_arg(arguments, int64_t) : va_arg(arguments, int);
        if (value < 0) out.put('-');
        out.put_unsigned(value < 0 ? 0 - static_cast<uint64_t>(value) : value, 10);
        break;
      }
      case 'u': out.put_unsigned(wide ? va_arg(arguments, uint64_t) : va_arg(arguments, unsigned), 10); break;
      case 'x': out.put_unsigned(wide ? va_arg(arguments, uint64_t) : va_arg(arguments, unsigned), 16); break;
      case 'p':
        out.put_string("0x");
        out.put_unsigned(reinterpret_cast<uintptr_t>(va_arg(arguments, void*)), 16);
        break;
      case '%': out.put('%'); break;
      case '\0': return out.finish();
      default: out.put('%'); out.put(*p); break;
    }
  }
  return out.finish();
}

}  // namespace kernel
