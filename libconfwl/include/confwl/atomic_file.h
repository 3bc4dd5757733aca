// Whole-file reads and atomic writes: a reader sees either the old file or the complete new one,
// and a failed write leaves nothing behind.
#pragma once
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "confwl/result.h"

namespace confwl {

// A file written to a temporary name in its final directory and fsync'ed, waiting to be renamed
// into place by commit(). Destroying it uncommitted removes the temporary file. Only a regular file
// is replaced: when the path names a device node, FIFO or socket, write() and commit() fail with
// "PATH: exists and is not a regular file; refusing to replace it".
class PendingFile {
 public:
  // `permissions` apply before the file has its final name: 0600 for a private key is never readable by others.
  static Result<PendingFile> write(const std::filesystem::path& path, std::span<const std::byte> bytes,
                                   unsigned permissions = 0644);

  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&&) = delete;
  PendingFile(const PendingFile&) = delete;
  ~PendingFile();

  // Renames the temporary file to the final path and fsyncs the directory.
  Status commit();

 private:
  PendingFile(std::filesystem::path temporary, std::filesystem::path final_path)
      : temporary_(std::move(temporary)), final_path_(std::move(final_path)) {}

  std::filesystem::path temporary_;  // empty once committed or moved from
  std::filesystem::path final_path_;
};

// PendingFile::write, then commit.
Status write_file_atomically(const std::filesystem::path& path, std::span<const std::byte> bytes,
                             unsigned permissions = 0644);

// The whole file; errors say "PATH: no such file", "PATH: permission denied", "PATH: is a directory"...
Result<std::vector<std::byte>> read_file(const std::filesystem::path& path);

}  // namespace confwl
