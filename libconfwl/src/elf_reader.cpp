#include "elf_reader.h"

#include <cstring>
#include <string_view>

#include "confwl/abi/pvh.h"
#include "confwl/checked.h"
#include "confwl/hex.h"

namespace confwl::elf {
namespace {

Defect format(std::string detail) { return {Defect::Kind::kFormat, std::move(detail)}; }
Defect truncated(std::string detail) { return {Defect::Kind::kTruncated, std::move(detail)}; }

std::optional<Defect> check_ident(std::span<const std::byte> bytes) {
  if (bytes.size() < SELFMAG || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    return Defect{Defect::Kind::kNotElf, "no ELF magic"};
  if (bytes.size() < EI_NIDENT) return truncated("the ELF identification is cut short");
  const auto ident = [&](size_t index) { return static_cast<unsigned char>(bytes[index]); };
  if (ident(EI_CLASS) != ELFCLASS64)
    return format(ident(EI_CLASS) == ELFCLASS32 ? "a 32-bit ELF" : "an ELF of unknown class");
  if (ident(EI_DATA) != ELFDATA2LSB) return format("a big-endian ELF");
  if (ident(EI_VERSION) != EV_CURRENT) return format("an ELF of unknown version");
  if (bytes.size() < sizeof(Elf64_Ehdr))
    return truncated("the ELF header needs " + std::to_string(sizeof(Elf64_Ehdr)) +
                     " bytes, the file has " + std::to_string(bytes.size()));
  return std::nullopt;
}

std::optional<Defect> check_program_header_table(const GElf_Ehdr& header, size_t file_size) {
  if (header.e_phnum == 0) return std::nullopt;
  if (header.e_phnum == PN_XNUM) return format("an ELF with extended program header numbering");
  if (header.e_phentsize != sizeof(Elf64_Phdr))
    return format("an ELF with program header entries of " + std::to_string(header.e_phentsize) +
                  " bytes (expected " + std::to_string(sizeof(Elf64_Phdr)) + ")");
  const uint64_t table_size = uint64_t{header.e_phnum} * sizeof(Elf64_Phdr);
  if (!range_within(header.e_phoff, table_size, file_size))
    return truncated("the program headers (offset " + hex_number(header.e_phoff) + ", " +
                     std::to_string(table_size) + " bytes) end past the end of the file (" +
                     std::to_string(file_size) + " bytes)");
  return std::nullopt;
}

std::optional<Defect> check_segment(const GElf_Phdr& segment, size_t index, size_t file_size) {
  if (segment.p_type == PT_LOAD && segment.p_filesz > segment.p_memsz)
    return format("an ELF whose segment " + std::to_string(index) +
                  " (PT_LOAD) has more file bytes than memory bytes");
  if (!range_within(segment.p_offset, segment.p_filesz, file_size)) {
    std::optional<uint64_t> end = checked_add(segment.p_offset, segment.p_filesz);
    return truncated("segment " + std::to_string(index) + " (" + segment_type_name(segment.p_type) +
                     ") ends at offset " + (end ? hex_number(*end) : std::string("beyond 2^64")) +
                     ", past the end of the file (" + std::to_string(file_size) + " bytes)");
  }
  return std::nullopt;
}

}  // namespace

std::variant<Reader, Defect> Reader::open(std::span<const std::byte> bytes) {
  if (std::optional<Defect> defect = check_ident(bytes)) return *defect;
  static const bool kLibelfReady = elf_version(EV_CURRENT) != EV_NONE;
  if (!kLibelfReady) return format("unreadable: libelf has no EV_CURRENT support");

  // ELF_C_READ_MEMORY never writes through the pointer; libelf's API just is not const-correct.
  char* image = const_cast<char*>(reinterpret_cast<const char*>(bytes.data()));
  std::unique_ptr<Elf, End> handle(elf_memory(image, bytes.size()));
  if (!handle || elf_kind(handle.get()) != ELF_K_ELF)
    return format(std::string("an ELF libelf cannot read (") + elf_errmsg(-1) + ")");

  Reader reader(bytes, std::move(handle));
  if (gelf_getehdr(reader.elf_.get(), &reader.header_) == nullptr)
    return format(std::string("an ELF with an unreadable header (") + elf_errmsg(-1) + ")");
  if (std::optional<Defect> defect = check_program_header_table(reader.header_, bytes.size()))
    return *defect;

  for (size_t index = 0; index < reader.header_.e_phnum; ++index) {
    GElf_Phdr segment{};
    if (gelf_getphdr(reader.elf_.get(), static_cast<int>(index), &segment) == nullptr)
      return format("an ELF with an unreadable program header " + std::to_string(index) + " (" +
                    elf_errmsg(-1) + ")");
    if (std::optional<Defect> defect = check_segment(segment, index, bytes.size())) return *defect;
    reader.program_headers_.push_back(segment);
  }
  return reader;
}

std::optional<uint32_t> Reader::pvh_entry() const {
  for (const GElf_Phdr& segment : program_headers_) {
    if (segment.p_type != PT_NOTE || segment.p_filesz == 0) continue;
    const Elf_Type note_type = segment.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR;
    Elf_Data* data = elf_getdata_rawchunk(elf_.get(), static_cast<int64_t>(segment.p_offset),
                                          segment.p_filesz, note_type);
    if (data == nullptr) continue;
    GElf_Nhdr note{};
    size_t name_offset = 0;
    size_t descriptor_offset = 0;
    for (size_t offset = 0;
         (offset = gelf_getnote(data, offset, &note, &name_offset, &descriptor_offset)) > 0;) {
      const auto* base = static_cast<const char*>(data->d_buf);
      const std::string_view name(base + name_offset, note.n_namesz);
      if (note.n_type != abi::kXenElfNotePhys32Entry ||
          name != std::string_view(abi::kXenElfNoteName, sizeof(abi::kXenElfNoteName)))
        continue;
      // The Xen ABI says 32 bits; some linkers emit the field as 64 bits with a 32-bit value.
      if (note.n_descsz == 4) {
        uint32_t entry = 0;
        std::memcpy(&entry, base + descriptor_offset, sizeof(entry));
        return entry;
      }
      if (note.n_descsz == 8) {
        uint64_t entry = 0;
        std::memcpy(&entry, base + descriptor_offset, sizeof(entry));
        if (entry <= UINT32_MAX) return static_cast<uint32_t>(entry);
      }
    }
  }
  return std::nullopt;
}

std::variant<std::optional<std::span<const std::byte>>, Defect> Reader::section(std::string_view name) const {
  if (header_.e_shnum == 0) return std::nullopt;
  const uint64_t table_size = uint64_t{header_.e_shnum} * header_.e_shentsize;
  if (!range_within(header_.e_shoff, table_size, bytes_.size()))
    return truncated("the section headers (offset " + hex_number(header_.e_shoff) + ", " + std::to_string(table_size) +
                     " bytes) end past the end of the file (" + std::to_string(bytes_.size()) + " bytes)");
  size_t names_index = 0;
  if (elf_getshdrstrndx(elf_.get(), &names_index) != 0)
    return format(std::string("an ELF without a readable section name table (") + elf_errmsg(-1) + ")");
  for (Elf_Scn* scn = elf_nextscn(elf_.get(), nullptr); scn != nullptr; scn = elf_nextscn(elf_.get(), scn)) {
    GElf_Shdr section_header{};
    if (gelf_getshdr(scn, &section_header) == nullptr)
      return format(std::string("an ELF with an unreadable section header (") + elf_errmsg(-1) + ")");
    const char* section_name = elf_strptr(elf_.get(), names_index, section_header.sh_name);
    if (section_name == nullptr || name != section_name) continue;
    if (section_header.sh_type == SHT_NOBITS) return format("an ELF whose section " + std::string(name) + " has no file bytes");
    if (!range_within(section_header.sh_offset, section_header.sh_size, bytes_.size()))
      return truncated("section " + std::string(name) + " ends past the end of the file (" +
                       std::to_string(bytes_.size()) + " bytes)");
    return std::optional(bytes_.subspan(section_header.sh_offset, section_header.sh_size));
  }
  return std::nullopt;
}

std::string machine_name(unsigned machine) {
  switch (machine) {
    case EM_X86_64: return "x86-64";
    case EM_386: return "Intel 80386";
    case EM_AARCH64: return "ARM aarch64";
    case EM_ARM: return "ARM";
    case EM_RISCV: return "RISC-V";
    case EM_PPC64: return "PowerPC64";
    case EM_S390: return "IBM S/390";
    case EM_MIPS: return "MIPS";
    case EM_NONE: return "no machine (EM_NONE)";
    default: return "machine " + std::to_string(machine);
  }
}

std::string segment_type_name(uint32_t type) {
  switch (type) {
    case PT_LOAD: return "PT_LOAD";
    case PT_DYNAMIC: return "PT_DYNAMIC";
    case PT_INTERP: return "PT_INTERP";
    case PT_NOTE: return "PT_NOTE";
    case PT_PHDR: return "PT_PHDR";
    case PT_TLS: return "PT_TLS";
    case PT_GNU_STACK: return "PT_GNU_STACK";
    case PT_GNU_RELRO: return "PT_GNU_RELRO";
    case PT_GNU_EH_FRAME: return "PT_GNU_EH_FRAME";
    default: return "type " + hex_number(type);
  }
}

}  // namespace confwl::elf
