#include "confwl/workload_elf.h"

#include <gtest/gtest.h>

#include "confwl/abi/guest_layout.h"
#include "elf_builder.h"
#include "fixture.h"

namespace confwl {
namespace {

using test::build_elf;
using test::bytes_of;
using test::fixture;
using test::TestElf;
using test::TestSegment;

constexpr std::string_view kStatic = "expected a statically linked x86-64 executable";

TestElf minimal_executable() {
  TestElf elf;
  elf.content_align = 0x1000;  // p_offset congruent to p_vaddr, as a loader needs
  elf.entry = 0x401000;
  elf.segments.push_back({PT_LOAD, PF_R | PF_X, 0x401000, 0x401000, bytes_of("\x0f\x05"), 0x2000});
  return elf;
}

std::string error_of(std::span<const std::byte> bytes, std::string_view name = "w") {
  Result<WorkloadElfInfo> info = check_workload_elf(bytes, name);
  return info ? "(accepted)" : info.error().message;
}

TEST(WorkloadElf, AcceptsStaticExecutables) {
  Result<WorkloadElfInfo> info = check_workload_elf(fixture("static.elf"), "static.elf");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->kind, WorkloadKind::kStaticExecutable);
  EXPECT_EQ(info->entry, 0x201120u);
  EXPECT_EQ(error_of(build_elf(minimal_executable())), "(accepted)");
}

TEST(WorkloadElf, AcceptsStaticPie) {
  Result<WorkloadElfInfo> info = check_workload_elf(fixture("static-pie.elf"), "static-pie.elf");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->kind, WorkloadKind::kStaticPie);
}

TEST(WorkloadElf, RefusesDynamicLinking) {
  EXPECT_EQ(error_of(fixture("dynamic.elf"), "dynamic.elf"),
            "dynamic.elf is a dynamically linked executable (PT_INTERP /lib/ld-musl-x86_64.so.1), " +
                std::string(kStatic));
  EXPECT_EQ(error_of(fixture("needs-library.elf"), "needs-library.elf"),
            "needs-library.elf is dynamically linked (DT_NEEDED libc.so), " + std::string(kStatic));
}

TEST(WorkloadElf, RefusesOtherMachinesAndFormats) {
  EXPECT_EQ(error_of(fixture("aarch64.elf"), "aarch64.elf"), "aarch64.elf is an ELF for ARM aarch64, expected x86-64");
  EXPECT_EQ(error_of(bytes_of("#!/bin/sh\necho hi\n"), "hello.sh"), "hello.sh is not an ELF file");
  EXPECT_EQ(error_of({}), "w is not an ELF file");
  EXPECT_EQ(error_of(bytes_of("\x7f" "ELF")), "w is truncated: the ELF identification is cut short");

  TestElf elf = minimal_executable();
  elf.elf_class = ELFCLASS32;
  EXPECT_EQ(error_of(build_elf(elf)), "w is a 32-bit ELF, expected an x86-64 ELF64 executable");
  elf = minimal_executable();
  elf.data_encoding = ELFDATA2MSB;
  EXPECT_EQ(error_of(build_elf(elf)), "w is a big-endian ELF, expected an x86-64 ELF64 executable");
  elf = minimal_executable();
  elf.machine = EM_386;
  EXPECT_EQ(error_of(build_elf(elf)), "w is an ELF for Intel 80386, expected x86-64");
  elf = minimal_executable();
  elf.type = ET_REL;
  EXPECT_EQ(error_of(build_elf(elf)), "w is a relocatable object file (ET_REL), " + std::string(kStatic));
  elf.type = ET_CORE;
  EXPECT_EQ(error_of(build_elf(elf)), "w is a core dump (ET_CORE), " + std::string(kStatic));
}

TEST(WorkloadElf, RefusesTruncatedFiles) {
  const std::vector<std::byte> whole = fixture("static.elf");
  EXPECT_EQ(error_of(std::span(whole).first(40)), "w is truncated: the ELF header needs 64 bytes, the file has 40");
  EXPECT_EQ(error_of(std::span(whole).first(100)),
            "w is truncated: the program headers (offset 0x40, 224 bytes) end past the end of the file (100 bytes)");
  EXPECT_EQ(error_of(std::span(whole).first(0x128)),
            "w is truncated: segment 2 (PT_LOAD) ends at offset 0x129, past the end of the file (296 bytes)");
  // Cutting into a segment is always refused; past the last segment only section headers are
  // cut, which a loader never reads, so either answer is fine but it must be a clean one.
  for (size_t size = 0; size < whole.size(); ++size) {
    Result<WorkloadElfInfo> info = check_workload_elf(std::span(whole).first(size), "w");
    if (size < 0x129) {
      EXPECT_FALSE(info.ok()) << size;
    }
  }
}

