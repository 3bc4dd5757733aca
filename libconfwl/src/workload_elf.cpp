#include "confwl/workload_elf.h"

#include <algorithm>
#include <cstring>

#include "confwl/abi/guest_layout.h"
#include "confwl/checked.h"
#include "confwl/hex.h"
#include "elf_reader.h"
#include "loader/elf_plan.h"

namespace confwl {
namespace {

constexpr std::string_view kExpectedStatic = "expected a statically linked x86-64 executable";

class WorkloadChecker {
 public:
  WorkloadChecker(const elf::Reader& reader, std::string_view display_name)
      : reader_(reader), name_(display_name) {}

  Result<WorkloadElfInfo> check() const;

 private:
  Error reject(std::string_view reason) const {
    return Error{std::string(name_) + ' ' + std::string(reason)};
  }
  std::optional<Error> check_linking() const;
  std::optional<std::string> needed_library() const;
  std::optional<Error> check_loads(uint64_t load_base) const;
  std::optional<Error> check_kernel_loads() const;

  const elf::Reader& reader_;
  std::string_view name_;
};

std::optional<Error> WorkloadChecker::check_linking() const {
  for (const GElf_Phdr& segment : reader_.program_headers()) {
    if (segment.p_type != PT_INTERP) continue;
    std::span<const std::byte> bytes = reader_.file_bytes(segment);
    std::string interpreter(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    interpreter.resize(std::min(interpreter.find('\0'), interpreter.size()));
    return reject("is a dynamically linked executable (PT_INTERP " + interpreter + "), " +
                  std::string(kExpectedStatic));
  }
  if (std::optional<std::string> library = needed_library())
    return reject("is dynamically linked (DT_NEEDED " + *library + "), " + std::string(kExpectedStatic));
  return std::nullopt;
}

// The first DT_NEEDED entry's library name, "an entry" when the string table cannot be found.
std::optional<std::string> WorkloadChecker::needed_library() const {
  std::optional<uint64_t> needed_name;
  std::optional<uint64_t> string_table;
  for (const GElf_Phdr& segment : reader_.program_headers()) {
    if (segment.p_type != PT_DYNAMIC) continue;
    std::span<const std::byte> bytes = reader_.file_bytes(segment);
    for (size_t offset = 0; offset + sizeof(Elf64_Dyn) <= bytes.size(); offset += sizeof(Elf64_Dyn)) {
      Elf64_Dyn entry;
      std::memcpy(&entry, bytes.data() + offset, sizeof(entry));
      if (entry.d_tag == DT_NULL) break;
      if (entry.d_tag == DT_NEEDED && !needed_name) needed_name = entry.d_un.d_val;
      if (entry.d_tag == DT_STRTAB) string_table = entry.d_un.d_ptr;
    }
  }
  if (!needed_name) return std::nullopt;
  for (const GElf_Phdr& segment : reader_.program_headers()) {
    if (segment.p_type != PT_LOAD || !string_table) continue;
    std::optional<uint64_t> address = checked_add(*string_table, *needed_name);
    if (!address || *address < segment.p_vaddr || *address - segment.p_vaddr >= segment.p_filesz)
      continue;
    std::span<const std::byte> bytes = reader_.file_bytes(segment).subspan(*address - segment.p_vaddr);
    const auto* text = reinterpret_cast<const char*>(bytes.data());
    return std::string(text, strnlen(text, std::min<size_t>(bytes.size(), 256)));
  }
  return std::string("an entry");
}

std::optional<Error> WorkloadChecker::check_loads(uint64_t load_base) const {
  bool any_load = false;
  bool entry_inside = false;
  const uint64_t entry = reader_.header().e_entry;
  for (size_t index = 0; index < reader_.program_headers().size(); ++index) {
    const GElf_Phdr& segment = reader_.program_headers()[index];
    if (segment.p_type != PT_LOAD) continue;
    any_load = true;
    std::optional<uint64_t> start = checked_add(load_base, segment.p_vaddr);
    std::optional<uint64_t> end = start ? checked_add(*start, segment.p_memsz) : std::nullopt;
    if (!end || *end > abi::kUserSpaceEnd)
      return reject("has segment " + std::to_string(index) + " (PT_LOAD at " +
                    hex_number(segment.p_vaddr) + ", " + std::to_string(segment.p_memsz) +
                    " bytes) outside user space (below " + hex_number(abi::kUserSpaceEnd) + ")");
    if (entry >= segment.p_vaddr && entry - segment.p_vaddr < segment.p_memsz) entry_inside = true;
  }
  if (!any_load) return reject("has no PT_LOAD segments, " + std::string(kExpectedStatic));
  if (!entry_inside) return reject("has its entry point " + hex_number(entry) + " outside every PT_LOAD segment");
  return std::nullopt;
}

// The kernel's own loader has the last word: what it would refuse at boot (W^X, page sharing,
// alignment, the entry in code, ...) must not become an image that can never run.
std::optional<Error> WorkloadChecker::check_kernel_loads() const {
  const std::span<const std::byte> file = reader_.bytes();
  const auto planned = kernel::plan_load(reinterpret_cast<const uint8_t*>(file.data()), file.size(),
                                         abi::kPieLoadBase, abi::kUserLoadCeiling);
  if (planned.ok()) return std::nullopt;
  std::string_view reason = planned.error().message;
  if (reason.starts_with("workload: ")) reason.remove_prefix(std::string_view("workload: ").size());
  return reject("would not load in the ConfWL kernel: " + std::string(reason));
}

Result<WorkloadElfInfo> WorkloadChecker::check() const {
  const GElf_Ehdr& header = reader_.header();
  if (header.e_machine != EM_X86_64)
    return reject("is an ELF for " + elf::machine_name(header.e_machine) + ", expected x86-64");
  WorkloadKind kind;
  switch (header.e_type) {
    case ET_EXEC: kind = WorkloadKind::kStaticExecutable; break;
    case ET_DYN: kind = WorkloadKind::kStaticPie; break;
    case ET_REL: return reject("is a relocatable object file (ET_REL), " + std::string(kExpectedStatic));
    case ET_CORE: return reject("is a core dump (ET_CORE), " + std::string(kExpectedStatic));
    default: return reject("is an ELF of type " + hex_number(header.e_type) + ", " + std::string(kExpectedStatic));
  }
  if (auto error = check_linking()) return *error;
  const uint64_t load_base = kind == WorkloadKind::kStaticPie ? abi::kPieLoadBase : 0;
  if (auto error = check_loads(load_base)) return *error;
  if (auto error = check_kernel_loads()) return *error;
  return WorkloadElfInfo{kind, header.e_entry};
}

}  // namespace

Result<WorkloadElfInfo> check_workload_elf(std::span<const std::byte> bytes,
                                           std::string_view display_name) {
  std::variant<elf::Reader, elf::Defect> opened = elf::Reader::open(bytes);
  if (const auto* defect = std::get_if<elf::Defect>(&opened)) {
    const std::string name(display_name);
    switch (defect->kind) {
      case elf::Defect::Kind::kNotElf: return Error{name + " is not an ELF file"};
      case elf::Defect::Kind::kTruncated: return Error{name + " is truncated: " + defect->detail};
      case elf::Defect::Kind::kFormat:
        return Error{name + " is " + defect->detail + ", expected an x86-64 ELF64 executable"};
    }
  }
  return WorkloadChecker(std::get<elf::Reader>(opened), display_name).check();
}

}  // namespace confwl
