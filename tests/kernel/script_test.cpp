// The #! line of a script as Linux's binfmt_script reads it (kernel/process/script.h): the
// interpreter, at most one argument (blanks inside kept), and the 256-byte limit.
#include "process/script.h"

#include <gtest/gtest.h>

#include <string>

namespace kernel {
namespace {

struct Parsed {
  bool ok;
  std::string interpreter;
  std::string argument;  // "<none>" when there is none
};

Parsed parse(const std::string& text) {
  ScriptLine line;
  bool ok = parse_script_line(reinterpret_cast<const uint8_t*>(text.data()), text.size(), line);
  if (!ok) return Parsed{false, "", ""};
  return Parsed{true, line.interpreter, line.argument != nullptr ? line.argument : "<none>"};
}

TEST(ScriptLine, InterpreterAlone) {
  Parsed parsed = parse("#!/bin/sh\necho hi\n");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.interpreter, "/bin/sh");
  EXPECT_EQ(parsed.argument, "<none>");
}

TEST(ScriptLine, BlanksAroundAndOneArgumentWithBlanksInside) {
  Parsed parsed = parse("#! \t/bin/busybox  sh -e  \t\nrest");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.interpreter, "/bin/busybox");
  EXPECT_EQ(parsed.argument, "sh -e");
}

TEST(ScriptLine, NoNewlineInAShortFile) {
  Parsed parsed = parse("#!/bin/busybox sh");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.interpreter, "/bin/busybox");
  EXPECT_EQ(parsed.argument, "sh");
}

TEST(ScriptLine, NotAScriptOrNoInterpreter) {
  EXPECT_FALSE(parse("\x7f" "ELF").ok);
  EXPECT_FALSE(parse("#").ok);
  EXPECT_FALSE(parse("#!").ok);
  EXPECT_FALSE(parse("#!   \t \nx").ok);
  EXPECT_FALSE(is_script(reinterpret_cast<const uint8_t*>("#!"), 1));
}

TEST(ScriptLine, LongLineKeepsAWholeNameAndCutsTheArgument) {
  // No newline within 256 bytes: fine while the name ends inside the buffer (the argument is cut
  // at byte 255), refused when the name itself may go on.
  std::string argument(400, 'a');
  Parsed parsed = parse("#!/bin/busybox " + argument + "\n");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.interpreter, "/bin/busybox");
  EXPECT_EQ(parsed.argument, std::string(255 - 15, 'a'));
  EXPECT_FALSE(parse("#!/" + std::string(300, 'b') + " sh\n").ok);
  EXPECT_FALSE(parse("#!" + std::string(300, ' ')).ok);
}

TEST(ScriptLine, ALineEndingExactlyAtTheLimit) {
  std::string name = "/" + std::string(252, 'c');  // "#!" + 253 bytes + "\n" = 256 bytes
  Parsed parsed = parse("#!" + name + "\n");
  ASSERT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.interpreter, name);
}

}  // namespace
}  // namespace kernel
