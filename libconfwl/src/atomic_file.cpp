#include "confwl/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace confwl {
namespace {

// Closes a file descriptor on every path out of a function.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // close() reports deferred write errors, so a writer must check it.
  int close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

Error system_error(const std::filesystem::path& path, std::string_view action, int error) {
  std::string message = path.string() + ": ";
  if (!action.empty()) message += std::string(action) + ": ";
  switch (error) {
    case ENOENT: return Error{message + "no such file or directory"};
    case EACCES: return Error{message + "permission denied"};
    case EISDIR: return Error{message + "is a directory"};
    default: return Error{message + std::strerror(error)};
  }
}

Status write_all(int fd, std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return Error{written < 0 ? std::strerror(errno) : "short write"};
    bytes = bytes.subspan(static_cast<size_t>(written));
  }
  return Ok{};
}

// rename() replaces whatever is at the path. Making a device node, FIFO or socket a regular file is
// never what was meant (as root, `--output /dev/null` replaced /dev/null); a directory is left to
// rename(), which refuses it.
Status check_replaceable(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return Ok{};  // nothing there yet, or rename() will say why not
  if (S_ISREG(status.st_mode) || S_ISDIR(status.st_mode)) return Ok{};
  return Error{path.string() + ": exists and is not a regular file; refusing to replace it"};
}

}  // namespace

Result<PendingFile> PendingFile::write(const std::filesystem::path& path, std::span<const std::byte> bytes,
                                       unsigned permissions) {
  if (Status replaceable = check_replaceable(path); !replaceable) return replaceable.error();
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  std::string name = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  Descriptor fd(::mkostemp(name.data(), O_CLOEXEC));
  if (fd.get() < 0) return system_error(directory, "cannot create a file there", errno);
  PendingFile pending(name, path);  // from here on, failure removes the temporary file

  // mkstemp makes the file 0600; an image is an ordinary, world-readable output.
  if (::fchmod(fd.get(), static_cast<mode_t>(permissions)) != 0) return system_error(path, "cannot set permissions", errno);
  if (Status written = write_all(fd.get(), bytes); !written)
    return Error{path.string() + ": cannot write: " + written.error().message};
  if (::fsync(fd.get()) != 0) return system_error(path, "cannot write", errno);
  if (fd.close() != 0) return system_error(path, "cannot write", errno);
  return pending;
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : temporary_(std::exchange(other.temporary_, {})), final_path_(std::move(other.final_path_)) {}

PendingFile::~PendingFile() {
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

Status PendingFile::commit() {
  // Checked again: something may have appeared at the path since write().
  if (Status replaceable = check_replaceable(final_path_); !replaceable) return replaceable;
  if (::rename(temporary_.c_str(), final_path_.c_str()) != 0)
    return system_error(final_path_, "cannot rename the new file into place", errno);
  temporary_.clear();
  // The rename itself is durable only once the directory is synced.
  const std::filesystem::path directory = final_path_.has_parent_path() ? final_path_.parent_path() : ".";
  Descriptor directory_fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory_fd.get() >= 0) ::fsync(directory_fd.get());
  return Ok{};
}

Status write_file_atomically(const std::filesystem::path& path, std::span<const std::byte> bytes,
                             unsigned permissions) {
  Result<PendingFile> pending = PendingFile::write(path, bytes, permissions);
  if (!pending) return pending.error();
  return pending->commit();
}

Result<std::vector<std::byte>> read_file(const std::filesystem::path& path) {
  // Without O_NONBLOCK, opening a FIFO waits for a writer, forever, before fstat can refuse it.
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) return system_error(path, "", errno);
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return system_error(path, "", errno);
  if (S_ISDIR(status.st_mode)) return system_error(path, "", EISDIR);
  if (!S_ISREG(status.st_mode)) return Error{path.string() + ": not a regular file"};
  // O_NONBLOCK was for the open only: a read must wait for its data, never fail with EAGAIN.
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) return system_error(path, "", errno);

  // st_size is a hint, not the length: /proc files say 0, and a file may change while it is read.
  // The byte past it lets the read that returns end-of-file do so without growing the buffer.
  std::vector<std::byte> bytes(static_cast<size_t>(status.st_size) + 1);
  size_t filled = 0;
  while (true) {
    if (filled == bytes.size()) bytes.resize(std::max<size_t>(2 * bytes.size(), 4096));
    const ssize_t got = ::read(fd.get(), bytes.data() + filled, bytes.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return system_error(path, "cannot read", errno);
    if (got == 0) break;
    filled += static_cast<size_t>(got);
  }
  bytes.resize(filled);
  return bytes;
}

}  // namespace confwl
