#include "fs/cpio.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

// One newc member: header, name + NUL padded to 4, data padded to 4.
std::string member(const std::string& name, unsigned mode, const std::string& data) {
  char header[111];
  std::snprintf(header, sizeof header, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u, mode, 0u, 0u,
                1u, 0u, static_cast<unsigned>(data.size()), 0u, 0u, 0u, 0u, static_cast<unsigned>(name.size() + 1), 0u);
  std::string out(header, 110);
  out += name;
  out.push_back('\0');
  while (out.size() % 4 != 0) out.push_back('\0');
  out += data;
  while (out.size() % 4 != 0) out.push_back('\0');
  return out;
}

std::string trailer() { return member("TRAILER!!!", 0, ""); }

struct Seen {
  std::string name;
  unsigned mode;
  std::string data;
};

std::string parse(const std::string& archive, std::vector<Seen>* seen = nullptr) {
  auto bytes = reinterpret_cast<const uint8_t*>(archive.data());
  auto result = kernel::for_each_cpio_entry(bytes, archive.size(), [&](const kernel::CpioEntry& entry) {
    if (seen != nullptr) {
      seen->push_back({std::string(entry.name, entry.name_length), entry.mode,
                       entry.data ? std::string(reinterpret_cast<const char*>(entry.data), entry.size) : ""});
    }
    return kernel::Expected<kernel::Unit, kernel::BootError>(kernel::kOk);
  });
  return result.ok() ? "ok" : result.error().message;
}

TEST(Cpio, ReadsMembersInOrder) {
  std::vector<Seen> seen;
  std::string archive = member("etc", 040755, "") + member("./etc/app.conf", 0100644, "key=value\n") +
                        member("/bin/x", 0100755, "abc") + trailer() + std::string(300, '\0');
  ASSERT_EQ(parse(archive, &seen), "ok");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].name, "etc");
  EXPECT_EQ(seen[1].name, "etc/app.conf");
  EXPECT_EQ(seen[1].data, "key=value\n");
  EXPECT_EQ(seen[2].name, "bin/x");
  EXPECT_EQ(seen[2].mode, 0100755u);
  EXPECT_EQ(seen[2].data, "abc");
}

TEST(Cpio, RequiresATrailer) {
  EXPECT_EQ(parse(member("a", 0100644, "x")), "sealed files: the archive has no TRAILER!!! entry");
  EXPECT_EQ(parse(""), "sealed files: the archive has no TRAILER!!! entry");
}

TEST(Cpio, RejectsBadMagicAndFields) {
  std::string archive = member("a", 0100644, "x") + trailer();
  std::string bad = archive;
  bad[5] = '2';  // 070702: the CRC variant
  EXPECT_EQ(parse(bad), "sealed files: bad member magic (expected newc 070701)");
  bad = archive;
  bad[20] = 'g';
  EXPECT_EQ(parse(bad), "sealed files: a member header has a non-hex field");
  bad = archive;
  bad[6 + 12 * 8] = 'z';  // the check field
  EXPECT_EQ(parse(bad), "sealed files: a member header has a non-hex field");
}

TEST(Cpio, RejectsSizesPastTheEnd) {
  std::string archive = member("a", 0100644, "xyz") + trailer();
  std::string bad = archive;
  bad.replace(6 + 6 * 8, 8, "FFFFFFFF");  // filesize
  EXPECT_EQ(parse(bad), "sealed files: a member's data runs past the archive");
  bad = archive;
  bad.replace(6 + 11 * 8, 8, "00001000");  // namesize 4096
  EXPECT_EQ(parse(bad), "sealed files: a member name runs past the archive");
  bad = archive;
  bad.replace(6 + 11 * 8, 8, "00001001");
  EXPECT_EQ(parse(bad), "sealed files: a member name size is outside 2..4096");
  bad = archive;
  bad.replace(6 + 11 * 8, 8, "00000001");
  EXPECT_EQ(parse(bad), "sealed files: a member name size is outside 2..4096");
  EXPECT_EQ(parse(archive.substr(0, 100)), "sealed files: a member header runs past the archive");
  for (size_t size = 0; size < archive.size() - 112; ++size) EXPECT_NE(parse(archive.substr(0, size)), "ok") << size;
}

TEST(Cpio, RejectsBadNames) {
  std::string archive = member("ab", 0100644, "x") + trailer();
  std::string bad = archive;
  bad.replace(6 + 11 * 8, 8, "00000002");  // name "a" + 'b' where the NUL should be
  EXPECT_EQ(parse(bad), "sealed files: a member name is not NUL-terminated exactly at its name size");
  EXPECT_EQ(parse(member("a/../b", 0100644, "") + trailer()), "sealed files: a member name has a \".\" or \"..\" component");
  EXPECT_EQ(parse(member("a//b", 0100644, "") + trailer()), "sealed files: a member name has an empty component");
  EXPECT_EQ(parse(member(".", 040755, "") + trailer()), "sealed files: a member names the root");
  EXPECT_EQ(parse(member(std::string(256, 'n'), 0100644, "") + trailer()),
            "sealed files: a member name has a component longer than 255 bytes");
}

TEST(Cpio, AcceptsOnlyFilesAndDirectories) {
  EXPECT_EQ(parse(member("link", 0120777, "target") + trailer()),
            "sealed files: a member is neither a regular file nor a directory");
  EXPECT_EQ(parse(member("dir", 040755, "data") + trailer()), "sealed files: a directory member has data");
}

TEST(Cpio, RejectsGarbageAfterTheTrailer) {
  EXPECT_EQ(parse(member("a", 0100644, "x") + trailer() + "junk"),
            "sealed files: bytes other than padding follow the trailer");
}

}  // namespace
