#include "confwl/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace confwl {
namespace {

TEST(Utf8, AcceptsEveryLengthUpToTheLastCodePoint) {
  EXPECT_TRUE(is_utf8(""));
  EXPECT_TRUE(is_utf8("plain ASCII"));
  EXPECT_TRUE(is_utf8("\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92"));  // é € 🔒
  EXPECT_TRUE(is_utf8("\xf4\x8f\xbf\xbf"));                        // U+10FFFF
}

TEST(Utf8, RefusesWhatRfc3629Forbids) {
  EXPECT_FALSE(is_utf8("\xff"));              // never a UTF-8 byte
  EXPECT_FALSE(is_utf8("\x80"));              // a continuation byte with no lead
  EXPECT_FALSE(is_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_utf8("\xe0\x80\xaf"));      // overlong, three bytes
  EXPECT_FALSE(is_utf8("\xed\xa0\x80"));      // a surrogate, U+D800
  EXPECT_FALSE(is_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_utf8("\xe2\x82"));          // cut short
  EXPECT_FALSE(is_utf8("\xe2\x28\xac"));      // a bad continuation byte
}

}  // namespace
}  // namespace confwl
