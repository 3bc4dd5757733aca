// Guest RAM: an anonymous memfd mapped into the VMM, handed to KVM as one memory slot from guest
// physical address 0. memfd rather than anonymous memory so the same pages can later be shared
// with a helper process or sealed, and so the RAM shows up by name in /proc/PID/maps.
#pragma once
#include <confwl/result.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "confwl/vmm/unique_fd.h"

namespace confwl::vmm::kvm {

class GuestMemory {
 public:
  // `size` bytes of zeroed RAM; `size` must be a multiple of the page size.
  static Result<GuestMemory> create(uint64_t size);

  GuestMemory(GuestMemory&& other) noexcept;
  GuestMemory& operator=(GuestMemory&&) = delete;
  ~GuestMemory();

  std::span<std::byte> bytes() const { return {base_, size_}; }

 private:
  GuestMemory(UniqueFd fd, std::byte* base, size_t size) : fd_(std::move(fd)), base_(base), size_(size) {}
  UniqueFd fd_;
  std::byte* base_ = nullptr;
  size_t size_ = 0;
};

// Copies `data` to guest-physical `address`; fails (naming `what`) if it does not fit in `memory`.
Status write_guest(std::span<std::byte> memory, uint64_t address, std::span<const std::byte> data,
                   const char* what);

}  // namespace confwl::vmm::kvm
