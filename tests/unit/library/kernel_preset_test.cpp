#include "confwl/kernel_preset.h"

#include <gtest/gtest.h>

#include "confwl/linux_syscalls.h"

namespace confwl {
namespace {

constexpr std::string_view kPreset = R"(# comment
name: minimal
description: one process
subsystems:
  - console
syscalls:
  - read
  - write
  - uname
)";

TEST(KernelPreset, ReadsTheAllowlist) {
  Result<KernelPreset> preset = parse_kernel_preset(kPreset, "minimal.yaml");
  ASSERT_TRUE(preset.ok()) << preset.error().message;
  EXPECT_EQ(preset->name, "minimal");
  EXPECT_EQ(preset->description, "one process");
  EXPECT_EQ(preset->syscalls, (std::vector<std::string>{"read", "write", "uname"}));
}

TEST(KernelPreset, UnknownSyscallIsAnError) {
  Result<KernelPreset> preset = parse_kernel_preset("name: p\nsyscalls:\n  - wirte\n", "p.yaml");
  ASSERT_FALSE(preset.ok());
  EXPECT_EQ(preset.error().message, "p.yaml:3:5: syscalls[0]: unknown Linux x86-64 syscall 'wirte'; did you mean 'write'?");
  EXPECT_EQ(parse_kernel_preset("name: p\n", "p.yaml").error().message,
            "p.yaml:1:1: syscalls: expected a list of syscall names");
}

TEST(KernelPreset, ManifestWidensAndNarrows) {
  Result<KernelPreset> preset = parse_kernel_preset(kPreset, "minimal.yaml");
  Result<WorkloadManifest> manifest =
      parse_manifest("name: x\nkernel: {syscalls: {allow: [openat], deny: [uname, close]}}\n", "m.yaml");
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  Result<SyscallAllowlist> allowlist = workload_allowlist(*preset, *manifest);
  ASSERT_TRUE(allowlist.ok()) << allowlist.error().message;
  EXPECT_EQ(allowlist->count(), 3u);
  EXPECT_TRUE(allowlist->test(0));    // read
  EXPECT_TRUE(allowlist->test(1));    // write
  EXPECT_TRUE(allowlist->test(257));  // openat
  EXPECT_FALSE(allowlist->test(63));  // uname, denied
}

TEST(LinuxSyscalls, TableKnowsNamesNumbersAndSummaries) {
  ASSERT_NE(find_syscall("openat"), nullptr);
  EXPECT_EQ(find_syscall("openat")->number, 257u);
  EXPECT_EQ(find_syscall(39u)->name, "getpid");
  EXPECT_EQ(find_syscall(0u)->summary, "read from a file descriptor");
  EXPECT_EQ(find_syscall(9999u), nullptr);
  EXPECT_EQ(syscall_label(60), "exit");
  EXPECT_EQ(syscall_label(511), "syscall_511");
  EXPECT_GE(linux_syscalls().size(), 360u);
}

}  // namespace
}  // namespace confwl
