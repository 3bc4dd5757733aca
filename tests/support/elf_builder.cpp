#include "elf_builder.h"

#include <algorithm>
#include <cstring>

namespace confwl::test {

std::vector<std::byte> build_elf(const TestElf& elf) {
  const uint64_t headers_size = sizeof(Elf64_Ehdr) + elf.segments.size() * sizeof(Elf64_Phdr);
  std::vector<uint64_t> offsets;
  uint64_t offset = headers_size;
  uint64_t end = headers_size;
  for (const TestSegment& segment : elf.segments) {
    const uint64_t file_size = std::max<uint64_t>(segment.file_size, segment.content.size());
    offset = segment.file_offset ? *segment.file_offset
                                 : (offset + elf.content_align - 1) / elf.content_align * elf.content_align;
    offsets.push_back(offset);
    offset += file_size;
    end = std::max(end, offset);
  }
  std::vector<std::byte> bytes(end);

  Elf64_Ehdr header{};
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = elf.elf_class;
  header.e_ident[EI_DATA] = elf.data_encoding;
  header.e_ident[EI_VERSION] = EV_CURRENT;
  header.e_type = elf.type;
  header.e_machine = elf.machine;
  header.e_version = EV_CURRENT;
  header.e_entry = elf.entry;
  header.e_phoff = elf.segments.empty() ? 0 : sizeof(Elf64_Ehdr);
  header.e_ehsize = sizeof(Elf64_Ehdr);
  header.e_phentsize = sizeof(Elf64_Phdr);
  header.e_phnum = static_cast<uint16_t>(elf.segments.size());
  std::memcpy(bytes.data(), &header, sizeof(header));

  for (size_t index = 0; index < elf.segments.size(); ++index) {
    const TestSegment& segment = elf.segments[index];
    const uint64_t file_size = std::max<uint64_t>(segment.file_size, segment.content.size());
    const Elf64_Phdr program_header{segment.type,  segment.flags, offsets[index],
                                    segment.vaddr, segment.paddr, file_size,
                                    segment.memory_size ? segment.memory_size : file_size, segment.align};
    std::memcpy(bytes.data() + sizeof(Elf64_Ehdr) + index * sizeof(Elf64_Phdr), &program_header,
                sizeof(program_header));
    std::memcpy(bytes.data() + offsets[index], segment.content.data(), segment.content.size());
  }
  return bytes;
}

std::vector<std::byte> xen_entry_note(uint32_t entry) {
  const uint32_t words[] = {4, 4, 18, 0x006e6558 /* "Xen\0" */, entry};
  std::vector<std::byte> note(sizeof(words));
  std::memcpy(note.data(), words, sizeof(words));
  return note;
}

std::vector<std::byte> bytes_of(std::string_view text) {
  const auto* begin = reinterpret_cast<const std::byte*>(text.data());
  return {begin, begin + text.size()};
}

}  // namespace confwl::test
