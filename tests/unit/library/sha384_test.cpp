#include "confwl/sha384.h"

#include <gtest/gtest.h>

#include "elf_builder.h"

namespace confwl {
namespace {

using test::bytes_of;

// FIPS 180-2 appendix D and the empty-message digest.
TEST(Sha384, MatchesKnownVectors) {
  EXPECT_EQ(to_hex(sha384(bytes_of("abc"))),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(to_hex(sha384({})),
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
            "274edebfe76f65fbd51ad2f14898b95b");
  EXPECT_EQ(to_hex(sha384(bytes_of("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                   "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"))),
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
            "fcc7c71a557e2db966c3e9fa91746039");
}

TEST(Sha384, IncrementalEqualsOneShot) {
  const std::vector<std::byte> message = bytes_of("the quick brown fox jumps over the lazy dog");
  Sha384Hasher hasher;
  hasher.update(std::span(message).first(10));
  hasher.update(std::span(message).subspan(10));
  EXPECT_EQ(hasher.finish(), sha384(message));
}

TEST(Hex, FormatsDigestsAndNumbers) {
  const uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa5ff");
  EXPECT_EQ(hex_number(0), "0x0");
  EXPECT_EQ(hex_number(0x400000), "0x400000");
  EXPECT_EQ(hex_number(UINT64_MAX), "0xffffffffffffffff");
}

}  // namespace
}  // namespace confwl
