#include <cstring>
#include <limits>

#include "confwl/abi/crc32.h"
#include "confwl/hex.h"
#include "confwl/igvm/file.h"

namespace confwl::igvm {
namespace {

constexpr uint64_t kMaxFileSize = std::numeric_limits<uint32_t>::max();

class Writer {
 public:
  template <typename T>
  void header(HeaderType type, const T& structure) {
    header(type, std::as_bytes(std::span(&structure, 1)));
  }

  void header(HeaderType type, std::span<const std::byte> structure) {
    const VariableHeader tlv{static_cast<uint32_t>(type), static_cast<uint32_t>(structure.size())};
    append(headers_, std::as_bytes(std::span(&tlv, 1)));
    append(headers_, structure);
    headers_.resize((headers_.size() + kHeaderAlignment - 1) / kHeaderAlignment * kHeaderAlignment);
  }

  // Data is placed after the variable headers, whose size is not known yet: offsets are relative
  // to the data section until finish() adds its start (header structures are patched then).
  uint64_t data(std::span<const std::byte> bytes) {
    const uint64_t offset = data_.size();
    append(data_, bytes);
    return offset;
  }

  // The offset of the 32-bit field at `field_offset` inside the last header written.
  void relocate_last(size_t structure_size, size_t field_offset) {
    relocations_.push_back(headers_.size() - ((structure_size + kHeaderAlignment - 1) / kHeaderAlignment * kHeaderAlignment) +
                           field_offset);
  }

  Result<Bytes> finish() {
    const uint64_t data_start = sizeof(FixedHeader) + headers_.size();
    const uint64_t total = data_start + data_.size();
    if (total > kMaxFileSize)
      return Error{"IGVM file: " + std::to_string(total) + " bytes, but the format's sizes and offsets are 32-bit (at most 4 GiB)"};
    for (size_t at : relocations_) {
      uint32_t value = 0;
      std::memcpy(&value, headers_.data() + at, sizeof(value));
      value += static_cast<uint32_t>(data_start);
      std::memcpy(headers_.data() + at, &value, sizeof(value));
    }
    FixedHeader fixed{kMagic, kFormatVersion1, sizeof(FixedHeader), static_cast<uint32_t>(headers_.size()),
                      static_cast<uint32_t>(total), 0};
    uint32_t crc = abi::crc32_update(0, reinterpret_cast<const uint8_t*>(&fixed), sizeof(fixed));
    crc = abi::crc32_update(crc, reinterpret_cast<const uint8_t*>(headers_.data()), headers_.size());
    fixed.checksum = crc;
    Bytes out;
    out.reserve(total);
    append(out, std::as_bytes(std::span(&fixed, 1)));
    append(out, headers_);
    append(out, data_);
    return out;
  }

  uint64_t data_size() const { return data_.size(); }

 private:
  static void append(Bytes& out, std::span<const std::byte> bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

  Bytes headers_;
  Bytes data_;
  std::vector<size_t> relocations_;
};

struct DirectiveWriter {
  Writer& out;

  Status operator()(const ParameterArea& area) const {
    if (area.file_offset != 0) return Error{"IGVM writer: parameter areas with initial data are not supported"};
    out.header(HeaderType::kParameterArea, area);
    return Ok{};
  }
  Status operator()(const PageDataDirective& page) const {
    PageData header = page.header;
    header.file_offset = 0;
    if (!page.data.empty()) {
      if (page.data.size() != kPageSize)
        return Error{"IGVM writer: page data at " + hex_number(header.gpa) + " is not one 4 KiB page"};
      header.file_offset = static_cast<uint32_t>(out.data(page.data));
    }
    out.header(HeaderType::kPageData, header);
    if (!page.data.empty()) out.relocate_last(sizeof(PageData), offsetof(PageData, file_offset));
    return Ok{};
  }
  Status operator()(const ParameterInsert& insert) const {
    out.header(HeaderType::kParameterInsert, insert);
    return Ok{};
  }
  Status operator()(const VpContextDirective& context) const {
    VpContext header = context.header;
    header.file_offset = static_cast<uint32_t>(out.data(context.data));
    out.header(HeaderType::kVpContext, header);
    out.relocate_last(sizeof(VpContext), offsetof(VpContext, file_offset));
    return Ok{};
  }
  Status operator()(const RequiredMemory& memory) const {
    out.header(HeaderType::kRequiredMemory, memory);
    return Ok{};
  }
  Status operator()(const MemoryMapDirective& map) const {
    out.header(HeaderType::kMemoryMap, map.header);
    return Ok{};
  }
  Status operator()(const SnpIdBlock& block) const {
    out.header(HeaderType::kSnpIdBlock, block);
    return Ok{};
  }
};

}  // namespace

Result<Bytes> write_igvm(const File& file) {
  Writer out;
  for (const SupportedPlatform& platform : file.platforms) out.header(HeaderType::kSupportedPlatform, platform);
  for (const GuestPolicy& policy : file.policies) out.header(HeaderType::kGuestPolicy, policy);
  for (const Directive& directive : file.directives) {
    Status written = std::visit(DirectiveWriter{out}, directive);
    if (!written) return written.error();
    if (out.data_size() > kMaxFileSize)
      return Error{"IGVM file: the file data passes 4 GiB, but the format's offsets are 32-bit"};
  }
  return out.finish();
}

}  // namespace confwl::igvm
