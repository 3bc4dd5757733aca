#include "hostcall/runtime_args.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> reply(uint32_t argc, const std::string& strings) {
  std::vector<uint8_t> out(8 + strings.size());
  std::memcpy(out.data(), &argc, 4);
  std::memcpy(out.data() + 8, strings.data(), strings.size());
  return out;
}

std::string parse(const std::vector<uint8_t>& payload, std::vector<std::string>* args = nullptr) {
  const char* out[4];
  auto parsed = kernel::parse_args_reply(payload.data(), static_cast<uint32_t>(payload.size()), out, 4);
  if (!parsed.ok()) return parsed.error().message;
  if (args != nullptr) args->assign(out, out + parsed.value());
  return "ok";
}

TEST(RuntimeArgs, ParsesExactlyArgcStrings) {
  std::vector<std::string> args;
  EXPECT_EQ(parse(reply(2, std::string("x y\0z\0", 6)), &args), "ok");
  EXPECT_EQ(args, (std::vector<std::string>{"x y", "z"}));
  EXPECT_EQ(parse(reply(0, "")), "ok");
}

TEST(RuntimeArgs, RejectsMalformedReplies) {
  EXPECT_EQ(parse({1, 0, 0}), "runtime args: reply shorter than its header");
  EXPECT_EQ(parse(reply(5, "")), "runtime args: too many arguments");
  EXPECT_EQ(parse(reply(2, std::string("a\0", 2))), "runtime args: fewer strings than argc");
  EXPECT_EQ(parse(reply(1, "abc")), "runtime args: a string has no NUL terminator");
  EXPECT_EQ(parse(reply(1, std::string("a\0b\0", 4))), "runtime args: bytes after the last string");
  std::vector<uint8_t> reserved = reply(0, "");
  reserved[4] = 1;
  EXPECT_EQ(parse(reserved), "runtime args: reserved field is not 0");
}

}  // namespace
