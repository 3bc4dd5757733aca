#include "confwl/vmm/sealed_memfd.h"

#include <fcntl.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace confwl::vmm {
namespace {

Error system_error(const std::string& step) { return Error{step + ": " + std::strerror(errno)}; }

}  // namespace

Result<UniqueFd> make_sealed_memfd(std::span<const std::byte> contents, const char* name) {
  UniqueFd fd(::memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd.valid()) return system_error("memfd_create for the image failed");
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd.get(), contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return system_error("writing the image to its memfd failed");
    written += static_cast<size_t>(n);
  }
  if (::fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
    return system_error("sealing the image memfd failed");
  return fd;
}

}  // namespace confwl::vmm
