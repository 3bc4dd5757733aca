// The sealed files (manifest files:, CMake FILES): a cpio "newc" archive the kernel mounts
// read-only at / (abi::BlobKind::kSealedFiles). Reproducible: entries sorted by path, the parent
// directories of every file as entries of their own before it, uid/gid/mtime 0, inode numbers in
// order, mode 0444 for files (0555 when executable) and 0555 for directories. Paths in the archive
// are relative ("etc/app.conf" for /etc/app.conf), as in an initramfs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "confwl/result.h"
#include "confwl/sha384.h"

namespace confwl {

struct SealedFile {
  std::string guest_path;  // absolute, e.g. /etc/app.conf
  std::vector<std::byte> content;
  bool executable = false;  // sealed 0555 (execve may run it) instead of 0444
};

// What is wrong with a guest path for a sealed file, or nullopt when it is fine: it must be
// absolute and normalized (no empty, "." or ".." components, no trailing '/'), at most 4095 bytes
// with components of at most 255, without NUL, and outside /dev, /proc and /tmp (the kernel's).
std::optional<std::string> sealed_file_path_problem(std::string_view guest_path);

// Fails on a bad or repeated guest path, or on a path that is also the parent directory of
// another file.
Result<std::vector<std::byte>> build_sealed_files_archive(std::span<const SealedFile> files);

struct SealedFileEntry {
  std::string guest_path;  // "/" + the archive path
  uint32_t mode;           // permission bits, e.g. 0444
  bool directory;
  uint64_t size;
  Sha384 sha384;  // of the content (of nothing, for a directory)
};

// Whether a reader of an image computes the SHA-384 digests it reports. kSkip leaves them all
// zero, for a caller that boots the image and shows no digest (`confwl run`): the checks are the
// same, but OpenSSL is not started (~1 ms) before the guest is.
enum class Digests { kCompute, kSkip };

// Lists an archive taken from an untrusted image, in archive order.
Result<std::vector<SealedFileEntry>> read_sealed_files_archive(std::span<const std::byte> archive,
                                                               Digests digests = Digests::kCompute);

}  // namespace confwl
