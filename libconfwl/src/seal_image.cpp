#include <algorithm>
#include <cstring>

#include "confwl/abi/guest_layout.h"
#include "confwl/abi/pvh.h"
#include "confwl/checked.h"
#include "confwl/hex.h"
#include "confwl/kernel_features.h"
#include "confwl/sealed_image.h"
#include "confwl/size.h"
#include "confwl/workload_elf.h"
#include "elf_reader.h"

namespace confwl {
namespace {

struct Kernel {
  uint32_t pvh_entry;
  std::vector<GElf_Phdr> loads;  // ascending p_paddr
  std::vector<std::span<const std::byte>> contents;
};

// The Xen note as the image carries it: header, "Xen\0", 4-byte entry (all 4-byte aligned).
struct [[gnu::packed]] XenEntryNote {
  Elf64_Nhdr header;
  char name[4];
  uint32_t entry;
};
static_assert(sizeof(XenEntryNote) == 20);

struct PlannedSegment {
  GElf_Phdr header;
  std::span<const std::byte> content;
};

Error kernel_error(std::string what) { return Error{"the kernel " + std::move(what)}; }

std::optional<Error> check_kernel_loads(const std::vector<GElf_Phdr>& loads, uint32_t entry) {
  if (loads.empty()) return kernel_error("has no PT_LOAD segments");
  for (size_t index = 0; index < loads.size(); ++index) {
    const GElf_Phdr& segment = loads[index];
    if (segment.p_paddr < abi::kKernelPhysicalBase ||
        !range_within(segment.p_paddr, segment.p_memsz, abi::kKernelPhysicalLimit))
      return kernel_error("has a PT_LOAD segment at physical " + hex_number(segment.p_paddr) + " (" +
                          std::to_string(segment.p_memsz) + " bytes) outside [" +
                          hex_number(abi::kKernelPhysicalBase) + ", " + hex_number(abi::kKernelPhysicalLimit) + ")");
    if (index > 0 && segment.p_paddr < loads[index - 1].p_paddr + loads[index - 1].p_memsz)
      return kernel_error("has overlapping PT_LOAD segments at physical " +
                          hex_number(loads[index - 1].p_paddr) + " and " + hex_number(segment.p_paddr));
  }
  const bool entry_inside = std::any_of(loads.begin(), loads.end(), [&](const GElf_Phdr& segment) {
    return entry >= segment.p_paddr && entry - segment.p_paddr < segment.p_filesz;
  });
  if (!entry_inside) return kernel_error("has its PVH entry " + hex_number(entry) + " outside its PT_LOAD segments");
  return std::nullopt;
}

Result<Kernel> read_kernel(std::span<const std::byte> bytes) {
  std::variant<elf::Reader, elf::Defect> opened = elf::Reader::open(bytes);
  if (const auto* defect = std::get_if<elf::Defect>(&opened))
    return kernel_error(defect->kind == elf::Defect::Kind::kNotElf ? "is not an ELF file"
                                                                    : "is unusable: " + defect->detail);
  const elf::Reader& reader = std::get<elf::Reader>(opened);
  if (reader.header().e_machine != EM_X86_64)
    return kernel_error("is an ELF for " + elf::machine_name(reader.header().e_machine) + ", expected x86-64");
  std::optional<uint32_t> entry = reader.pvh_entry();
  if (!entry) return kernel_error("has no Xen PHYS32_ENTRY note; expected a PVH-bootable kernel");

  Kernel kernel{*entry, {}, {}};
  for (const GElf_Phdr& segment : reader.program_headers())
    if (segment.p_type == PT_LOAD) kernel.loads.push_back(segment);
  std::sort(kernel.loads.begin(), kernel.loads.end(),
            [](const GElf_Phdr& a, const GElf_Phdr& b) { return a.p_paddr < b.p_paddr; });
  if (auto error = check_kernel_loads(kernel.loads, kernel.pvh_entry)) return *error;
  // The spans point into `bytes`, which outlives the Kernel: the reader only checked them.
  for (const GElf_Phdr& segment : kernel.loads) kernel.contents.push_back(reader.file_bytes(segment));
  return kernel;
}

GElf_Phdr physical_segment(uint64_t address, uint64_t file_size, uint64_t memory_size) {
  GElf_Phdr header{};
  header.p_type = PT_LOAD;
  header.p_flags = PF_R;
  header.p_vaddr = address;
  header.p_paddr = address;
  header.p_filesz = file_size;
  header.p_memsz = memory_size;
  header.p_align = abi::kPageSize;
  return header;
}

// Places each segment at the next file offset congruent to its address modulo the page size (the
// ELF rule for p_offset), so the file is laid out like guest memory, page by page.
std::vector<std::byte> lay_out(std::vector<PlannedSegment>& segments, uint32_t entry) {
  const size_t phnum = segments.size() + 1;  // + the note
  const uint64_t note_offset = sizeof(Elf64_Ehdr) + phnum * sizeof(Elf64_Phdr);
  uint64_t offset = note_offset + sizeof(XenEntryNote);
  for (PlannedSegment& segment : segments) {
    offset += (segment.header.p_paddr - offset) % abi::kPageSize;
    segment.header.p_offset = offset;
    offset += segment.content.size();
  }

  std::vector<std::byte> image(offset);
  Elf64_Ehdr header{};
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = ELFCLASS64;
  header.e_ident[EI_DATA] = ELFDATA2LSB;
  header.e_ident[EI_VERSION] = EV_CURRENT;
  header.e_ident[EI_OSABI] = ELFOSABI_NONE;
  header.e_type = ET_EXEC;
  header.e_machine = EM_X86_64;
  header.e_version = EV_CURRENT;
  header.e_entry = entry;
  header.e_phoff = sizeof(Elf64_Ehdr);
  header.e_ehsize = sizeof(Elf64_Ehdr);
  header.e_phentsize = sizeof(Elf64_Phdr);
  header.e_phnum = static_cast<Elf64_Half>(phnum);
  header.e_shentsize = sizeof(Elf64_Shdr);
  std::memcpy(image.data(), &header, sizeof(header));

  Elf64_Phdr note_header{PT_NOTE, PF_R, note_offset, 0, 0, sizeof(XenEntryNote), 0, 4};
  std::memcpy(image.data() + header.e_phoff, &note_header, sizeof(note_header));
  const XenEntryNote note{{sizeof(abi::kXenElfNoteName), 4, abi::kXenElfNotePhys32Entry}, {'X', 'e', 'n', '\0'}, entry};
  std::memcpy(image.data() + note_offset, &note, sizeof(note));

  for (size_t index = 0; index < segments.size(); ++index) {
    const GElf_Phdr& planned = segments[index].header;
    const Elf64_Phdr program_header{planned.p_type, planned.p_flags, planned.p_offset, planned.p_vaddr,
                                    planned.p_paddr, planned.p_filesz, planned.p_memsz, planned.p_align};
    std::memcpy(image.data() + header.e_phoff + (index + 1) * sizeof(Elf64_Phdr), &program_header,
                sizeof(program_header));
    std::copy(segments[index].content.begin(), segments[index].content.end(), image.begin() + planned.p_offset);
  }
  return image;
}

BootConfig boot_config_for(const WorkloadManifest& manifest, const SealAdditions& additions,
                           uint64_t workload_size, uint64_t files_address, uint64_t image_end) {
  BootConfig config;
  config.memory_size = manifest.memory_bytes;
  config.image_end = image_end;
  config.runtime_args = manifest.runtime_args;
  config.argv.push_back(manifest.name);
  config.argv.insert(config.argv.end(), manifest.args.begin(), manifest.args.end());
  for (const auto& [name, value] : manifest.env) config.envp.push_back(name + '=' + value);
  config.blobs.push_back({abi::BlobKind::kWorkloadElf, abi::kBlobsBase, workload_size});
  if (!additions.sealed_files.empty())
    config.blobs.push_back({abi::BlobKind::kSealedFiles, files_address, additions.sealed_files.size()});
  config.tmpfs_size = manifest.tmp_bytes;
  config.syscall_policy = manifest.on_denied;
  if (additions.syscall_allowlist) {
    config.syscall_allowlist = *additions.syscall_allowlist;
  } else {
    // Every bit set: the kernel allows (bitmap AND the syscalls its preset compiles in), so this
    // is the preset's own allowlist.
    config.syscall_allowlist.set();
  }
  return config;
}

}  // namespace

Result<SealOutput> seal_image(std::span<const std::byte> kernel_elf, const WorkloadManifest& manifest,
                              std::span<const std::byte> workload_elf, const SealAdditions& additions) {
  Result<Kernel> kernel = read_kernel(kernel_elf);
  if (!kernel) return kernel.error();
  Result<KernelFeatures> features = read_kernel_features(kernel_elf);
  if (!features) return features.error();
  if (auto error = check_workload_fits_kernel(*features, manifest, additions.syscall_allowlist.value_or(features->syscalls),
                                              !additions.sealed_files.empty()))
    return *error;
  if (Result<WorkloadElfInfo> workload = check_workload_elf(workload_elf, "the workload"); !workload)
    return workload.error();

  std::optional<uint64_t> workload_memory = align_up(workload_elf.size(), abi::kPageSize);
  std::optional<uint64_t> files_memory = align_up(additions.sealed_files.size(), abi::kPageSize);
  std::optional<uint64_t> files_address = workload_memory ? checked_add(abi::kBlobsBase, *workload_memory) : std::nullopt;
  std::optional<uint64_t> image_end = files_address && files_memory ? checked_add(*files_address, *files_memory) : std::nullopt;
  if (!image_end || *image_end > manifest.memory_bytes)
    return Error{"the image needs guest memory up to " + hex_number(image_end.value_or(UINT64_MAX)) +
                 ", more than resources.memory (" + format_size(manifest.memory_bytes) + ")"};
  Result<std::vector<std::byte>> boot_config =
      encode_boot_config(boot_config_for(manifest, additions, workload_elf.size(), *files_address, *image_end));
  if (!boot_config) return boot_config.error();

  std::vector<PlannedSegment> segments;
  for (size_t index = 0; index < kernel->loads.size(); ++index)
    segments.push_back({kernel->loads[index], kernel->contents[index]});
  for (PlannedSegment& segment : segments) segment.header.p_align = abi::kPageSize;
  segments.push_back({physical_segment(abi::kBootConfigAddress, boot_config->size(),
                                       *align_up(boot_config->size(), abi::kPageSize)),
                      *boot_config});
  segments.push_back({physical_segment(abi::kBlobsBase, workload_elf.size(), *workload_memory), workload_elf});
  if (!additions.sealed_files.empty())
    segments.push_back({physical_segment(*files_address, additions.sealed_files.size(), *files_memory),
                        additions.sealed_files});

  std::vector<std::byte> bytes = lay_out(segments, kernel->pvh_entry);
  Result<SealedImage> image = parse_sealed_image(bytes);
  if (!image) return Error{"internal error: the sealed image does not read back: " + image.error().message};
  return SealOutput{std::move(bytes), std::move(*image), features->subsystems};
}

}  // namespace confwl
