#include "confwl/spelling.h"

#include <gtest/gtest.h>

#include <array>

namespace confwl {
namespace {

constexpr std::array<std::string_view, 6> kKeys{"name", "args", "env", "runtime_args", "resources", "kernel"};

TEST(ClosestMatch, FindsTyposAndSwaps) {
  EXPECT_EQ(closest_match("argz", kKeys), "args");
  EXPECT_EQ(closest_match("nmae", kKeys), "name");
  EXPECT_EQ(closest_match("runtime-args", kKeys), "runtime_args");
  EXPECT_EQ(closest_match("resource", kKeys), "resources");
  EXPECT_EQ(closest_match("kernal", kKeys), "kernel");
}

TEST(ClosestMatch, IgnoresUnrelatedWords) {
  EXPECT_EQ(closest_match("colour", kKeys), std::nullopt);
  EXPECT_EQ(closest_match("x", kKeys), std::nullopt);
  EXPECT_EQ(closest_match("memory", kKeys), std::nullopt);
  EXPECT_EQ(closest_match("args", std::span<const std::string_view>{}), std::nullopt);
}

}  // namespace
}  // namespace confwl
