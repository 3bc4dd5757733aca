#include "inspect_surface.h"

#include <cstdio>
#include <string>

#include "confwl/linux_syscalls.h"
#include "confwl/size.h"

namespace confwl::cli {
namespace {

void print_allowlist(const BootConfig& config) {
  std::printf("\nsyscall allowlist: %zu calls (any other returns ENOSYS%s)\n", config.syscall_allowlist.count(),
              config.syscall_policy == abi::SyscallPolicy::kKill ? ", then the workload is killed" : "");
  for (uint32_t number = 0; number < config.syscall_allowlist.size(); ++number) {
    if (!config.syscall_allowlist.test(number)) continue;
    const LinuxSyscall* syscall = find_syscall(number);
    std::printf("  %4u  %-24s %s\n", number, syscall ? std::string(syscall->name).c_str() : "(unknown)",
                syscall ? std::string(syscall->summary).c_str() : "");
  }
}

// Paths come from an untrusted image: control characters are shown as '?'.
std::string printable(const std::string& text) {
  std::string shown = text;
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return shown;
}

void print_files(const SealedImage& image) {
  size_t count = 0;
  for (const SealedFileEntry& file : image.files) count += file.directory ? 0 : 1;
  std::printf("\nsealed files: %zu, read-only\n", count);
  for (const SealedFileEntry& file : image.files) {
    if (file.directory) continue;
    std::printf("  %04o %10llu  %s\n        sha384 %s\n", file.mode, static_cast<unsigned long long>(file.size),
                printable(file.guest_path).c_str(), to_hex(file.sha384).c_str());
  }
}

}  // namespace

void print_attack_surface(const SealedImage& image) {
  const BootConfig& config = image.boot_config;
  std::printf("  %-14s %s\n", "/tmp",
              config.tmpfs_size ? ("RAM, at most " + format_size(config.tmpfs_size)).c_str() : "none");
  print_files(image);
  print_allowlist(config);
}

}  // namespace confwl::cli
