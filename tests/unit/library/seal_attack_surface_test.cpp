// seal_image with sealed files, a syscall allowlist, /tmp and on_denied: what the boot config,
// the segments and the JSON manifest say about them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "confwl/abi/guest_layout.h"
#include "confwl/seal_manifest_json.h"
#include "confwl/sealed_image.h"
#include "elf_builder.h"
#include "fixture.h"

namespace confwl {
namespace {

using test::bytes_of;
using test::fixture;

struct Sealed {
  WorkloadManifest manifest;
  std::vector<std::byte> archive;
  SealOutput output;
};

Sealed seal_with_files() {
  Sealed sealed;
  sealed.manifest.name = "svc";
  sealed.manifest.tmp_bytes = 1 << 20;
  sealed.manifest.on_denied = abi::SyscallPolicy::kKill;
  const std::vector<SealedFile> files{{"/etc/svc.conf", bytes_of("port=1\n"), false}};
  sealed.archive = *build_sealed_files_archive(files);
  SyscallAllowlist allowlist;
  allowlist.set(0).set(1).set(60);
  Result<SealOutput> output = seal_image(fixture("pvh-kernel.elf"), sealed.manifest, fixture("static.elf"),
                                         SealAdditions{allowlist, sealed.archive});
  EXPECT_TRUE(output.ok()) << output.error().message;
  if (output) sealed.output = std::move(*output);
  return sealed;
}

TEST(SealAttackSurface, FilesFollowTheWorkloadAsTheirOwnBlob) {
  const Sealed sealed = seal_with_files();
  const SealedImage& image = sealed.output.image;
  ASSERT_EQ(image.segments.size(), 6u);
  const SegmentInfo& workload = image.segments[4];
  const SegmentInfo& files = image.segments[5];
  EXPECT_EQ(files.role, SegmentRole::kSealedFiles);
  EXPECT_EQ(files.guest_address, workload.guest_address + workload.memory_size);
  EXPECT_EQ(files.file_size, sealed.archive.size());
  EXPECT_EQ(files.sha384, sha384(sealed.archive));
  ASSERT_EQ(image.boot_config.blobs.size(), 2u);
  EXPECT_EQ(image.boot_config.blobs[1].kind, abi::BlobKind::kSealedFiles);
  EXPECT_EQ(image.boot_config.image_end, files.guest_address + files.memory_size);
  ASSERT_EQ(image.files.size(), 2u);  // /etc, /etc/svc.conf
  EXPECT_EQ(image.files[1].guest_path, "/etc/svc.conf");
  EXPECT_EQ(image.files[1].sha384, sha384(bytes_of("port=1\n")));
}

TEST(SealAttackSurface, BootConfigCarriesAllowlistPolicyAndTmp) {
  const BootConfig& config = seal_with_files().output.image.boot_config;
  EXPECT_EQ(config.syscall_allowlist.count(), 3u);
  EXPECT_TRUE(config.syscall_allowlist.test(60));
  EXPECT_EQ(config.syscall_policy, abi::SyscallPolicy::kKill);
  EXPECT_EQ(config.tmpfs_size, 1u << 20);
}

TEST(SealAttackSurface, JsonListsFilesAndSyscallsInWords) {
  const Sealed sealed = seal_with_files();
  const nlohmann::json json = nlohmann::json::parse(seal_manifest_json(sealed.manifest, sealed.output.image, "0.1.0"));
  ASSERT_EQ(json["files"].size(), 1u);
  EXPECT_EQ(json["files"][0]["path"], "/etc/svc.conf");
  EXPECT_EQ(json["files"][0]["mode"], "0444");
  EXPECT_EQ(json["files"][0]["size"], 7);
  EXPECT_EQ(json["files"][0]["sha384"], to_hex(sha384(bytes_of("port=1\n"))));
  EXPECT_EQ(json["kernel"]["syscalls"], nlohmann::json::array({"read", "write", "exit"}));
  EXPECT_EQ(json["kernel"]["on_denied"], "kill");
  EXPECT_EQ(json["storage"]["tmp"], 1 << 20);
}

TEST(SealAttackSurface, FilesCountAgainstMemory) {
  WorkloadManifest manifest;
  manifest.name = "big";
  manifest.memory_bytes = 16ull << 20;
  const std::vector<std::byte> big(16ull << 20);
  Result<SealOutput> output = seal_image(fixture("pvh-kernel.elf"), manifest, fixture("static.elf"), SealAdditions{{}, big});
  ASSERT_FALSE(output.ok());
  EXPECT_NE(output.error().message.find("more than resources.memory (16M)"), std::string::npos) << output.error().message;
}

}  // namespace
}  // namespace confwl
