// Where the process start state begins (kernel/loader/stack_layout.h): the loader maps the pages
// from this %rsp up before initial_stack.cpp writes there, so it must count every byte it writes.
#include "loader/stack_layout.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kernel {
namespace {

constexpr uint64_t kTop = 0x7fff'ffff'f000;

struct Arguments {
  std::vector<std::string> argv, envp;

  ProgramArguments vectors() const {
    ProgramArguments out{};
    for (const std::string& arg : argv) out.argv[out.argc++] = arg.c_str();
    for (const std::string& env : envp) out.envp[out.envc++] = env.c_str();
    return out;
  }
};

// The bytes the start state needs, counted the way initial_stack.cpp writes them.
uint64_t needed_bytes(const Arguments& arguments) {
  uint64_t strings = kRandomBytes + sizeof kPlatformString;
  for (const std::string& arg : arguments.argv) strings += arg.size() + 1;
  for (const std::string& env : arguments.envp) strings += env.size() + 1;
  uint64_t words = 1 + arguments.argv.size() + 1 + arguments.envp.size() + 1 + 2 * kAuxPairs;
  return strings + words * 8;
}

TEST(StackLayout, CountsArgcVectorsAndTheAuxiliaryVector) {
  Arguments arguments{{"hello", "world"}, {"HOME=/"}};
  EXPECT_EQ(start_vector_words(arguments.vectors()), 1u + 3u + 2u + 2u * kAuxPairs);
}

TEST(StackLayout, RspIsAlignedAndLeavesRoomForEverything) {
  for (size_t length : {0u, 1u, 7u, 8u, 15u, 100u, 5000u}) {
    Arguments arguments{{"program", std::string(length, 'a')}, {"PATH=/bin", std::string(length, 'e')}};
    ProgramArguments vectors = arguments.vectors();
    uint64_t rsp = initial_stack_pointer(vectors, kTop);
    EXPECT_EQ(rsp % 16, 0u) << length;
    EXPECT_GE(kTop - rsp, needed_bytes(arguments)) << length;
    EXPECT_LT(kTop - rsp, needed_bytes(arguments) + 16) << length;  // padding only for the alignment
  }
}

TEST(StackLayout, ManyLongArgumentsSpanSeveralPages) {
  Arguments arguments;
  for (int i = 0; i < 64; ++i) arguments.argv.push_back(std::string(300, static_cast<char>('a' + i % 26)));
  uint64_t rsp = initial_stack_pointer(arguments.vectors(), kTop);
  EXPECT_GT(kTop - rsp, 4u * 4096u);
  EXPECT_GE(kTop - rsp, needed_bytes(arguments));
}

}  // namespace
}  // namespace kernel
