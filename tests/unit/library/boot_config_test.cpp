#include "confwl/boot_config.h"

#include <gtest/gtest.h>

#include <cstring>
#include <functional>

#include "confwl/abi/guest_layout.h"

namespace confwl {
namespace {

using abi::BlobDescriptor;
using abi::BootConfigHeader;

BootConfig sample() {
  BootConfig config;
  config.memory_size = 64ull << 20;
  config.image_end = 0x412000;
  config.runtime_args = true;
  config.argv = {"hello", "a", ""};
  config.envp = {"GREETING=hi", "EMPTY="};
  config.blobs = {{abi::BlobKind::kWorkloadElf, abi::kBlobsBase, 0x1234}};
  config.tmpfs_size = 1 << 20;
  config.syscall_policy = abi::SyscallPolicy::kKill;
  for (size_t number : {0, 1, 60, 63, 64, 511}) config.syscall_allowlist.set(number);
  return config;
}

std::vector<std::byte> encoded(const BootConfig& config = sample()) {
  Result<std::vector<std::byte>> bytes = encode_boot_config(config);
  EXPECT_TRUE(bytes.ok()) << bytes.error().message;
  return bytes ? *bytes : std::vector<std::byte>{};
}

std::vector<std::byte> with_header(const std::function<void(BootConfigHeader&)>& change) {
  std::vector<std::byte> bytes = encoded();
  BootConfigHeader header;
  std::memcpy(&header, bytes.data(), sizeof(header));
  change(header);
  std::memcpy(bytes.data(), &header, sizeof(header));
  return bytes;
}

std::vector<std::byte> with_blob(const std::function<void(BlobDescriptor&)>& change) {
  std::vector<std::byte> bytes = encoded();
  BlobDescriptor blob;
  std::memcpy(&blob, bytes.data() + sizeof(BootConfigHeader), sizeof(blob));
  change(blob);
  std::memcpy(bytes.data() + sizeof(BootConfigHeader), &blob, sizeof(blob));
  return bytes;
}

std::string decode_error(std::span<const std::byte> bytes) {
  Result<BootConfig> config = decode_boot_config(bytes);
  return config ? "(decoded)" : config.error().message;
}

TEST(BootConfig, RoundTrips) {
  const std::vector<std::byte> bytes = encoded();
  Result<BootConfig> decoded = decode_boot_config(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, sample());
}

TEST(BootConfig, LayoutFollowsTheAbiHeader) {
  const std::vector<std::byte> bytes = encoded();
  BootConfigHeader header;
  std::memcpy(&header, bytes.data(), sizeof(header));
  EXPECT_EQ(header.magic, abi::kBootConfigMagic);
  EXPECT_EQ(std::memcmp(bytes.data(), "CWLBOOT1", 8), 0);
  EXPECT_EQ(header.version, 2u);
  EXPECT_EQ(header.total_size, bytes.size());
  EXPECT_EQ(header.flags, abi::kBootFlagRuntimeArgs);
  EXPECT_EQ(header.argc, 3u);
  EXPECT_EQ(header.envc, 2u);
  EXPECT_EQ(header.blob_count, 1u);
  EXPECT_EQ(header.blobs_offset, 144u);
  EXPECT_EQ(header.strings_offset, 144u + 24u);
  EXPECT_EQ(header.tmpfs_size, 1u << 20);
  EXPECT_EQ(header.syscall_policy, 1u);
  EXPECT_EQ(header.syscall_allowlist[0], (1ull << 0) | (1ull << 1) | (1ull << 60) | (1ull << 63));
  EXPECT_EQ(header.syscall_allowlist[1], 1ull);
  EXPECT_EQ(header.syscall_allowlist[7], 1ull << 63);
  const char strings[] = "hello\0a\0\0GREETING=hi\0EMPTY=";  // + the array's own final NUL
  ASSERT_EQ(header.strings_size, sizeof(strings));
  EXPECT_EQ(std::memcmp(bytes.data() + header.strings_offset, strings, sizeof(strings)), 0);
}

TEST(BootConfig, EncodeRefusesWhatTheKernelWouldReject) {
  BootConfig config = sample();
  config.argv.clear();
  EXPECT_EQ(encode_boot_config(config).error().message, "boot config: argv is empty; expected at least the workload's name");
  config = sample();
  config.argv[1] = std::string("a\0b", 3);
  EXPECT_EQ(encode_boot_config(config).error().message, "boot config: an argv entry contains a NUL character");
  config = sample();
  config.envp = {"NOEQUALS"};
  EXPECT_EQ(encode_boot_config(config).error().message,
            "boot config: environment entry \"NOEQUALS\" is not NAME=value without NULs");
  config = sample();
  config.argv.assign(257, "x");
  EXPECT_EQ(encode_boot_config(config).error().message, "boot config: 257 argv entries; at most 256 fit");
  config = sample();
  config.envp.assign(257, "A=1");
  EXPECT_EQ(encode_boot_config(config).error().message, "boot config: 257 environment entries; at most 256 fit");
  config = sample();
  config.argv = {"hello", std::string(70000, 'x')};
  EXPECT_EQ(encode_boot_config(config).error().message,
            "boot config: argv and environment need 70194 bytes; the boot config holds at most 64K");
  config = sample();
  config.tmpfs_size = config.memory_size + 1;
  EXPECT_EQ(encode_boot_config(config).error().message, "boot config: tmpfs size 67108865 exceeds the guest memory 67108864");
}

TEST(BootConfigDecode, ChecksMagicFirst) {
  const std::vector<std::byte> bytes = encoded();
  EXPECT_EQ(decode_error(std::span(bytes).first(143)), "boot config: truncated: 143 bytes, the header needs 144");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.magic = 0; h.version = 9; })),
            "boot config: bad magic 0x0, expected 0x31544f4f424c5743 (\"CWLBOOT1\")");
}

