// A small printf-style formatter into a caller's buffer: %s %c %d %u %x %p %%, with the length
// modifiers l, ll and z. Enough for kernel messages; no floating point (the kernel has no SSE).
#pragma once
#include <stdarg.h>
#include <stddef.h>

namespace kernel {

// Writes at most capacity - 1 characters and a NUL; returns the characters written.
size_t format_to(char* buffer, size_t capacity, const char* format, va_list arguments);

}  // namespace kernel
