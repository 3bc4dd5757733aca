// read_igvm: every length and offset from the file is checked before it is used (the file is
// untrusted input: `confwl measure` and `confwl inspect --igvm` take any file).
#include <bit>
#include <cstring>
#include <map>

#include "confwl/abi/crc32.h"
#include "confwl/checked.h"
#include "confwl/hex.h"
#include "confwl/igvm/file.h"

namespace confwl::igvm {
namespace {

constexpr uint64_t kPhysicalLimit = uint64_t{1} << 52;
constexpr uint32_t kKnownPageFlags = kPageFlagUnmeasured | kPageFlagShared;

enum class Section { kPlatform, kInitialization, kDirective };

class Reader {
 public:
  explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}

  Result<File> read();

 private:
  Error fail(const std::string& what) const {
    return Error{"IGVM header " + std::to_string(index_) + " (" + std::string(header_type_name(type_)) + "): " + what};
  }
  Status check_fixed_header(const FixedHeader& fixed);
  Status check_mask(uint32_t mask) const;
  Result<Bytes> page_at(uint32_t file_offset, const char* field) const;
  Status take(std::span<const std::byte> body);
  Status take_platform(const SupportedPlatform& platform);
  Status take_page(const PageData& page);
  Status take_insert(const ParameterInsert& insert);
  Status take_area(const ParameterArea& area);
  Status take_memory_map(const Parameter& parameter);
  Status take_vp_context(const VpContext& context);

  template <typename T>
  Result<T> structure(std::span<const std::byte> body) const {
    if (body.size() != sizeof(T))
      return fail("length " + std::to_string(body.size()) + ", expected " + std::to_string(sizeof(T)));
    T value;
    std::memcpy(&value, body.data(), sizeof(T));
    return value;
  }

