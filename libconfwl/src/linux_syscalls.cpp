#include "confwl/linux_syscalls.h"

#include <algorithm>
#include <vector>

#include "confwl/spelling.h"

namespace confwl {
namespace {

constexpr LinuxSyscall kSyscalls[] = {
#include "linux_syscalls.inc"
};

constexpr bool ascending_numbers() {
  for (size_t index = 1; index < std::size(kSyscalls); ++index)
    if (kSyscalls[index - 1].number >= kSyscalls[index].number) return false;
  return true;
}
static_assert(ascending_numbers(), "linux_syscalls.inc must be sorted by number");

}  // namespace

std::span<const LinuxSyscall> linux_syscalls() { return kSyscalls; }

const LinuxSyscall* find_syscall(std::string_view name) {
  auto found = std::find_if(std::begin(kSyscalls), std::end(kSyscalls),
                            [&](const LinuxSyscall& syscall) { return syscall.name == name; });
  return found == std::end(kSyscalls) ? nullptr : &*found;
}

const LinuxSyscall* find_syscall(uint32_t number) {
  auto found = std::lower_bound(std::begin(kSyscalls), std::end(kSyscalls), number,
                                [](const LinuxSyscall& syscall, uint32_t wanted) { return syscall.number < wanted; });
  return found == std::end(kSyscalls) || found->number != number ? nullptr : &*found;
}

std::string syscall_label(uint32_t number) {
  const LinuxSyscall* syscall = find_syscall(number);
  return syscall ? std::string(syscall->name) : "syscall_" + std::to_string(number);
}

std::string unknown_syscall_message(std::string_view name) {
  std::vector<std::string_view> names;
  for (const LinuxSyscall& syscall : kSyscalls) names.push_back(syscall.name);
  std::string message = "unknown Linux x86-64 syscall '" + std::string(name) + "'";
  if (std::optional<std::string_view> guess = closest_match(name, names))
    message += "; did you mean '" + std::string(*guess) + "'?";
  return message;
}

}  // namespace confwl
