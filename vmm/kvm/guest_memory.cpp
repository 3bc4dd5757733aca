#include "guest_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "confwl/abi/guest_layout.h"
#include "confwl/checked.h"
#include "confwl/hex.h"

namespace confwl::vmm::kvm {

Result<GuestMemory> GuestMemory::create(uint64_t size) {
  if (size == 0 || size % abi::kPageSize != 0)
    return Error{"guest memory of " + std::to_string(size) + " bytes: expected a non-zero multiple of 4 KiB"};
  UniqueFd fd(::memfd_create("confwl-guest-ram", MFD_CLOEXEC));
  if (!fd.valid()) return Error{std::string("memfd_create for guest memory failed: ") + std::strerror(errno)};
  if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0)
    return Error{"sizing guest memory to " + std::to_string(size) + " bytes failed: " + std::strerror(errno)};
  // MAP_NORESERVE: the guest touches only what it uses; the rest costs nothing.
  void* base = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd.get(), 0);
  if (base == MAP_FAILED) return Error{std::string("mapping guest memory failed: ") + std::strerror(errno)};
  return GuestMemory(std::move(fd), static_cast<std::byte*>(base), size);
}

GuestMemory::GuestMemory(GuestMemory&& other) noexcept
    : fd_(std::move(other.fd_)), base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}

GuestMemory::~GuestMemory() {
  if (base_) ::munmap(base_, size_);
}

Status write_guest(std::span<std::byte> memory, uint64_t address, std::span<const std::byte> data,
                   const char* what) {
  if (!range_within(address, data.size(), memory.size()))
    return Error{std::string(what) + " (" + std::to_string(data.size()) + " bytes at " + hex_number(address) +
                 ") does not fit in " + std::to_string(memory.size()) + " bytes of guest memory"};
  std::memcpy(memory.data() + address, data.data(), data.size());
  return Ok{};
}

}  // namespace confwl::vmm::kvm
