#include "confwl/measure/ovmf.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "confwl/checked.h"
#include "confwl/hex.h"

namespace confwl::measure {
namespace {

Error ovmf_error(std::string what) { return Error{"OVMF image: " + std::move(what)}; }

template <typename T>
T read_at(std::span<const std::byte> bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));  // callers checked the range
  return value;
}

std::optional<uint32_t> u32_entry(std::span<const OvmfTableEntry> table, const Guid& wanted) {
  for (const OvmfTableEntry& entry : table)
    if (entry.guid == wanted && entry.data.size() >= sizeof(uint32_t)) return read_at<uint32_t>(entry.data, 0);
  return std::nullopt;
}

bool known_section_type(uint32_t type) {
  switch (static_cast<SevSectionType>(type)) {
    case SevSectionType::kSnpSecMem:
    case SevSectionType::kSnpSecrets:
    case SevSectionType::kCpuid:
    case SevSectionType::kSvsmCaa:
    case SevSectionType::kSnpKernelHashes: return true;
  }
  return false;
}

Result<SevSection> check_section(const OvmfSevMetadataSection& raw, size_t index) {
  const std::string where = "SEV metadata section " + std::to_string(index) + ": ";
  if (!known_section_type(raw.type))
    return ovmf_error(where + "type " + hex_number(raw.type) + ", expected 1, 2, 3, 4 or 0x10");
  if (raw.size == 0 || raw.size % 0x1000 != 0 || raw.gpa % 0x1000 != 0)
    return ovmf_error(where + "GPA " + hex_number(raw.gpa) + " size " + hex_number(raw.size) +
                      ", expected a non-empty range of whole 4 KiB pages");
  if (!range_within(raw.gpa, raw.size, kFirmwareEnd))
    return ovmf_error(where + "GPA " + hex_number(raw.gpa) + " size " + hex_number(raw.size) + " ends past 4 GiB");
  return SevSection{raw.gpa, raw.size, static_cast<SevSectionType>(raw.type)};
}

std::optional<Error> check_overlaps(std::vector<SevSection> sections, uint64_t firmware_gpa) {
  sections.push_back({firmware_gpa, kFirmwareEnd - firmware_gpa, SevSectionType{0}});  // the firmware itself
  std::sort(sections.begin(), sections.end(), [](const SevSection& a, const SevSection& b) { return a.gpa < b.gpa; });
  for (size_t index = 1; index < sections.size(); ++index)
    if (sections[index - 1].gpa + sections[index - 1].size > sections[index].gpa)
      return ovmf_error("SEV metadata sections overlap at GPA " + hex_number(sections[index].gpa) +
                        " (with each other or the firmware)");
  return std::nullopt;
}

Result<std::vector<SevSection>> parse_sev_metadata(std::span<const std::byte> image, uint32_t offset_from_end) {
  if (offset_from_end < sizeof(OvmfSevMetadataHeader) || offset_from_end > image.size())
    return ovmf_error("SEV metadata offset " + hex_number(offset_from_end) + " from the end is outside the image");
  const size_t start = image.size() - offset_from_end;
  const auto header = read_at<OvmfSevMetadataHeader>(image, start);
  if (std::memcmp(header.signature, "ASEV", 4) != 0)
    return ovmf_error("no \"ASEV\" signature at SEV metadata offset " + hex_number(start));
  if (header.size < sizeof(header) || !range_within(start, header.size, image.size()))
    return ovmf_error("SEV metadata length " + hex_number(header.size) + " at offset " + hex_number(start) +
                      " runs past the end of the image");
  if (header.version != 1)
    return ovmf_error("SEV metadata version " + std::to_string(header.version) + ", expected 1");
  std::optional<uint64_t> sections_size = checked_mul<uint64_t>(header.section_count, sizeof(OvmfSevMetadataSection));
  if (!sections_size || *sections_size > header.size - sizeof(header))
    return ovmf_error("SEV metadata lists " + std::to_string(header.section_count) + " sections but holds " +
                      std::to_string(header.size - sizeof(header)) + " bytes of them");
  std::vector<SevSection> sections;
  for (size_t index = 0; index < header.section_count; ++index) {
    const auto raw = read_at<OvmfSevMetadataSection>(image, start + sizeof(header) + index * sizeof(OvmfSevMetadataSection));
    Result<SevSection> section = check_section(raw, index);
    if (!section) return section.error();
    sections.push_back(*section);
  }
  return sections;
}

}  // namespace

