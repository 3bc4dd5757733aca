// Test helpers: tiny ELF files built in memory (each field under the test's control, including
// the broken ones), and the committed fixtures in data/ (see data/README.md).
#pragma once
#include <elf.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace confwl::test {

struct TestSegment {
  uint32_t type = PT_LOAD;
  uint32_t flags = PF_R;
  uint64_t vaddr = 0;
  uint64_t paddr = 0;
  std::vector<std::byte> content;
  uint64_t memory_size = 0;  // 0: the content's size
  uint64_t align = 0x1000;
};

struct TestElf {
  unsigned char elf_class = ELFCLASS64;
  unsigned char data_encoding = ELFDATA2LSB;
  uint16_t type = ET_EXEC;
  uint16_t machine = EM_X86_64;
  uint64_t entry = 0;
  std::vector<TestSegment> segments;
};

// Header, program headers, then each segment's content 8-byte aligned, in order.
std::vector<std::byte> build_elf(const TestElf& elf);

// A Xen PHYS32_ENTRY note's bytes.
std::vector<std::byte> xen_entry_note(uint32_t entry);

std::vector<std::byte> bytes_of(std::string_view text);

// The bytes of data/<name>; fails the calling test when the file cannot be read.
std::vector<std::byte> fixture(const std::string& name);

}  // namespace confwl::test
