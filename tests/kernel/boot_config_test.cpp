#include "boot/boot_config.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "confwl/abi/guest_layout.h"

namespace {

namespace abi = confwl::abi;

// A well-formed block: header, one workload blob, room for a sealed-files blob (counted only when
// blob_count is 2), then "app", "-v", "K=V".
struct Block {
  abi::BootConfigHeader header{};
  abi::BlobDescriptor blob{};
  abi::BlobDescriptor files{};
  std::string strings{"app\0-v\0K=V\0", 11};

  Block() {
    header.magic = abi::kBootConfigMagic;
    header.version = abi::kBootConfigVersion;
    header.memory_size = 64ull << 20;
    header.image_end = abi::kBlobsBase + 0x3000;
    header.argc = 2;
    header.envc = 1;
    header.blob_count = 1;
    header.blobs_offset = sizeof header;
    header.strings_offset = sizeof header + sizeof blob + sizeof files;
    header.tmpfs_size = 1 << 20;
    header.syscall_policy = static_cast<uint32_t>(abi::SyscallPolicy::kKill);
    header.syscall_allowlist[0] = 0b11;
    header.syscall_allowlist[7] = 1ull << 63;
    header.strings_size = static_cast<uint32_t>(strings.size());
    header.total_size = header.strings_offset + header.strings_size;
    blob.kind = static_cast<uint32_t>(abi::BlobKind::kWorkloadElf);
    blob.guest_address = abi::kBlobsBase;
    blob.size = 0x2345;
    files.kind = static_cast<uint32_t>(abi::BlobKind::kSealedFiles);
    files.guest_address = abi::kBlobsBase + 0x3000;
    files.size = 0x200;
  }

  std::vector<uint8_t> bytes() const {
    std::vector<uint8_t> out(sizeof header + sizeof blob + sizeof files + strings.size());
    std::memcpy(out.data(), &header, sizeof header);
    std::memcpy(out.data() + sizeof header, &blob, sizeof blob);
    std::memcpy(out.data() + sizeof header + sizeof blob, &files, sizeof files);
    std::memcpy(out.data() + sizeof header + sizeof blob + sizeof files, strings.data(), strings.size());
    return out;
  }
};

std::string error_of(const Block& block) {
  auto bytes = block.bytes();
  auto parsed = kernel::parse_boot_config(bytes.data(), bytes.size());
  return parsed.ok() ? "ok" : parsed.error().message;
}

TEST(BootConfig, ParsesAWellFormedBlock) {
  Block block;
  auto bytes = block.bytes();
  auto parsed = kernel::parse_boot_config(bytes.data(), bytes.size());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed.value().argc, 2u);
  EXPECT_EQ(parsed.value().envc, 1u);
  EXPECT_EQ(parsed.value().workload.guest_address, abi::kBlobsBase);
  EXPECT_EQ(parsed.value().workload.size, 0x2345u);
  EXPECT_EQ(parsed.value().sealed_files.size, 0u);
  EXPECT_EQ(parsed.value().tmpfs_size, 1u << 20);
  EXPECT_EQ(parsed.value().syscall_policy, abi::SyscallPolicy::kKill);
  EXPECT_EQ(parsed.value().syscall_allowlist[0], 0b11u);
  EXPECT_EQ(parsed.value().syscall_allowlist[7], 1ull << 63);
  std::vector<std::string> seen;
  kernel::for_each_string(parsed.value().strings, 3, [&](const char* s) { seen.emplace_back(s); });
  EXPECT_EQ(seen, (std::vector<std::string>{"app", "-v", "K=V"}));
}

TEST(BootConfig, ChecksMagicFirst) {
  Block block;
  block.header.magic = 0;
  block.header.version = 99;
  EXPECT_EQ(error_of(block), "boot config: bad magic (expected \"CWLBOOT1\")");
}

TEST(BootConfig, ChecksTotalSizeBeforeVersion) {
  Block block;
  block.header.total_size = 0x20000;
  block.header.version = 99;
  EXPECT_EQ(error_of(block), "boot config: total_size must be 144..65536 bytes");
}

TEST(BootConfig, RejectsUnknownVersion) {
  Block block;
  block.header.version = 1;
  EXPECT_EQ(error_of(block), "boot config: unsupported version (expected 2)");
}