TEST(WorkloadElf, RefusesSegmentsOutsideUserSpace) {
  TestElf elf = minimal_executable();
  elf.segments.push_back({PT_LOAD, PF_R, 0xffff800000000000, 0, bytes_of("x"), 0});
  EXPECT_EQ(error_of(build_elf(elf)),
            "w has segment 1 (PT_LOAD at 0xffff800000000000, 1 bytes) outside user space (below 0x7ffffffff000)");
  elf = minimal_executable();
  elf.segments[0].memory_size = UINT64_MAX;
  EXPECT_EQ(error_of(build_elf(elf)),
            "w has segment 0 (PT_LOAD at 0x401000, 18446744073709551615 bytes) outside user space (below "
            "0x7ffffffff000)");
  // A static PIE is loaded at kPieLoadBase, so its own addresses must leave room for that.
  elf = minimal_executable();
  elf.type = ET_DYN;
  elf.entry = elf.segments[0].vaddr = abi::kUserSpaceEnd - abi::kPieLoadBase;
  EXPECT_EQ(error_of(build_elf(elf)),
            "w has segment 0 (PT_LOAD at 0x7fffeffff000, 8192 bytes) outside user space (below 0x7ffffffff000)");
}

TEST(WorkloadElf, RefusesInconsistentSegmentsAndEntry) {
  TestElf elf = minimal_executable();
  elf.segments[0].memory_size = 1;
  EXPECT_EQ(error_of(build_elf(elf)),
            "w is an ELF whose segment 0 (PT_LOAD) has more file bytes than memory bytes, expected an x86-64 ELF64 "
            "executable");
  elf = minimal_executable();
  elf.entry = 0x10;
  EXPECT_EQ(error_of(build_elf(elf)), "w has its entry point 0x10 outside every PT_LOAD segment");
  elf.segments.clear();
  EXPECT_EQ(error_of(build_elf(elf)), "w has no PT_LOAD segments, " + std::string(kStatic));
}

// Whatever the kernel's loader refuses at boot is refused at seal time, by the same code
// (kernel/loader/elf_plan.cpp), instead of sealing an image that can never run.
TEST(WorkloadElf, RefusesWhatTheKernelWouldNotLoad) {
  constexpr std::string_view kPrefix = "w would not load in the ConfWL kernel: ";
  TestElf elf = minimal_executable();
  elf.segments[0].flags = PF_R | PF_W | PF_X;  // what `ld -N` makes
  EXPECT_EQ(error_of(build_elf(elf)), std::string(kPrefix) + "a segment is writable and executable (W^X)");
  elf = minimal_executable();
  elf.segments.push_back({PT_LOAD, PF_R | PF_W, 0x600000, 0x600000, bytes_of("d"), 0x1000});
  elf.entry = 0x600000;
  EXPECT_EQ(error_of(build_elf(elf)), std::string(kPrefix) + "the entry point is not in an executable segment");
  elf = minimal_executable();
  elf.segments.push_back({PT_LOAD, PF_R, 0x402000, 0x402000, bytes_of("d"), 0x1000});
  EXPECT_EQ(error_of(build_elf(elf)), std::string(kPrefix) + "two PT_LOAD segments share a page");
  elf = minimal_executable();
  elf.entry = elf.segments[0].vaddr = elf.segments[0].paddr = 0x1000;
  EXPECT_EQ(error_of(build_elf(elf)), std::string(kPrefix) + "a segment lies outside user space [0x10000, stack)");
  elf = minimal_executable();
  elf.entry = elf.segments[0].vaddr = elf.segments[0].paddr = 0x401800;
  EXPECT_EQ(error_of(build_elf(elf)), std::string(kPrefix) + "p_vaddr and p_offset differ modulo the page size");
}

}  // namespace
}  // namespace confwl
