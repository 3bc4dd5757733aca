#include "lib/string.h"

#include <stdint.h>

// rep movsq/stosq for the 8-byte words, then rep movsb/stosb for the rest: short, fast on every CPU
// with ERMS, and never turned back into a call to memcpy by the optimizer (which would recurse).
// Words rather than bytes because under QEMU's software emulation each iteration of a rep
// instruction costs about as much as a basic block: zeroing a page byte by byte is 4096 of them.
// Never inlined: each rep instruction starts and ends a block that QEMU translates (~3 us each, the
// first time it runs), so one shared copy is translated once where an inlined copy at each of the
// boot path's dozen call sites was translated at each (bench/README.md, fifth pass).
extern "C" [[gnu::noinline]] void* memcpy(void* destination, const void* source, size_t size) {
  void* result = destination;
  size_t words = size / 8;
  asm volatile("rep movsq\n\tmov %3, %%rcx\n\trep movsb"
               : "+D"(destination), "+S"(source), "+c"(words)
               : "r"(size % 8)
               : "memory");
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

extern "C" [[gnu::noinline]] void* memset(void* destination, int value, size_t size) {
  void* result = destination;
  size_t words = size / 8;
  uint64_t pattern = static_cast<uint8_t>(value) * 0x0101010101010101ull;
  asm volatile("rep stosq\n\tmov %3, %%rcx\n\trep stosb"
               : "+D"(destination), "+c"(words)
               : "a"(pattern), "r"(size % 8)
               : "memory");
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
