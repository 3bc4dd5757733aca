// The manifest's files:, storage: and kernel.syscalls / kernel.on_denied sections.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "confwl/manifest.h"

namespace confwl {
namespace {

std::string error_of(std::string_view yaml) {
  Result<WorkloadManifest> manifest = parse_manifest(yaml, "m.yaml");
  return manifest ? "(parsed)" : manifest.error().message;
}

TEST(ManifestFiles, MapAndListFormsGiveTheSameFiles) {
  Result<WorkloadManifest> as_map = parse_manifest("name: x\nfiles:\n  /etc/app.conf: conf/app.conf\n  /data/a.bin: a.bin\n", "m.yaml");
  Result<WorkloadManifest> as_list = parse_manifest(
      "name: x\nfiles:\n  - {path: /etc/app.conf, source: conf/app.conf}\n  - path: /data/a.bin\n    source: a.bin\n", "m.yaml");
  ASSERT_TRUE(as_map.ok()) << as_map.error().message;
  ASSERT_TRUE(as_list.ok()) << as_list.error().message;
  ASSERT_EQ(as_map->files.size(), 2u);
  EXPECT_EQ(as_map->files[0].guest_path, "/etc/app.conf");
  EXPECT_EQ(as_map->files[0].host_path, "conf/app.conf");
  EXPECT_EQ(as_map->files[0].origin, "m.yaml:3:3: files./etc/app.conf");
  EXPECT_EQ(as_list->files[1].guest_path, "/data/a.bin");
  EXPECT_EQ(as_list->files[1].host_path, "a.bin");
  EXPECT_EQ(as_list->files[1].origin, "m.yaml:4:5: files[1].path");
}

TEST(ManifestFiles, BadEntriesNameTheirPosition) {
  EXPECT_EQ(error_of("name: x\nfiles: 3\n"),
            "m.yaml:2:8: files: expected a map of guest path: host path, or a list of {path: guest path, "
            "source: host path}, got \"3\"");
  EXPECT_EQ(error_of("name: x\nfiles: {etc/a: a}\n"),
            "m.yaml:2:9: files.etc/a: expected an absolute guest path such as /etc/app.conf");
  EXPECT_EQ(error_of("name: x\nfiles: {/etc/../a: a}\n"),
            "m.yaml:2:9: files./etc/../a: expected a normalized path (no empty, '.' or '..' components)");
  EXPECT_EQ(error_of("name: x\nfiles: {/tmp/a: a}\n"),
            "m.yaml:2:9: files./tmp/a: guest paths under /tmp are the kernel's; expected a path outside /dev, /proc and /tmp");
  EXPECT_EQ(error_of("name: x\nfiles: {/a: \"\"}\n"),
            "m.yaml:2:13: files./a.source: expected the host file's path (relative to the manifest), got \"\"");
  EXPECT_EQ(error_of("name: x\nfiles:\n  - {path: /a, source: a}\n  - {path: /a, source: b}\n"),
            "m.yaml:4:12: files[1].path: duplicate guest path /a; expected each path once (first at m.yaml:3:5)");
  EXPECT_EQ(error_of("name: x\nfiles:\n  - {path: /a, src: a}\n"),
            "m.yaml:3:16: files[0].src: unknown key; expected one of: path, source");
  EXPECT_EQ(error_of("name: x\nfiles:\n  - {path: /a}\n"),
            "m.yaml:3:5: files[0].source: missing; expected the host file's path");
}

TEST(ManifestStorage, TmpIsASizeBelowMemory) {
  Result<WorkloadManifest> manifest = parse_manifest("name: x\nstorage: {tmp: 8M}\n", "m.yaml");
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  EXPECT_EQ(manifest->tmp_bytes, 8ull << 20);
  EXPECT_EQ(parse_manifest("name: x\n", "m.yaml")->tmp_bytes, 0u);
  EXPECT_EQ(error_of("name: x\nstorage: {tmp: 64M}\n"),
            "m.yaml:2:16: storage.tmp: expected less than resources.memory (64M), got \"64M\"");
  EXPECT_EQ(error_of("name: x\nstorage: {tmp: 1000}\n"),
            "m.yaml:2:16: storage.tmp: expected a whole number of 4K pages, at least 4K, got \"1000\"");
  EXPECT_EQ(error_of("name: x\nstorage: {tmp: lots}\n").substr(0, 32), "m.yaml:2:16: storage.tmp: expect");
  EXPECT_EQ(error_of("name: x\nstorage: {temp: 1M}\n"), "m.yaml:2:11: storage.temp: unknown key; did you mean 'tmp'?");
}

TEST(ManifestSyscalls, AllowDenyAndPolicy) {
  Result<WorkloadManifest> manifest = parse_manifest(
      "name: x\nkernel:\n  syscalls: {allow: [openat, close], deny: [uname]}\n  on_denied: kill\n", "m.yaml");
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  EXPECT_EQ(manifest->syscalls_allow, (std::vector<std::string>{"openat", "close"}));
  EXPECT_EQ(manifest->syscalls_deny, (std::vector<std::string>{"uname"}));
  EXPECT_EQ(manifest->on_denied, abi::SyscallPolicy::kKill);
  EXPECT_EQ(parse_manifest("name: x\n", "m.yaml")->on_denied, abi::SyscallPolicy::kDeny);
}

TEST(ManifestSyscalls, UnknownNamesGetADidYouMean) {
  EXPECT_EQ(error_of("name: x\nkernel: {syscalls: {allow: [opneat]}}\n"),
            "m.yaml:2:29: kernel.syscalls.allow[0]: unknown Linux x86-64 syscall 'opneat'; did you mean 'openat'?");
  EXPECT_EQ(error_of("name: x\nkernel: {syscalls: {deny: [frobnicate_everything]}}\n"),
            "m.yaml:2:28: kernel.syscalls.deny[0]: unknown Linux x86-64 syscall 'frobnicate_everything'");
  EXPECT_EQ(error_of("name: x\nkernel: {syscalls: {allow: [read], deny: [read]}}\n"),
            "m.yaml:2:43: kernel.syscalls.deny[0]: 'read' is also in kernel.syscalls.allow; expected it in one list");
  EXPECT_EQ(error_of("name: x\nkernel: {syscalls: {allow: [read, read]}}\n"),
            "m.yaml:2:35: kernel.syscalls.allow[1]: duplicate syscall 'read'; expected each name once");
  EXPECT_EQ(error_of("name: x\nkernel: {syscalls: [read]}\n"),
            "m.yaml:2:20: kernel.syscalls: expected a map with 'allow' and/or 'deny' lists of syscall names, got a list");
  EXPECT_EQ(error_of("name: x\nkernel: {on_denied: abort}\n"),
            "m.yaml:2:21: kernel.on_denied: expected enosys or kill, got \"abort\"");
}

}  // namespace
}  // namespace confwl
