// Checked arithmetic for offsets and sizes taken from untrusted input: every sum or product that
// decides what gets read goes through here, so an overflow is a rejected input, not a wrap.
#pragma once
#include <cstdint>
#include <optional>

namespace confwl {

template <typename T>
std::optional<T> checked_add(T a, T b) {
  T sum;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

template <typename T>
std::optional<T> checked_mul(T a, T b) {
  T product;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

// True when [offset, offset + size) lies inside [0, limit).
inline bool range_within(uint64_t offset, uint64_t size, uint64_t limit) {
  std::optional<uint64_t> end = checked_add(offset, size);
  return end && *end <= limit;
}

// Rounds up to a multiple of `alignment` (a power of two); nullopt on overflow.
inline std::optional<uint64_t> align_up(uint64_t value, uint64_t alignment) {
  std::optional<uint64_t> bumped = checked_add(value, alignment - 1);
  if (!bumped) return std::nullopt;
  return *bumped & ~(alignment - 1);
}

}  // namespace confwl
