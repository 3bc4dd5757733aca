// Internal: a checked, read-only view of an ELF64 file in memory, over libelf. Opening checks the
// ident, the header, the program header table and every segment's file range, so callers can take
// segment bytes without further bounds checks.
#pragma once
#include <gelf.h>
#include <libelf.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace confwl::elf {

struct Defect {
  enum class Kind {
    kNotElf,     // no ELF magic
    kFormat,     // an ELF, but not 64-bit little-endian, or internally inconsistent
    kTruncated,  // a header or segment extends past the end of the bytes
  };
  Kind kind;
  std::string detail;  // a phrase: "a 32-bit ELF", "segment 2 (PT_LOAD) ends at offset ..."
};

class Reader {
 public:
  static std::variant<Reader, Defect> open(std::span<const std::byte> bytes);

  std::span<const std::byte> bytes() const { return bytes_; }
  const GElf_Ehdr& header() const { return header_; }
  const std::vector<GElf_Phdr>& program_headers() const { return program_headers_; }
  // The segment's bytes in the file (p_offset, p_filesz), checked by open().
  std::span<const std::byte> file_bytes(const GElf_Phdr& segment) const {
    return bytes_.subspan(segment.p_offset, segment.p_filesz);
  }

  // The 32-bit PVH entry from a Xen PHYS32_ENTRY note in a PT_NOTE segment, if there is one.
  std::optional<uint32_t> pvh_entry() const;

  // The file bytes of the section called `name`: nullopt if there is none (or no section header
  // table), a Defect if its header cannot be read or its bytes lie outside the file.
  std::variant<std::optional<std::span<const std::byte>>, Defect> section(std::string_view name) const;

 private:
  struct End {
    void operator()(Elf* elf) const { elf_end(elf); }
  };
  Reader(std::span<const std::byte> bytes, std::unique_ptr<Elf, End> elf)
      : bytes_(bytes), elf_(std::move(elf)) {}

  std::span<const std::byte> bytes_;
  std::unique_ptr<Elf, End> elf_;
  GElf_Ehdr header_{};
  std::vector<GElf_Phdr> program_headers_;
};

// "x86-64", "ARM aarch64", ... for messages about e_machine.
std::string machine_name(unsigned machine);

// "PT_LOAD", "PT_NOTE", ... or "type 0x..." for messages about segments.
std::string segment_type_name(uint32_t type);

}  // namespace confwl::elf
