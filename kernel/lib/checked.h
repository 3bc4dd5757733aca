// Overflow-checked arithmetic for every offset and length that comes from an untrusted source
// (the host, the boot config, the workload ELF, syscall arguments).
#pragma once
#include <stdint.h>

namespace kernel {

// Sets *sum and returns true if a + b does not overflow.
inline constexpr bool checked_add(uint64_t a, uint64_t b, uint64_t* sum) {
  return !__builtin_add_overflow(a, b, sum);
}

inline constexpr bool checked_mul(uint64_t a, uint64_t b, uint64_t* product) {
  return !__builtin_mul_overflow(a, b, product);
}

// True if [offset, offset + size) lies inside [0, limit).
inline constexpr bool range_within(uint64_t offset, uint64_t size, uint64_t limit) {
  uint64_t end = 0;
  return checked_add(offset, size, &end) && end <= limit;
}

inline constexpr uint64_t align_down(uint64_t value, uint64_t alignment) {
  return value & ~(alignment - 1);
}

// Sets *aligned and returns true if rounding value up to alignment does not overflow.
inline constexpr bool checked_align_up(uint64_t value, uint64_t alignment, uint64_t* aligned) {
  uint64_t biased = 0;
  if (!checked_add(value, alignment - 1, &biased)) return false;
  *aligned = align_down(biased, alignment);
  return true;
}

inline constexpr bool is_aligned(uint64_t value, uint64_t alignment) {
  return (value & (alignment - 1)) == 0;
}

// a * b / c without intermediate overflow; UINT64_MAX if the quotient does not fit (or c is 0).
// Uses divq directly: a 128-by-64 division would otherwise call into compiler-rt.
inline uint64_t multiply_divide(uint64_t a, uint64_t b, uint64_t c) {
  unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  auto high = static_cast<uint64_t>(product >> 64);
  auto low = static_cast<uint64_t>(product);
  if (c == 0 || high >= c) return ~0ull;
  uint64_t quotient, remainder;
  asm("divq %4" : "=a"(quotient), "=d"(remainder) : "0"(low), "1"(high), "r"(c));
  return quotient;
}

}  // namespace kernel
