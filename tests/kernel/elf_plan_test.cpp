#include "loader/elf_plan.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "loader/elf.h"

namespace {

namespace elf = kernel::elf;
constexpr uint64_t kPieBase = 0x1000'0000;
constexpr uint64_t kUserLimit = 0x7FFF'0000'0000;

// A static executable: headers, then a text segment (R X) and a data segment (R W + bss).
struct Image {
  elf::Header header{};
  std::vector<elf::ProgramHeader> programs;

  explicit Image(uint16_t type = elf::kTypeExec, uint64_t base = 0x200000) {
    std::memcpy(header.ident, "\x7f" "ELF", 4);
    header.ident[4] = elf::kClass64;
    header.ident[5] = elf::kDataLittleEndian;
    header.ident[6] = elf::kVersionCurrent;
    header.type = type;
    header.machine = elf::kMachineX86_64;
    header.version = elf::kVersionCurrent;
    header.entry = base + 0x1010;
    header.phoff = sizeof(elf::Header);
    header.phentsize = sizeof(elf::ProgramHeader);
    programs.push_back({elf::kProgramLoad, elf::kFlagRead | elf::kFlagExec, 0, base, base, 0x1100, 0x1100, 0x1000});
    programs.push_back({elf::kProgramLoad, elf::kFlagRead | elf::kFlagWrite, 0x2000, base + 0x3000, base + 0x3000,
                        0x100, 0x5000, 0x1000});
  }

  std::vector<uint8_t> bytes() {
    header.phnum = static_cast<uint16_t>(programs.size());
    std::vector<uint8_t> out(0x3000);
    std::memcpy(out.data(), &header, sizeof header);
    std::memcpy(out.data() + sizeof header, programs.data(), programs.size() * sizeof(elf::ProgramHeader));
    return out;
  }
};

kernel::Expected<kernel::LoadPlan, kernel::LoadError> plan(Image& image) {
  auto bytes = image.bytes();
  return kernel::plan_load(bytes.data(), bytes.size(), kPieBase, kUserLimit);
}

std::string error_of(Image& image) {
  auto planned = plan(image);
  return planned.ok() ? "ok" : planned.error().message;
}

TEST(ElfPlan, PlacesAStaticExecutable) {
  Image image;
  auto planned = plan(image);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  const auto& p = planned.value();
  ASSERT_EQ(p.segment_count, 2u);
  EXPECT_EQ(p.entry, 0x201010u);
  EXPECT_EQ(p.segments[0].start, 0x200000u);
  EXPECT_EQ(p.segments[0].end, 0x202000u);
  EXPECT_EQ(p.segments[0].protection, 5u);
  EXPECT_EQ(p.segments[1].end, 0x208000u);
  EXPECT_EQ(p.segments[1].protection, 3u);
  EXPECT_EQ(p.image_end, 0x208000u);
  EXPECT_EQ(p.program_headers, 0x200040u);  // the headers are in the first segment's file bytes
  EXPECT_EQ(p.program_header_count, 2u);
}

TEST(ElfPlan, MapsFilePagesAndABoundedZeroFillTailAtLoad) {
  Image image;
  auto planned = plan(image);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_EQ(planned.value().segments[0].eager_end, 0x202000u);  // no tail: the whole segment
  EXPECT_EQ(planned.value().segments[1].eager_end, 0x208000u);  // a small .bss: all of it

  // A 4 MiB .bss: the file bytes' page, then kEagerZeroFillBytes; the rest is demand-zero.
  image.programs[1].memsz = 0x100 + (4u << 20);
  planned = plan(image);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  const auto& data = planned.value().segments[1];
  EXPECT_EQ(data.end, 0x204000u + (4u << 20));
  EXPECT_EQ(data.eager_end, 0x204000u + kernel::kEagerZeroFillBytes);

  // A segment without file bytes (only .bss), starting mid-page: its first page, then the bound.
  image.programs[1].filesz = 0;
  image.programs[1].vaddr = image.programs[1].paddr = 0x203100;
  image.programs[1].offset = 0x2100;
  planned = plan(image);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_EQ(planned.value().segments[1].start, 0x203000u);
  EXPECT_EQ(planned.value().segments[1].eager_end, 0x204000u + kernel::kEagerZeroFillBytes);
}

TEST(ElfPlan, LoadsStaticPieAtTheBase) {
  Image image(elf::kTypeDyn, 0);
  auto planned = plan(image);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_EQ(planned.value().segments[0].start, kPieBase);
  EXPECT_EQ(planned.value().entry, kPieBase + 0x1010);
}

TEST(ElfPlan, RejectsWritableAndExecutable) {
  Image image;
  image.programs[0].flags |= elf::kFlagWrite;
  EXPECT_EQ(error_of(image), "workload: a segment is writable and executable (W^X)");
}

TEST(ElfPlan, RejectsDynamicallyLinked) {
  Image image;
  image.programs.push_back({elf::kProgramInterp, elf::kFlagRead, 0x100, 0, 0, 10, 10, 1});
  EXPECT_EQ(error_of(image), "workload: has PT_INTERP (dynamically linked); only static ELFs run");
}

TEST(ElfPlan, RejectsSegmentsOutsideTheFile) {
  Image image;
  image.programs[1].offset = ~0ull - 10;
  EXPECT_EQ(error_of(image), "workload: a segment lies outside the file");
}

TEST(ElfPlan, RejectsAddressOverflowAndKernelAddresses) {
  Image image;
  image.programs[1].vaddr = ~0ull - 0xFFF;
  image.programs[1].offset = 0;
  EXPECT_EQ(error_of(image), "workload: a segment's address overflows");
  Image kernel_address;
  kernel_address.programs[1].vaddr = 0xFFFF'FFFF'8000'0000;
  kernel_address.programs[1].offset = 0;
  EXPECT_EQ(error_of(kernel_address), "workload: a segment lies outside user space [0x10000, stack)");
}

TEST(ElfPlan, KeepsPageZeroUnmapped) {
  Image image(elf::kTypeExec, 0);
  EXPECT_EQ(error_of(image), "workload: a segment lies outside user space [0x10000, stack)");
}

TEST(ElfPlan, RejectsSharedPagesAndMisalignment) {
  Image shared;
  shared.programs[1].vaddr = 0x201000;
  shared.programs[1].offset = 0x2000;
  EXPECT_EQ(error_of(shared), "workload: two PT_LOAD segments share a page");
  Image misaligned;
  misaligned.programs[1].vaddr += 8;
  EXPECT_EQ(error_of(misaligned), "workload: p_vaddr and p_offset differ modulo the page size");
}

TEST(ElfPlan, RejectsBadHeaders) {
  Image not_elf;
  not_elf.header.ident[0] = 0;
  EXPECT_EQ(error_of(not_elf), "workload: not an ELF file");
  Image arm;
  arm.header.machine = 183;
  EXPECT_EQ(error_of(arm), "workload: not an x86-64 ELF");
  Image relocatable;
  relocatable.header.type = 1;
  EXPECT_EQ(error_of(relocatable), "workload: ELF type is neither ET_EXEC nor ET_DYN (static-PIE)");
  Image far_headers;
  far_headers.header.phoff = 0x10000;
  EXPECT_EQ(error_of(far_headers), "workload: program headers lie outside the file");
  Image entry_in_data;
  entry_in_data.header.entry = 0x203000;
  EXPECT_EQ(error_of(entry_in_data), "workload: the entry point is not in an executable segment");
}

}  // namespace
