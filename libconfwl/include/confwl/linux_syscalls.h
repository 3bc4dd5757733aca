// The Linux x86-64 syscalls by number, name and one-line summary (generated into
// libconfwl/src/linux_syscalls.inc by scripts/generate-linux-syscalls.py): what manifests and
// kernel presets name, and how `confwl inspect` and docs/syscalls.md describe an allowlist.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace confwl {

struct LinuxSyscall {
  uint32_t number;
  std::string_view name;
  std::string_view summary;  // from man-pages, e.g. "read from a file descriptor"; may be empty
};

// Every syscall, ascending by number.
std::span<const LinuxSyscall> linux_syscalls();

const LinuxSyscall* find_syscall(std::string_view name);
const LinuxSyscall* find_syscall(uint32_t number);

// The syscall's name, or "syscall_<number>" for a number the table does not know.
std::string syscall_label(uint32_t number);

// "unknown Linux x86-64 syscall 'opne'; did you mean 'open'?" (or without the guess).
std::string unknown_syscall_message(std::string_view name);

}  // namespace confwl
