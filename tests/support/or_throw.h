// Test support: a Result's value, or std::runtime_error with its error message (for test tools and
// benchmarks that report a failure by throwing).
#pragma once

#include <stdexcept>
#include <utility>

#include "confwl/result.h"

namespace confwl::test {

template <typename T>
T or_throw(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(*result);
}

}  // namespace confwl::test
