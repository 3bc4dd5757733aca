// The few C string functions the compiler and the kernel need (no libc in the kernel).
#pragma once
#include <stddef.h>

#if __STDC_HOSTED__
#include <string.h>  // tests/kernel compiles the pure kernel logic on the host, against its libc
#else
extern "C" {
void* memcpy(void* destination, const void* source, size_t size);
void* memmove(void* destination, const void* source, size_t size);
void* memset(void* destination, int value, size_t size);
int memcmp(const void* a, const void* b, size_t size);
size_t strlen(const char* string);
}
#endif

namespace kernel {

// Length of the NUL-terminated string in [string, string + limit), or limit if there is no NUL.
inline size_t bounded_strlen(const char* string, size_t limit) {
  size_t length = 0;
  while (length < limit && string[length] != '\0') ++length;
  return length;
}

// Whether two NUL-terminated strings are equal; usable in constant evaluation (tables built at
// compile time from names).
constexpr bool strings_equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

}  // namespace kernel
