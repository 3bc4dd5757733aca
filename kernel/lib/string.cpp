#include "lib/string.h"

#include <stdint.h>

// rep movsb/stosb: short, fast on every CPU with ERMS, and never turned back into a call to
// memcpy by the optimizer (which would recurse).
extern "C" void* memcpy(void* destination, const void* source, size_t size) {
  void* result = destination;
  asm volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(size) : : "memory");
  return result;
}

extern "C" void* memmove(void* destination, const void* source, size_t size) {
  auto* to = static_cast<uint8_t*>(destination);
  const auto* from = static_cast<const uint8_t*>(source);
  if (to <= from || to >= from + size) return memcpy(destination, source, size);
  // Overlapping with the destination above the source: copy backwards.
  const uint8_t* last_from = from + size - 1;
  uint8_t* last_to = to + size - 1;
  asm volatile("std\n\trep movsb\n\tcld"
               : "+D"(last_to), "+S"(last_from), "+c"(size)
               :
               : "memory");
  return destination;
}

extern "C" void* memset(void* destination, int value, size_t size) {
  void* result = destination;
  asm volatile("rep stosb" : "+D"(destination), "+c"(size) : "a"(value) : "memory");
  return result;
}

extern "C" int memcmp(const void* a, const void* b, size_t size) {
  const auto* left = static_cast<const uint8_t*>(a);
  const auto* right = static_cast<const uint8_t*>(b);
  for (size_t i = 0; i < size; ++i) {
    if (left[i] != right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return 0;
}

extern "C" size_t strlen(const char* string) {
  size_t length = 0;
  while (string[length] != '\0') ++length;
  return length;
}