std::string_view sev_section_type_name(SevSectionType type) {
  switch (type) {
    case SevSectionType::kSnpSecMem: return "SNP_SEC_MEM";
    case SevSectionType::kSnpSecrets: return "SNP_SECRETS";
    case SevSectionType::kCpuid: return "CPUID";
    case SevSectionType::kSvsmCaa: return "SVSM_CAA";
    case SevSectionType::kSnpKernelHashes: return "SNP_KERNEL_HASHES";
  }
  return "UNKNOWN";
}

Result<std::vector<OvmfTableEntry>> parse_ovmf_table(std::span<const std::byte> image) {
  constexpr size_t kTail = sizeof(OvmfTableEntryTail);
  if (image.size() < kOvmfFooterEndFromImageEnd + kTail)
    return ovmf_error(std::to_string(image.size()) + " bytes, too small to hold the GUID table footer");
  const size_t footer = image.size() - kOvmfFooterEndFromImageEnd - kTail;
  const auto footer_tail = read_at<OvmfTableEntryTail>(image, footer);
  if (footer_tail.guid != kOvmfTableFooterGuid)
    return ovmf_error("no GUID table footer (" + guid_text(kOvmfTableFooterGuid) + ") at offset " + hex_number(footer));
  if (footer_tail.size < kTail || footer_tail.size - kTail > footer)
    return ovmf_error("GUID table length " + std::to_string(footer_tail.size) + " at offset " + hex_number(footer) +
                      ", expected at least 18 and no more than the bytes before the footer");
  const size_t table_start = footer + kTail - footer_tail.size;
  std::vector<OvmfTableEntry> entries;
  for (size_t end = footer; end > table_start;) {
    if (end - table_start < kTail)
      return ovmf_error(std::to_string(end - table_start) + " stray bytes at the start of the GUID table (offset " +
                        hex_number(table_start) + ")");
    const auto tail = read_at<OvmfTableEntryTail>(image, end - kTail);
    if (tail.size < kTail || tail.size > end - table_start)
      return ovmf_error("GUID table entry " + guid_text(tail.guid) + " at offset " + hex_number(end - kTail) +
                        ": length " + std::to_string(tail.size) + ", expected 18 to " +
                        std::to_string(end - table_start));
    for (const OvmfTableEntry& seen : entries)
      if (seen.guid == tail.guid) return ovmf_error("GUID table entry " + guid_text(tail.guid) + " appears twice");
    entries.push_back({tail.guid, image.subspan(end - tail.size, tail.size - kTail)});
    end -= tail.size;
  }
  return entries;
}

Result<OvmfImage> parse_ovmf(std::span<const std::byte> image) {
  if (image.empty() || image.size() % 0x1000 != 0 || image.size() > kFirmwareEnd)
    return ovmf_error(std::to_string(image.size()) + " bytes, expected a non-zero multiple of 4096 up to 4 GiB");
  Result<std::vector<OvmfTableEntry>> table = parse_ovmf_table(image);
  if (!table) return table.error();
  OvmfImage ovmf{kFirmwareEnd - image.size(), std::move(*table), {}, std::nullopt, std::nullopt};
  for (const OvmfTableEntry& entry : ovmf.table)
    if ((entry.guid == kSevEsResetBlockGuid || entry.guid == kSevHashTableRvGuid || entry.guid == kOvmfSevMetadataGuid) &&
        entry.data.size() < sizeof(uint32_t))
      return ovmf_error("GUID table entry " + guid_text(entry.guid) + " holds " + std::to_string(entry.data.size()) +
                        " bytes, expected at least 4");
  ovmf.sev_es_reset_eip = u32_entry(ovmf.table, kSevEsResetBlockGuid);
  ovmf.sev_hash_table_gpa = u32_entry(ovmf.table, kSevHashTableRvGuid);
  if (std::optional<uint32_t> offset = u32_entry(ovmf.table, kOvmfSevMetadataGuid)) {
    Result<std::vector<SevSection>> sections = parse_sev_metadata(image, *offset);
    if (!sections) return sections.error();
    if (auto overlap = check_overlaps(*sections, ovmf.gpa)) return *overlap;
    ovmf.sections = std::move(*sections);
  }
  return ovmf;
}

}  // namespace confwl::measure
