#include <algorithm>

#include "confwl/abi/guest_layout.h"
#include "confwl/checked.h"
#include "confwl/hex.h"
#include "confwl/sealed_image.h"
#include "elf_reader.h"

namespace confwl {
namespace {

Error not_confwl(std::string what) { return Error{"not a ConfWL image: " + std::move(what)}; }

std::optional<Error> check_elf_header(const GElf_Ehdr& header) {
  if (header.e_machine != EM_X86_64)
    return not_confwl("an ELF for " + elf::machine_name(header.e_machine) + ", expected x86-64");
  if (header.e_type != ET_EXEC)
    return not_confwl("ELF type " + std::to_string(header.e_type) + ", expected ET_EXEC");
  return std::nullopt;
}

std::vector<GElf_Phdr> loads_of(const elf::Reader& reader) {
  std::vector<GElf_Phdr> loads;
  for (const GElf_Phdr& segment : reader.program_headers())
    if (segment.p_type == PT_LOAD) loads.push_back(segment);
  return loads;
}

Result<BootConfig> read_boot_config(const elf::Reader& reader, std::span<const GElf_Phdr> loads) {
  auto found = std::find_if(loads.begin(), loads.end(), [](const GElf_Phdr& segment) {
    return segment.p_paddr == abi::kBootConfigAddress;
  });
  if (found == loads.end())
    return not_confwl("no boot config segment at " + hex_number(abi::kBootConfigAddress));
  Result<BootConfig> config = decode_boot_config(reader.file_bytes(*found));
  if (!config) return not_confwl(config.error().message);
  return config;
}

Result<SegmentRole> classify(const GElf_Phdr& segment, const BootConfig& config) {
  if (segment.p_paddr >= abi::kKernelPhysicalBase &&
      range_within(segment.p_paddr, segment.p_memsz, abi::kKernelPhysicalLimit))
    return SegmentRole::kKernel;
  if (segment.p_paddr == abi::kBootConfigAddress && segment.p_memsz <= abi::kBootConfigMaxSize)
    return SegmentRole::kBootConfig;
  for (const BlobInfo& blob : config.blobs)
    if (segment.p_paddr == blob.guest_address && segment.p_filesz == blob.size &&
        range_within(segment.p_paddr, segment.p_memsz, config.image_end))
      return blob.kind == abi::BlobKind::kSealedFiles ? SegmentRole::kSealedFiles : SegmentRole::kWorkload;
  return not_confwl("segment at " + hex_number(segment.p_paddr) + " (" + std::to_string(segment.p_memsz) +
                    " bytes) is not the kernel, the boot config or a blob the boot config lists");
}

std::optional<Error> check_order(std::span<const GElf_Phdr> loads) {
  for (size_t index = 1; index < loads.size(); ++index) {
    const GElf_Phdr& previous = loads[index - 1];
    std::optional<uint64_t> previous_end = checked_add(previous.p_paddr, previous.p_memsz);
    if (!previous_end || loads[index].p_paddr < *previous_end)
      return not_confwl("segment at " + hex_number(loads[index].p_paddr) +
                        " overlaps or precedes the one at " + hex_number(previous.p_paddr));
  }
  return std::nullopt;
}

std::optional<Error> check_completeness(std::span<const SegmentInfo> segments, const BootConfig& config,
                                        uint32_t entry) {
  for (const BlobInfo& blob : config.blobs) {
    if (std::none_of(segments.begin(), segments.end(),
                     [&](const SegmentInfo& segment) { return segment.guest_address == blob.guest_address; }))
      return not_confwl("the blob at " + hex_number(blob.guest_address) + " has no segment");
  }
  const bool entry_in_kernel = std::any_of(segments.begin(), segments.end(), [&](const SegmentInfo& segment) {
    return segment.role == SegmentRole::kKernel && entry >= segment.guest_address &&
           entry - segment.guest_address < segment.file_size;
  });
  if (!entry_in_kernel) return not_confwl("the PVH entry " + hex_number(entry) + " is not in a kernel segment");
  return std::nullopt;
}

}  // namespace

std::string_view segment_role_name(SegmentRole role) {
  switch (role) {
    case SegmentRole::kKernel: return "kernel";
    case SegmentRole::kBootConfig: return "boot-config";
    case SegmentRole::kWorkload: return "workload";
    case SegmentRole::kSealedFiles: return "sealed-files";
  }
  return "unknown";
}

Result<SealedImage> parse_sealed_image(std::span<const std::byte> image, Digests digests) {
  if (image.empty()) return not_confwl("the file is empty");
  std::variant<elf::Reader, elf::Defect> opened = elf::Reader::open(image);
  if (const auto* defect = std::get_if<elf::Defect>(&opened)) {
    switch (defect->kind) {
      case elf::Defect::Kind::kNotElf: return not_confwl("not an ELF file");
      case elf::Defect::Kind::kTruncated: return Error{"truncated: " + defect->detail};
      case elf::Defect::Kind::kFormat: return not_confwl(defect->detail);
    }
  }
  const elf::Reader& reader = std::get<elf::Reader>(opened);
  if (auto error = check_elf_header(reader.header())) return *error;
  std::optional<uint32_t> entry = reader.pvh_entry();
  if (!entry) return not_confwl("no Xen PVH entry note (PHYS32_ENTRY)");

  std::vector<GElf_Phdr> loads = loads_of(reader);
  Result<BootConfig> config = read_boot_config(reader, loads);
  if (!config) return config.error();
  if (auto error = check_order(loads)) return *error;

  const auto digest_of = [digests](std::span<const std::byte> bytes) {
    return digests == Digests::kCompute ? sha384(bytes) : Sha384{};
  };
  SealedImage sealed{{}, std::move(*config), digest_of(image), image.size(), *entry, {}};
  for (const GElf_Phdr& segment : loads) {
    Result<SegmentRole> role = classify(segment, sealed.boot_config);
    if (!role) return role.error();
    sealed.segments.push_back({*role, segment.p_paddr, segment.p_filesz, segment.p_memsz,
                               digest_of(reader.file_bytes(segment)), segment.p_offset});
    if (*role == SegmentRole::kSealedFiles) {
      Result<std::vector<SealedFileEntry>> files = read_sealed_files_archive(reader.file_bytes(segment), digests);
      if (!files) return not_confwl(files.error().message);
      sealed.files = std::move(*files);
    }
  }
  if (auto error = check_completeness(sealed.segments, sealed.boot_config, *entry)) return *error;
  return sealed;
}

}  // namespace confwl
