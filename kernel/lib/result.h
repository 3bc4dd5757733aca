// Expected<T, E>: a value or an error, and TRY to propagate the error. Result<T> is the common
// case: a value or a Linux errno. No exceptions exist in the kernel, so this is how every fallible
// function reports failure.
#pragma once
#include "lib/errno.h"

namespace kernel {

struct Unit {};

template <typename T, typename E>
class [[nodiscard]] Expected {
 public:
  constexpr Expected(T value) : value_(value), ok_(true) {}
  constexpr Expected(E error) : error_(error), ok_(false) {}

  constexpr bool ok() const { return ok_; }
  constexpr const T& value() const { return value_; }
  constexpr T& value() { return value_; }
  constexpr E error() const { return error_; }

 private:
  T value_{};
  E error_{};
  bool ok_;
};

template <typename T>
using Result = Expected<T, Errno>;
using Status = Result<Unit>;

inline constexpr Unit kOk{};

}  // namespace kernel

// Evaluates a Result/Expected; on error returns the error from the enclosing function, otherwise
// yields the value.
#define TRY(expression)                                        \
  ({                                                           \
    auto try_result_ = (expression);                           \
    if (!try_result_.ok()) return try_result_.error();         \
    try_result_.value();                                       \
  })