TEST(BootConfig, RejectsTruncatedInput) {
  Block block;
  auto bytes = block.bytes();
  auto parsed = kernel::parse_boot_config(bytes.data(), bytes.size() - 1);
  ASSERT_FALSE(parsed.ok());
  EXPECT_STREQ(parsed.error().message, "boot config: total_size must be 144..65536 bytes");
}

TEST(BootConfig, RejectsStringTableOverflow) {
  Block block;
  block.header.strings_offset = 0xFFFF'FFF0;
  EXPECT_EQ(error_of(block), "boot config: the string table lies outside the block");
}

TEST(BootConfig, RejectsMissingNul) {
  Block block;
  block.strings.back() = 'x';
  EXPECT_EQ(error_of(block), "boot config: a string runs past strings_size without a NUL");
}

TEST(BootConfig, RejectsTooFewStrings) {
  Block block;
  block.header.envc = 2;
  EXPECT_EQ(error_of(block), "boot config: fewer strings than argc + envc");
}

TEST(BootConfig, RejectsZeroArgc) {
  Block block;
  block.header.argc = 0;
  EXPECT_EQ(error_of(block), "boot config: argc must be 1..256");
}

TEST(BootConfig, RejectsUnknownFlags) {
  Block block;
  block.header.flags = 0x80;
  EXPECT_EQ(error_of(block), "boot config: unknown flags are set");
}

TEST(BootConfig, RejectsBlobPastImageEnd) {
  Block block;
  block.blob.size = 0x4000;
  EXPECT_EQ(error_of(block), "boot config: a blob ends past image_end");
}

TEST(BootConfig, RejectsBlobAddressOverflow) {
  Block block;
  block.blob.guest_address = ~0ull & ~0xFFFull;
  EXPECT_EQ(error_of(block), "boot config: a blob's address + size overflows");
}

TEST(BootConfig, RejectsBlobBelowBlobsBase) {
  Block block;
  block.blob.guest_address = abi::kBootConfigAddress;
  EXPECT_EQ(error_of(block), "boot config: blobs must be page aligned, ascending, from 0x410000");
}

TEST(BootConfig, RequiresAWorkload) {
  Block block;
  block.header.blob_count = 0;
  EXPECT_EQ(error_of(block), "boot config: no workload ELF blob");
}

TEST(BootConfig, RejectsUnknownBlobKind) {
  Block block;
  block.blob.kind = 7;
  EXPECT_EQ(error_of(block), "boot config: unknown blob kind");
}

TEST(BootConfig, FindsTheSealedFilesArchive) {
  Block block;
  block.header.blob_count = 2;
  block.header.image_end = abi::kBlobsBase + 0x4000;
  auto bytes = block.bytes();
  auto parsed = kernel::parse_boot_config(bytes.data(), bytes.size());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed.value().sealed_files.guest_address, abi::kBlobsBase + 0x3000);
  EXPECT_EQ(parsed.value().sealed_files.size, 0x200u);
}

TEST(BootConfig, RejectsTwoBlobsOfAKind) {
  Block block;
  block.header.blob_count = 2;
  block.header.image_end = abi::kBlobsBase + 0x4000;
  block.files.kind = static_cast<uint32_t>(abi::BlobKind::kWorkloadElf);
  EXPECT_EQ(error_of(block), "boot config: more than one blob of a kind");
}

TEST(BootConfig, RejectsAnEmptyArchive) {
  Block block;
  block.header.blob_count = 2;
  block.header.image_end = abi::kBlobsBase + 0x4000;
  block.files.size = 0;
  EXPECT_EQ(error_of(block), "boot config: an empty blob");
}

TEST(BootConfig, RejectsUnknownPolicy) {
  Block block;
  block.header.syscall_policy = 2;
  EXPECT_EQ(error_of(block), "boot config: syscall_policy must be 0 (deny) or 1 (kill)");
}

TEST(BootConfig, RejectsTmpfsLargerThanMemory) {
  Block block;
  block.header.tmpfs_size = block.header.memory_size + 1;
  EXPECT_EQ(error_of(block), "boot config: tmpfs_size exceeds memory_size");
}

TEST(BootConfig, RejectsNonZeroReserved) {
  Block block;
  block.header.reserved2 = 1;
  EXPECT_EQ(error_of(block), "boot config: a reserved field is not 0");
}

}  // namespace
