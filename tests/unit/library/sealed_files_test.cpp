#include "confwl/sealed_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace confwl {
namespace {

std::vector<std::byte> bytes_of(std::string_view text) {
  const auto* begin = reinterpret_cast<const std::byte*>(text.data());
  return {begin, begin + text.size()};
}

std::string text_of(std::span<const std::byte> bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

TEST(SealedFiles, ArchiveIsSortedWithParentsAndFixedMetadata) {
  const std::vector<SealedFile> files{{"/etc/b.conf", bytes_of("bee\n"), false},
                                      {"/bin/tool", bytes_of("\x7f" "ELF"), true},
                                      {"/etc/a.conf", bytes_of(""), false}};
  Result<std::vector<std::byte>> archive = build_sealed_files_archive(files);
  ASSERT_TRUE(archive.ok()) << archive.error().message;
  const std::string raw = text_of(*archive);
  EXPECT_EQ(raw.substr(0, 6), "070701");
  EXPECT_NE(raw.find("TRAILER!!!"), std::string::npos);
  // newc header fields are 8 hex digits from offset 6: ino, mode, uid, gid, nlink, mtime, ...
  EXPECT_EQ(raw.substr(6, 8), "00000001");    // inode numbers count from 1, in order
  EXPECT_EQ(raw.substr(14, 8), "0000416d");   // /bin: a directory, 0555
  EXPECT_EQ(raw.substr(22, 16), std::string(16, '0'));  // uid, gid 0
  EXPECT_EQ(raw.substr(46, 8), "00000000");   // mtime 0

  Result<std::vector<SealedFileEntry>> listed = read_sealed_files_archive(*archive);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  std::vector<std::string> paths;
  for (const SealedFileEntry& entry : *listed) paths.push_back(entry.guest_path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/bin", "/bin/tool", "/etc", "/etc/a.conf", "/etc/b.conf"}));
  EXPECT_TRUE((*listed)[0].directory);
  EXPECT_EQ((*listed)[0].mode, 0555u);
  EXPECT_EQ((*listed)[1].mode, 0555u);
  EXPECT_EQ((*listed)[4].mode, 0444u);
  EXPECT_EQ((*listed)[4].size, 4u);
  EXPECT_EQ((*listed)[4].sha384, sha384(bytes_of("bee\n")));
}

TEST(SealedFiles, ListingWithoutDigestsLeavesThemZero) {
  const std::vector<SealedFile> files{{"/a", bytes_of("one"), false}, {"/b/c", bytes_of("three"), true}};
  const std::vector<std::byte> archive = *build_sealed_files_archive(files);
  Result<std::vector<SealedFileEntry>> full = read_sealed_files_archive(archive);
  Result<std::vector<SealedFileEntry>> bare = read_sealed_files_archive(archive, Digests::kSkip);
  ASSERT_TRUE(full.ok() && bare.ok());
  ASSERT_EQ(bare->size(), full->size());
  for (size_t index = 0; index < bare->size(); ++index) {
    EXPECT_EQ((*bare)[index].guest_path, (*full)[index].guest_path);
    EXPECT_EQ((*bare)[index].mode, (*full)[index].mode);
    EXPECT_EQ((*bare)[index].size, (*full)[index].size);
    EXPECT_EQ((*bare)[index].sha384, Sha384{});
  }
  EXPECT_EQ((*full)[2].sha384, sha384(bytes_of("three")));
  EXPECT_FALSE(read_sealed_files_archive(bytes_of("definitely not cpio"), Digests::kSkip).ok());
}

TEST(SealedFiles, SameFilesInAnyOrderGiveTheSameBytes) {
  const std::vector<SealedFile> one{{"/a", bytes_of("1"), false}, {"/b/c", bytes_of("2"), false}};
  const std::vector<SealedFile> other{{"/b/c", bytes_of("2"), false}, {"/a", bytes_of("1"), false}};
  EXPECT_EQ(*build_sealed_files_archive(one), *build_sealed_files_archive(other));
}

TEST(SealedFiles, ConflictsAreRefused) {
  const std::vector<SealedFile> twice{{"/a", {}, false}, {"/a", {}, false}};
  EXPECT_EQ(build_sealed_files_archive(twice).error().message, "sealed file /a is given twice");
  const std::vector<SealedFile> file_and_dir{{"/a", {}, false}, {"/a/b", {}, false}};
  EXPECT_EQ(build_sealed_files_archive(file_and_dir).error().message, "sealed file /a is also a directory of /a/b");
  const std::vector<SealedFile> dir_then_file{{"/a/b", {}, false}, {"/a", {}, false}};
  EXPECT_EQ(build_sealed_files_archive(dir_then_file).error().message,
            "sealed file /a is also a directory of another sealed file");
}

TEST(SealedFiles, GuestPathRules) {
  EXPECT_FALSE(sealed_file_path_problem("/etc/app.conf"));
  EXPECT_FALSE(sealed_file_path_problem("/tmpfile"));
  EXPECT_TRUE(sealed_file_path_problem("etc/app.conf"));
  EXPECT_TRUE(sealed_file_path_problem("/"));
  EXPECT_TRUE(sealed_file_path_problem("/etc/"));
  EXPECT_TRUE(sealed_file_path_problem("/etc//a"));
  EXPECT_TRUE(sealed_file_path_problem("/./a"));
  EXPECT_TRUE(sealed_file_path_problem("/proc/self/exe"));
  EXPECT_TRUE(sealed_file_path_problem("/dev"));
  EXPECT_TRUE(sealed_file_path_problem("/" + std::string(256, 'a')));
  EXPECT_TRUE(sealed_file_path_problem(std::string("/a\0b", 4)));
  // `--file GUEST=HOST` reaches the sidecar without the manifest's string checks.
  EXPECT_FALSE(sealed_file_path_problem("/etc/caf\xc3\xa9"));
  EXPECT_EQ(sealed_file_path_problem("/etc/\xff\xfe"), "the guest path is not UTF-8 text");
}

TEST(SealedFiles, GarbageIsNotAnArchive) {
  EXPECT_FALSE(read_sealed_files_archive(bytes_of("definitely not cpio")).ok());
}

}  // namespace
}  // namespace confwl
