// For guest test programs that format a number where printf must not run: it may need stack or
// heap the program cannot have then (a page fault would be counted, or no memory is left).
#pragma once

// Writes value (>= 0) in decimal, NUL-terminated, to out (at least 21 bytes); returns out.
static char* decimal(char* out, long value) {
  char digits[24];
  int count = 0;
  do digits[count++] = (char)('0' + value % 10); while ((value /= 10) > 0);
  for (int i = 0; i < count; ++i) out[i] = digits[count - 1 - i];
  out[count] = '\0';
  return out;
}
