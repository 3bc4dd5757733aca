#include "confwl/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "elf_builder.h"

namespace confwl {
namespace {

namespace fs = std::filesystem;
using test::bytes_of;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::path(::testing::TempDir()) /
                 ("confwl-atomic-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path directory_;
};

TEST_F(AtomicFileTest, WritesAndReadsBack) {
  const fs::path path = directory_ / "image.confwl";
  ASSERT_TRUE(write_file_atomically(path, bytes_of("first")).ok());
  ASSERT_TRUE(write_file_atomically(path, bytes_of("second, longer")).ok());
  Result<std::vector<std::byte>> read = read_file(path);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, bytes_of("second, longer"));
  EXPECT_EQ(entries(), std::vector<std::string>{"image.confwl"});
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST_F(AtomicFileTest, ReadsAnEmptyFile) {
  ASSERT_TRUE(write_file_atomically(directory_ / "empty", {}).ok());
  Result<std::vector<std::byte>> read = read_file(directory_ / "empty");
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
}

TEST_F(AtomicFileTest, FailedRenameLeavesNoTemporaryFile) {
  // The final path is a directory, so the rename fails after the temporary file was written.
  const fs::path path = directory_ / "occupied";
  fs::create_directory(path);
  Status written = write_file_atomically(path, bytes_of("data"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().message, path.string() + ": cannot rename the new file into place: is a directory");
  EXPECT_EQ(entries(), std::vector<std::string>{"occupied"});
}

// A FIFO stands in for a device node such as /dev/null, which must not become a regular file.
TEST_F(AtomicFileTest, RefusesToReplaceAFifo) {
  const fs::path fifo = directory_ / "image.confwl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Status written = write_file_atomically(fifo, bytes_of("data"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().message, fifo.string() + ": exists and is not a regular file; refusing to replace it");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(entries(), std::vector<std::string>{"image.confwl"});
}

TEST_F(AtomicFileTest, CommitRefusesAFifoThatAppearedAfterTheWrite) {
  const fs::path path = directory_ / "image.confwl";
  {
    Result<PendingFile> pending = PendingFile::write(path, bytes_of("data"));
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    Status committed = pending->commit();
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().message, path.string() + ": exists and is not a regular file; refusing to replace it");
  }
  EXPECT_TRUE(fs::is_fifo(path));
  EXPECT_EQ(entries(), std::vector<std::string>{"image.confwl"});
}

TEST_F(AtomicFileTest, MissingDirectoryIsAnErrorAndCreatesNothing) {
  const fs::path path = directory_ / "missing" / "image.confwl";
  Status written = write_file_atomically(path, bytes_of("data"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().message,
            (directory_ / "missing").string() + ": cannot create a file there: no such file or directory");
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFileTest, UncommittedPendingFileIsRemoved) {
  const fs::path path = directory_ / "image.confwl";
  {
    Result<PendingFile> pending = PendingFile::write(path, bytes_of("data"));
    ASSERT_TRUE(pending.ok());
    EXPECT_EQ(entries().size(), 1u);
    EXPECT_FALSE(fs::exists(path));
  }
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFileTest, ReadErrorsNameThePath) {
  Result<std::vector<std::byte>> missing = read_file(directory_ / "absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, (directory_ / "absent").string() + ": no such file or directory");

  Result<std::vector<std::byte>> directory = read_file(directory_);
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error().message, directory_.string() + ": is a directory");
}

// st_size is 0 for /proc files: reading only st_size bytes sealed them empty.
TEST_F(AtomicFileTest, ReadsAFileWhoseSizeStatDoesNotReport) {
  Result<std::vector<std::byte>> read = read_file("/proc/self/status");
  ASSERT_TRUE(read.ok()) << read.error().message;
  const std::string text(reinterpret_cast<const char*>(read->data()), read->size());
  EXPECT_TRUE(text.starts_with("Name:")) << text;
  EXPECT_NE(text.find("\nPid:"), std::string::npos) << text;
}

// Opening a FIFO for reading waits for a writer: a plain open() would hang here (ctest's timeout).
TEST_F(AtomicFileTest, FifoIsRefusedWithoutWaitingForAWriter) {
  const fs::path fifo = directory_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Result<std::vector<std::byte>> read = read_file(fifo);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, fifo.string() + ": not a regular file");
}

TEST_F(AtomicFileTest, UnreadableFileIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files regardless of their mode";
  const fs::path path = directory_ / "secret";
  ASSERT_TRUE(write_file_atomically(path, bytes_of("data")).ok());
  fs::permissions(path, fs::perms::none);
  Result<std::vector<std::byte>> read = read_file(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, path.string() + ": permission denied");
}

}  // namespace
}  // namespace confwl
