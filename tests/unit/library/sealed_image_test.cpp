#include "confwl/sealed_image.h"

#include <gtest/gtest.h>

#include <cstring>

#include "confwl/abi/guest_layout.h"
#include "elf_builder.h"
#include "fixture.h"

namespace confwl {
namespace {

using test::build_elf;
using test::bytes_of;
using test::fixture;
using test::TestElf;
using test::xen_entry_note;

WorkloadManifest hello_manifest() {
  WorkloadManifest manifest;
  manifest.name = "hello";
  manifest.args = {"a", "b"};
  manifest.env = {{"GREETING", "hi"}};
  manifest.memory_bytes = 32ull << 20;
  return manifest;
}

SealOutput seal_fixtures(const WorkloadManifest& manifest = hello_manifest()) {
  Result<SealOutput> sealed = seal_image(fixture("pvh-kernel.elf"), manifest, fixture("static.elf"));
  EXPECT_TRUE(sealed.ok()) << sealed.error().message;
  return sealed ? std::move(*sealed) : SealOutput{};
}

std::string seal_error(std::span<const std::byte> kernel, std::span<const std::byte> workload,
                       const WorkloadManifest& manifest = hello_manifest()) {
  Result<SealOutput> sealed = seal_image(kernel, manifest, workload);
  return sealed ? "(sealed)" : sealed.error().message;
}

std::string parse_error(std::span<const std::byte> image) {
  Result<SealedImage> parsed = parse_sealed_image(image);
  return parsed ? "(parsed)" : parsed.error().message;
}

// A kernel of one PT_LOAD at `physical` with a Xen note pointing into it.
std::vector<std::byte> synthetic_kernel(uint64_t physical) {
  TestElf kernel;
  kernel.entry = physical;
  kernel.segments.push_back({PT_LOAD, PF_R | PF_X, physical, physical, bytes_of("\xf4\xf4\xf4\xf4")});
  kernel.segments.push_back({PT_NOTE, PF_R, 0, 0, xen_entry_note(static_cast<uint32_t>(physical)), 0, 4});
  return build_elf(kernel);
}

TEST(SealImage, LaysOutKernelBootConfigAndWorkload) {
  const SealOutput sealed = seal_fixtures();
  const std::vector<std::byte> workload = fixture("static.elf");
  const SealedImage& image = sealed.image;
  ASSERT_EQ(image.segments.size(), 5u);
  const uint64_t expected_addresses[] = {0x100000, 0x100008, 0x10001c, abi::kBootConfigAddress, abi::kBlobsBase};
  const SegmentRole expected_roles[] = {SegmentRole::kKernel, SegmentRole::kKernel, SegmentRole::kKernel,
                                        SegmentRole::kBootConfig, SegmentRole::kWorkload};
  for (size_t index = 0; index < image.segments.size(); ++index) {
    EXPECT_EQ(image.segments[index].guest_address, expected_addresses[index]) << index;
    EXPECT_EQ(image.segments[index].role, expected_roles[index]) << index;
  }
  EXPECT_EQ(image.segments[2].file_size, 0u);
  EXPECT_EQ(image.segments[2].memory_size, 8192u);  // the kernel's .bss
  EXPECT_EQ(image.segments[4].file_size, workload.size());
  EXPECT_EQ(image.segments[4].memory_size, abi::kPageSize);
  EXPECT_EQ(image.segments[4].sha384, sha384(workload));
  EXPECT_EQ(image.pvh_entry, 0x100000u);
  EXPECT_EQ(image.image_size, sealed.bytes.size());
  EXPECT_EQ(image.image_sha384, sha384(sealed.bytes));

  BootConfig expected;
  expected.memory_size = 32ull << 20;
  expected.image_end = abi::kBlobsBase + abi::kPageSize;
  expected.argv = {"hello", "a", "b"};
  expected.envp = {"GREETING=hi"};
  expected.blobs = {{abi::BlobKind::kWorkloadElf, abi::kBlobsBase, workload.size()}};
  expected.syscall_allowlist.set();  // no SealAdditions: the kernel's own table is the limit
  EXPECT_EQ(image.boot_config, expected);

  // The workload's bytes are in the image unchanged, at a page-aligned file offset.
  Elf64_Phdr last;
  std::memcpy(&last, sealed.bytes.data() + sizeof(Elf64_Ehdr) + 5 * sizeof(Elf64_Phdr), sizeof(last));
  EXPECT_EQ(last.p_offset % abi::kPageSize, 0u);
  EXPECT_EQ(last.p_vaddr, last.p_paddr);
  EXPECT_EQ(std::memcmp(sealed.bytes.data() + last.p_offset, workload.data(), workload.size()), 0);
}

TEST(SealImage, IsReproducibleAndDependsOnEveryInput) {
  const SealOutput first = seal_fixtures();
  const SealOutput second = seal_fixtures();
  EXPECT_EQ(first.bytes, second.bytes);

  WorkloadManifest changed = hello_manifest();
  changed.runtime_args = true;
  const SealOutput other = seal_fixtures(changed);
  EXPECT_NE(other.image.image_sha384, first.image.image_sha384);
  EXPECT_TRUE(other.image.boot_config.runtime_args);
  EXPECT_EQ(other.image.segments[0].sha384, first.image.segments[0].sha384);
  EXPECT_NE(other.image.segments[3].sha384, first.image.segments[3].sha384);
}

TEST(SealImage, ParsesBackToTheSameDescription) {
  const SealOutput sealed = seal_fixtures();
  Result<SealedImage> parsed = parse_sealed_image(sealed.bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->boot_config, sealed.image.boot_config);
  EXPECT_EQ(parsed->image_sha384, sealed.image.image_sha384);
  ASSERT_EQ(parsed->segments.size(), sealed.image.segments.size());
  for (size_t index = 0; index < parsed->segments.size(); ++index)
    EXPECT_EQ(parsed->segments[index].sha384, sealed.image.segments[index].sha384);
}

// `confwl run` parses without digests: the same checks and layout, nothing hashed.
TEST(ParseSealedImage, WithoutDigestsGivesTheSameLayout) {
  const std::vector<SealedFile> files{{"/etc/app.conf", bytes_of("setting\n"), false}};
  const std::vector<std::byte> archive = *build_sealed_files_archive(files);
  Result<SealOutput> sealed = seal_image(fixture("pvh-kernel.elf"), hello_manifest(), fixture("static.elf"),
                                         SealAdditions{{}, archive});
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  Result<SealedImage> parsed = parse_sealed_image(sealed->bytes, Digests::kSkip);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const SealedImage& full = sealed->image;
  EXPECT_EQ(parsed->boot_config, full.boot_config);
  EXPECT_EQ(parsed->image_size, full.image_size);
  EXPECT_EQ(parsed->pvh_entry, full.pvh_entry);
  EXPECT_EQ(parsed->image_sha384, Sha384{});
  ASSERT_EQ(parsed->segments.size(), full.segments.size());
  for (size_t index = 0; index < parsed->segments.size(); ++index) {
    const SegmentInfo& segment = parsed->segments[index];
    EXPECT_EQ(segment.role, full.segments[index].role) << index;
    EXPECT_EQ(segment.guest_address, full.segments[index].guest_address) << index;
    EXPECT_EQ(segment.file_size, full.segments[index].file_size) << index;
    EXPECT_EQ(segment.memory_size, full.segments[index].memory_size) << index;
    EXPECT_EQ(segment.file_offset, full.segments[index].file_offset) << index;
    EXPECT_EQ(segment.sha384, Sha384{}) << index;
  }
  ASSERT_EQ(parsed->files.size(), full.files.size());
  ASSERT_FALSE(full.files.empty());
  EXPECT_EQ(parsed->files.back().guest_path, "/etc/app.conf");
  EXPECT_EQ(parsed->files.back().size, 8u);
  EXPECT_EQ(parsed->files.back().sha384, Sha384{});
}

TEST(ParseSealedImage, WithoutDigestsRefusesTheSameImages) {
  SealOutput sealed = seal_fixtures();
  std::vector<std::byte> bad_config = sealed.bytes;
  bad_config[0x2000] = std::byte{'X'};
  std::vector<std::vector<std::byte>> images = {{}, bytes_of("not an ELF"), fixture("static.elf"),
                                                fixture("pvh-kernel.elf"), fixture("aarch64.elf"), bad_config};
  for (size_t size = 0; size < sealed.bytes.size(); size += 97)
    images.emplace_back(sealed.bytes.begin(), sealed.bytes.begin() + static_cast<ptrdiff_t>(size));
  for (const std::vector<std::byte>& image : images) {
    Result<SealedImage> skipped = parse_sealed_image(image, Digests::kSkip);
    ASSERT_FALSE(skipped.ok()) << image.size();
    EXPECT_EQ(skipped.error().message, parse_error(image)) << image.size();
  }
}

TEST(SealImage, RefusesUnsuitableKernels) {
  const std::vector<std::byte> workload = fixture("static.elf");
  EXPECT_EQ(seal_error(fixture("kernel-without-note.elf"), workload),
            "the kernel has no Xen PHYS32_ENTRY note; expected a PVH-bootable kernel");
  EXPECT_EQ(seal_error(synthetic_kernel(0x500000), workload),
            "the kernel has a PT_LOAD segment at physical 0x500000 (4 bytes) outside [0x100000, 0x400000)");
  EXPECT_EQ(seal_error(synthetic_kernel(0x3ffffe), workload),
            "the kernel has a PT_LOAD segment at physical 0x3ffffe (4 bytes) outside [0x100000, 0x400000)");
  EXPECT_EQ(seal_error(synthetic_kernel(0x80000), workload),
            "the kernel has a PT_LOAD segment at physical 0x80000 (4 bytes) outside [0x100000, 0x400000)");
  // A kernel that does not say which subsystems and syscalls it has (kernel_features.h).
  const std::string no_features =
      "the kernel has no .confwl.features section; expected a ConfWL kernel that says which subsystems and syscalls it has";
  EXPECT_EQ(seal_error(synthetic_kernel(0x200000), workload), no_features);
  EXPECT_EQ(seal_error(fixture("kernel-without-features.elf"), workload), no_features);
  EXPECT_EQ(seal_error(bytes_of("not a kernel"), workload), "the kernel is not an ELF file");
  EXPECT_EQ(seal_error(fixture("aarch64.elf"), workload), "the kernel is an ELF for ARM aarch64, expected x86-64");
}

TEST(SealImage, RefusesUnsuitableWorkloads) {
  EXPECT_EQ(seal_error(fixture("pvh-kernel.elf"), fixture("dynamic.elf")),
            "the workload is a dynamically linked executable (PT_INTERP /lib/ld-musl-x86_64.so.1), expected a "
            "statically linked x86-64 executable");
  // The whole image must fit in the guest memory the manifest asks for.
  TestElf big;
  big.content_align = 0x1000;  // p_offset congruent to p_vaddr, as the kernel's loader needs
  big.entry = 0x401000;
  big.segments.push_back({PT_LOAD, PF_R | PF_X, 0x401000, 0x401000, std::vector<std::byte>(12 << 20)});
  WorkloadManifest manifest = hello_manifest();
  manifest.memory_bytes = 16ull << 20;
  EXPECT_EQ(seal_error(fixture("pvh-kernel.elf"), build_elf(big), manifest),
            "the image needs guest memory up to 0x1011000, more than resources.memory (16M)");
}

TEST(ParseSealedImage, RefusesWhatIsNotAConfwlImage) {
  EXPECT_EQ(parse_error({}), "not a ConfWL image: the file is empty");
  EXPECT_EQ(parse_error(bytes_of("line one\nline two\n")), "not a ConfWL image: not an ELF file");
  EXPECT_EQ(parse_error(fixture("static.elf")), "not a ConfWL image: no Xen PVH entry note (PHYS32_ENTRY)");
  EXPECT_EQ(parse_error(fixture("pvh-kernel.elf")), "not a ConfWL image: no boot config segment at 0x400000");
  EXPECT_EQ(parse_error(fixture("aarch64.elf")), "not a ConfWL image: an ELF for ARM aarch64, expected x86-64");
  EXPECT_EQ(parse_error(fixture("static-pie.elf")), "not a ConfWL image: ELF type 3, expected ET_EXEC");
}

TEST(ParseSealedImage, RefusesTruncatedImages) {
  const SealOutput sealed = seal_fixtures();
  const std::span<const std::byte> image(sealed.bytes);
  EXPECT_EQ(parse_error(image.first(30)), "truncated: the ELF header needs 64 bytes, the file has 30");
  EXPECT_EQ(parse_error(image.first(200)),
            "truncated: the program headers (offset 0x40, 336 bytes) end past the end of the file (200 bytes)");
  EXPECT_EQ(parse_error(image.first(image.size() / 2)),
            "truncated: segment 4 (PT_LOAD) ends at offset 0x20be, past the end of the file (6552 bytes)");
  for (size_t size = 0; size < image.size(); size += 7) EXPECT_FALSE(parse_sealed_image(image.first(size)).ok()) << size;
}

TEST(ParseSealedImage, RefusesACorruptBootConfig) {
  SealOutput sealed = seal_fixtures();
  sealed.bytes[0x2000] = std::byte{'X'};  // the boot config's first magic byte
  EXPECT_EQ(parse_error(sealed.bytes),
            "not a ConfWL image: boot config: bad magic 0x31544f4f424c5758, expected 0x31544f4f424c5743 (\"CWLBOOT1\")");
}

TEST(ParseSealedImage, SurvivesCorruptedHeaders) {
  const SealOutput sealed = seal_fixtures();
  // Every single-byte change in the ELF and program headers is either still a valid image or a
  // clean error: never a crash, hang or out-of-bounds read (run under CONFWL_SANITIZE to see).
  for (size_t offset = 0; offset < sizeof(Elf64_Ehdr) + 6 * sizeof(Elf64_Phdr); ++offset) {
    for (uint8_t value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      std::vector<std::byte> corrupted = sealed.bytes;
      corrupted[offset] = std::byte{value};
      Result<SealedImage> parsed = parse_sealed_image(corrupted);
      if (!parsed) {
        EXPECT_FALSE(parsed.error().message.empty());
      }
    }
  }
}

}  // namespace
}  // namespace confwl