  std::span<const std::byte> bytes_;
  uint64_t data_start_ = 0;
  size_t index_ = 0;
  uint32_t type_ = 0;
  Section section_ = Section::kPlatform;
  uint32_t declared_masks_ = 0;
  std::optional<uint64_t> last_page_gpa_;
  std::map<uint32_t, uint64_t> areas_;  // index -> size, until inserted
  std::vector<std::pair<uint64_t, uint64_t>> inserted_;  // [gpa, end)
  File file_;
};

Status Reader::check_fixed_header(const FixedHeader& fixed) {
  if (fixed.magic != kMagic) return Error{"IGVM fixed header: magic " + hex_number(fixed.magic) + ", expected 0x4d564749 (\"IGVM\")"};
  if (fixed.format_version != kFormatVersion1)
    return Error{"IGVM fixed header: format_version " + std::to_string(fixed.format_version) + ", expected 1"};
  if (fixed.total_file_size != bytes_.size())
    return Error{"IGVM fixed header: total_file_size " + std::to_string(fixed.total_file_size) + ", but the file has " +
                 std::to_string(bytes_.size()) + " bytes (truncated or extended?)"};
  if (fixed.variable_header_offset < sizeof(FixedHeader) || fixed.variable_header_offset % kHeaderAlignment != 0)
    return Error{"IGVM fixed header: variable_header_offset " + std::to_string(fixed.variable_header_offset) +
                 ", expected a multiple of 8 from 24"};
  if (!range_within(fixed.variable_header_offset, fixed.variable_header_size, bytes_.size()))
    return Error{"IGVM fixed header: variable_header_offset + variable_header_size passes the end of the file"};
  FixedHeader zeroed = fixed;
  zeroed.checksum = 0;
  uint32_t crc = abi::crc32_update(0, reinterpret_cast<const uint8_t*>(&zeroed), sizeof(zeroed));
  crc = abi::crc32_update(crc, reinterpret_cast<const uint8_t*>(bytes_.data() + fixed.variable_header_offset),
                          fixed.variable_header_size);
  if (crc != fixed.checksum)
    return Error{"IGVM fixed header: checksum " + hex_number(fixed.checksum) + ", but the CRC-32 of the headers is " + hex_number(crc)};
  data_start_ = uint64_t{fixed.variable_header_offset} + fixed.variable_header_size;
  return Ok{};
}

Status Reader::check_mask(uint32_t mask) const {
  if (mask == 0 || (mask & ~declared_masks_) != 0)
    return fail("compatibility_mask " + hex_number(mask) + " is empty or names no supported-platform header (declared: " +
                hex_number(declared_masks_) + ")");
  return Ok{};
}

Result<Bytes> Reader::page_at(uint32_t file_offset, const char* field) const {
  if (file_offset < data_start_ || !range_within(file_offset, kPageSize, bytes_.size()))
    return fail(std::string(field) + " " + hex_number(file_offset) + ": a 4 KiB page there is not inside the file data [" +
                hex_number(data_start_) + ", " + hex_number(bytes_.size()) + ")");
  const auto first = bytes_.begin() + file_offset;
  return Bytes(first, first + kPageSize);
}

Status Reader::take_platform(const SupportedPlatform& platform) {
  if (!std::has_single_bit(platform.compatibility_mask) || (platform.compatibility_mask & declared_masks_) != 0)
    return fail("compatibility_mask " + hex_number(platform.compatibility_mask) + ": expected one bit no other platform uses");
  if (platform.platform_type > static_cast<uint8_t>(PlatformType::kTdx))
    return fail("platform_type " + std::to_string(platform.platform_type) + ": expected 0 (native) to 3 (TDX)");
  if (platform.platform_version != kPlatformVersion1)
    return fail("platform_version " + std::to_string(platform.platform_version) + ", expected 1");
  declared_masks_ |= platform.compatibility_mask;
  file_.platforms.push_back(platform);
  return Ok{};
}

Status Reader::take_page(const PageData& page) {
  if (Status mask = check_mask(page.compatibility_mask); !mask) return mask;
  if (page.gpa % kPageSize != 0 || page.gpa >= kPhysicalLimit)
    return fail("gpa " + hex_number(page.gpa) + ": expected a 4 KiB aligned address below 2^52");
  if (last_page_gpa_ && page.gpa <= *last_page_gpa_)
    return fail("gpa " + hex_number(page.gpa) + " overlaps or does not follow the previous page at " + hex_number(*last_page_gpa_) +
                " (pages must ascend)");
  for (const auto& [start, end] : inserted_)
    if (page.gpa >= start && page.gpa < end) return fail("gpa " + hex_number(page.gpa) + " overlaps an inserted parameter area");
  if ((page.flags & ~kKnownPageFlags) != 0)
    return fail("flags " + hex_number(page.flags) + ": only unmeasured (0x2) and shared (0x4) are supported (no 2 MiB pages)");
  if (page.data_type > static_cast<uint16_t>(PageDataType::kCpuidXf) || page.reserved != 0)
    return fail("data_type " + std::to_string(page.data_type) + " / reserved " + std::to_string(page.reserved) +
                ": expected a type 0..3 and reserved 0");
  PageDataDirective directive{page, {}};
  if (page.file_offset != 0) {
    Result<Bytes> data = page_at(page.file_offset, "file_offset");
    if (!data) return data.error();
    directive.data = std::move(*data);
  }
  last_page_gpa_ = page.gpa;
  file_.directives.emplace_back(std::move(directive));
  return Ok{};
}

Status Reader::take_area(const ParameterArea& area) {
  if (area.number_of_bytes == 0 || area.number_of_bytes % kPageSize != 0 || area.number_of_bytes > (uint64_t{1} << 32))
    return fail("number_of_bytes " + hex_number(area.number_of_bytes) + ": expected a non-zero multiple of 4 KiB up to 4 GiB");
  if (area.file_offset != 0) return fail("file_offset " + hex_number(area.file_offset) + ": initial parameter data is not supported (expected 0)");
  if (!areas_.emplace(area.parameter_area_index, area.number_of_bytes).second)
    return fail("parameter_area_index " + std::to_string(area.parameter_area_index) + " is declared twice");
  file_.directives.emplace_back(area);
  return Ok{};
}

Status Reader::take_insert(const ParameterInsert& insert) {
  if (Status mask = check_mask(insert.compatibility_mask); !mask) return mask;
  auto area = areas_.find(insert.parameter_area_index);
  if (area == areas_.end())
    return fail("parameter_area_index " + std::to_string(insert.parameter_area_index) + " names no declared, not yet inserted area");
  if (insert.gpa % kPageSize != 0 || !range_within(insert.gpa, area->second, kPhysicalLimit))
    return fail("gpa " + hex_number(insert.gpa) + ": expected a 4 KiB aligned area below 2^52");
  if (last_page_gpa_ && insert.gpa <= *last_page_gpa_)
    return fail("gpa " + hex_number(insert.gpa) + " does not lie above the pages before it");
  inserted_.emplace_back(insert.gpa, insert.gpa + area->second);
  areas_.erase(area);
  file_.directives.emplace_back(insert);
  return Ok{};
}

Status Reader::take_memory_map(const Parameter& parameter) {
  auto area = areas_.find(parameter.parameter_area_index);
  if (area == areas_.end() || !range_within(parameter.byte_offset, sizeof(MemoryMapEntry), area->second))
    return fail("parameter_area_index " + std::to_string(parameter.parameter_area_index) + " / byte_offset " +
                std::to_string(parameter.byte_offset) + ": expected a declared, not yet inserted area with room for an entry");
  file_.directives.emplace_back(MemoryMapDirective{parameter});
  return Ok{};
}

Status Reader::take_vp_context(const VpContext& context) {
  if (Status mask = check_mask(context.compatibility_mask); !mask) return mask;
  if (context.gpa % kPageSize != 0 || context.reserved != 0)
    return fail("gpa " + hex_number(context.gpa) + " / reserved: expected a 4 KiB aligned gpa and reserved 0");
  Result<Bytes> data = page_at(context.file_offset, "file_offset");
  if (!data) return data.error();
  file_.directives.emplace_back(VpContextDirective{context, std::move(*data)});
  return Ok{};
}

Status Reader::take(std::span<const std::byte> body) {
  switch (static_cast<HeaderType>(type_)) {
    case HeaderType::kSupportedPlatform: {
      Result<SupportedPlatform> platform = structure<SupportedPlatform>(body);
      return platform ? take_platform(*platform) : Status(platform.error());
    }
    case HeaderType::kGuestPolicy: {
      Result<GuestPolicy> policy = structure<GuestPolicy>(body);
      if (!policy) return policy.error();
      if (Status mask = check_mask(policy->compatibility_mask); !mask) return mask;
      if (policy->reserved != 0) return fail("reserved " + hex_number(policy->reserved) + ", expected 0");
      file_.policies.push_back(*policy);
      return Ok{};
    }
    case HeaderType::kPageData: {
      Result<PageData> page = structure<PageData>(body);
      return page ? take_page(*page) : Status(page.error());
    }
    case HeaderType::kParameterArea: {
      Result<ParameterArea> area = structure<ParameterArea>(body);
      return area ? take_area(*area) : Status(area.error());
    }
    case HeaderType::kParameterInsert: {
      Result<ParameterInsert> insert = structure<ParameterInsert>(body);
      return insert ? take_insert(*insert) : Status(insert.error());
    }
    case HeaderType::kMemoryMap: {
      Result<Parameter> parameter = structure<Parameter>(body);
      return parameter ? take_memory_map(*parameter) : Status(parameter.error());
    }
    case HeaderType::kVpContext: {
      Result<VpContext> context = structure<VpContext>(body);
      return context ? take_vp_context(*context) : Status(context.error());
    }
    case HeaderType::kRequiredMemory: {
      Result<RequiredMemory> memory = structure<RequiredMemory>(body);
      if (!memory) return memory.error();
      if (Status mask = check_mask(memory->compatibility_mask); !mask) return mask;
      if (memory->gpa % kPageSize != 0 || memory->number_of_bytes % kPageSize != 0)
        return fail("gpa " + hex_number(memory->gpa) + " / number_of_bytes: expected 4 KiB aligned values");
      file_.directives.emplace_back(*memory);
      return Ok{};
    }
    case HeaderType::kSnpIdBlock: {
      Result<SnpIdBlock> block = structure<SnpIdBlock>(body);
      if (!block) return block.error();
      if (Status mask = check_mask(block->compatibility_mask); !mask) return mask;
      file_.directives.emplace_back(*block);
      return Ok{};
    }
    default:
      if (type_ & kOptionalBit) return Ok{};  // a loader may ignore it
      return fail("unknown type " + hex_number(type_) + " without the optional bit (0x80000000): cannot load the file");
  }
}

Section section_of(uint32_t type) {
  const uint32_t base = type & ~kOptionalBit;
  if (base <= kPlatformRangeLast) return Section::kPlatform;
  if (base <= kInitializationRangeLast) return Section::kInitialization;
  return Section::kDirective;
}

Result<File> Reader::read() {
  if (bytes_.size() < sizeof(FixedHeader))
    return Error{"IGVM file: " + std::to_string(bytes_.size()) + " bytes, truncated before the end of the 24-byte fixed header"};
  FixedHeader fixed;
  std::memcpy(&fixed, bytes_.data(), sizeof(fixed));
  if (Status valid = check_fixed_header(fixed); !valid) return valid.error();
  uint64_t at = fixed.variable_header_offset;
  for (; at < data_start_; ++index_) {
    VariableHeader tlv;
    type_ = 0;
    if (!range_within(at, sizeof(tlv), data_start_)) return fail("the type/length header passes the end of the variable headers");
    std::memcpy(&tlv, bytes_.data() + at, sizeof(tlv));
    type_ = tlv.type;
    const uint64_t body = at + sizeof(tlv);
    if (!range_within(body, tlv.length, data_start_))
      return fail("length " + std::to_string(tlv.length) + " passes the end of the variable headers");
    const uint64_t next = *align_up(body + tlv.length, kHeaderAlignment);
    for (uint64_t pad = body + tlv.length; pad < next && pad < data_start_; ++pad)
      if (bytes_[pad] != std::byte{0}) return fail("non-zero padding after the structure");
    const Section section = section_of(tlv.type);
    if (section < section_) return fail("a platform or initialization header after a later section");
    if ((tlv.type & ~kOptionalBit) == 0 || ((tlv.type & ~kOptionalBit) > kInitializationRangeLast && (tlv.type & ~kOptionalBit) < kDirectiveRangeFirst) ||
        (tlv.type & ~kOptionalBit) > kDirectiveRangeLast)
      return fail("type " + hex_number(tlv.type) + " lies in no header range");
    section_ = section;
    if (Status taken = take(bytes_.subspan(body, tlv.length)); !taken) return taken.error();
    at = next;
  }
  if (file_.platforms.empty()) return Error{"IGVM file: no supported-platform header"};
  return std::move(file_);
}

}  // namespace

Result<File> read_igvm(std::span<const std::byte> bytes) { return Reader(bytes).read(); }

std::optional<uint32_t> platform_mask(const File& file, PlatformType type) {
  for (const SupportedPlatform& platform : file.platforms)
    if (platform.platform_type == static_cast<uint8_t>(type)) return platform.compatibility_mask;
  return std::nullopt;
}

}  // namespace confwl::igvm