TEST(BootConfigDecode, ChecksTotalSizeBeforeVersion) {
  const std::vector<std::byte> bytes = encoded();
  EXPECT_EQ(decode_error(std::span(bytes).first(bytes.size() - 1)),
            "boot config: total size " + std::to_string(bytes.size()) + " is outside [144, " +
                std::to_string(bytes.size() - 1) + "]");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.total_size = 10; h.version = 9; })),
            "boot config: total size 10 is outside [144, " + std::to_string(bytes.size()) + "]");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.version = 1; })), "boot config: version 1, expected 2");
}

TEST(BootConfigDecode, ChecksHeaderFields) {
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.flags = 6; })), "boot config: unknown flags 0x6");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.reserved = 1; })), "boot config: a reserved header field is not 0");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.reserved2 = 1; })), "boot config: a reserved header field is not 0");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.syscall_policy = 2; })),
            "boot config: syscall policy 2, expected 0 (deny) or 1 (kill)");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.tmpfs_size = h.memory_size + 1; })),
            "boot config: tmpfs size 67108865 exceeds the guest memory 67108864");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.memory_size = 1 << 20; })),
            "boot config: memory size 1048576 is outside [16M, 64G]");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.image_end = 0x412001; })),
            "boot config: image end 0x412001 is not a page-aligned address >= 0x410000");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.argc = 0; })), "boot config: argc 0, expected 1 to 256");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.argc = 0xffffffff; })),
            "boot config: argc 4294967295, expected 1 to 256");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.envc = 257; })), "boot config: envc 257, expected at most 256");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.blob_count = 17; })),
            "boot config: blob count 17, expected at most 16");
}

TEST(BootConfigDecode, ChecksOffsetsAgainstTotalSize) {
  const std::string total = std::to_string(encoded().size());
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.blob_count = 16; })),
            "boot config: blob descriptors at offset 144 do not fit between the header and the total size " + total);
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.blobs_offset = 8; })),
            "boot config: blob descriptors at offset 8 do not fit between the header and the total size " + total);
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.strings_offset = 0xfffffff0; })),
            "boot config: string table at offset 4294967280 (" + std::to_string(encoded().size() - 168) +
                " bytes) does not fit between the header and the total size " + total);
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.strings_size += 1; })),
            "boot config: string table at offset 168 (" + std::to_string(encoded().size() - 167) +
                " bytes) does not fit between the header and the total size " + total);
}

TEST(BootConfigDecode, ChecksStrings) {
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.strings_size -= 1; })),
            "boot config: the last string is not NUL-terminated");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.envc = 3; })),
            "boot config: string table holds 5 strings, expected argc + envc = 6");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.envc = 1; })),
            "boot config: string table holds more than 4 strings, expected argc + envc = 4");
  EXPECT_EQ(decode_error(with_header([](auto& h) { h.argc = 1; h.envc = 4; })),
            "boot config: environment entry \"a\" has no '='");
}

TEST(BootConfigDecode, ChecksBlobs) {
  EXPECT_EQ(decode_error(with_blob([](auto& b) { b.kind = 7; })), "boot config: blob 0 has unknown kind 7");
  EXPECT_EQ(decode_error(with_blob([](auto& b) { b.reserved = 1; })), "boot config: blob 0 has a non-zero reserved field");
  EXPECT_EQ(decode_error(with_blob([](auto& b) { b.guest_address = 0x410800; })),
            "boot config: blob 0 is at 0x410800, expected a page-aligned address >= 0x410000");
  EXPECT_EQ(decode_error(with_blob([](auto& b) { b.guest_address = 0x400000; })),
            "boot config: blob 0 is at 0x400000, expected a page-aligned address >= 0x410000");
  EXPECT_EQ(decode_error(with_blob([](auto& b) { b.size = 0x3000; })),
            "boot config: blob 0 (12288 bytes at 0x410000) ends past the image end 0x412000");
  EXPECT_EQ(decode_error(with_blob([](auto& b) { b.size = UINT64_MAX; })),
            "boot config: blob 0 (18446744073709551615 bytes at 0x410000) ends past the image end 0x412000");
}

TEST(BootConfigDecode, AcceptsOneSealedFilesArchive) {
  BootConfig config = sample();
  config.image_end = 0x414000;
  config.blobs.push_back({abi::BlobKind::kSealedFiles, 0x412000, 0x200});
  Result<BootConfig> decoded = decode_boot_config(encoded(config));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, config);
  config.blobs.push_back({abi::BlobKind::kSealedFiles, 0x413000, 0x200});
  EXPECT_EQ(decode_error(encoded(config)), "boot config: blob 2 repeats kind 2; expected at most one of each");
}

TEST(BootConfigDecode, EveryTruncationIsRejected) {
  const std::vector<std::byte> bytes = encoded();
  for (size_t size = 0; size < bytes.size(); ++size)
    EXPECT_FALSE(decode_boot_config(std::span(bytes).first(size)).ok()) << size;
}

}  // namespace
}  // namespace confwl
