// Test support: tiny ELF files built in memory, each field under the test's control (including the
// broken ones). The one place test and benchmark code writes an ELF header.
#pragma once
#include <elf.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace confwl::test {

struct TestSegment {
  uint32_t type = PT_LOAD;
  uint32_t flags = PF_R;
  uint64_t vaddr = 0;
  uint64_t paddr = 0;
  std::vector<std::byte> content;
  uint64_t memory_size = 0;  // 0: the file size
  uint64_t align = 0x1000;
  // none: after the previous segment, content_align-aligned
  std::optional<uint64_t> file_offset = std::nullopt;
  uint64_t file_size = 0;  // 0: the content's size; larger: the content, then zeros
};

struct TestElf {
  unsigned char elf_class = ELFCLASS64;
  unsigned char data_encoding = ELFDATA2LSB;
  uint16_t type = ET_EXEC;
  uint16_t machine = EM_X86_64;
  uint64_t entry = 0;
  std::vector<TestSegment> segments;
  uint64_t content_align = 8;  // file alignment of segments placed after the previous one
};

// Header, program headers, then each segment's content (at its file_offset, or after the previous
// segment's), in order; gaps are zeros.
std::vector<std::byte> build_elf(const TestElf& elf);

// A Xen PHYS32_ENTRY note's bytes.
std::vector<std::byte> xen_entry_note(uint32_t entry);

std::vector<std::byte> bytes_of(std::string_view text);

}  // namespace confwl::test
