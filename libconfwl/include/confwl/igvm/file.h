// An IGVM file in memory: what write_igvm serializes and read_igvm returns. The variable headers
// keep their on-disk structures (confwl/igvm/format.h); the data they reference through file
// offsets (pages, VMSAs) is held next to them, so a file round-trips byte for byte.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "confwl/igvm/format.h"
#include "confwl/result.h"

namespace confwl::igvm {

using Bytes = std::vector<std::byte>;

struct PageDataDirective {
  PageData header;  // header.file_offset is assigned by the writer
  Bytes data;       // empty: a page of zeros (file_offset 0); otherwise exactly one 4 KiB page
};

struct VpContextDirective {
  VpContext header;  // header.file_offset is assigned by the writer
  Bytes data;        // SEV-SNP: the 4 KiB VMSA page
};

struct MemoryMapDirective {
  Parameter header;
};

using Directive = std::variant<ParameterArea, PageDataDirective, ParameterInsert, VpContextDirective,
                               RequiredMemory, MemoryMapDirective, SnpIdBlock>;

struct File {
  std::vector<SupportedPlatform> platforms;
  std::vector<GuestPolicy> policies;
  std::vector<Directive> directives;  // in the order a loader applies them
};

// The file, with the checksum and every offset filled in. Deterministic: the same File gives the
// same bytes. Fails when the file would not fit the format's 32-bit sizes and offsets.
Result<Bytes> write_igvm(const File& file);

// Parses and checks untrusted bytes (see docs/measurement.md, "The IGVM file"): every size and
// offset within the file, the checksum, header order and alignment, known required types,
// compatibility masks declared by a platform header, page directives 4 KiB aligned and strictly
// ascending. Errors name the header index and field.
Result<File> read_igvm(std::span<const std::byte> bytes);

std::string_view header_type_name(uint32_t type);
std::string_view platform_type_name(uint8_t type);
std::string_view page_data_type_name(uint16_t type);

// The compatibility mask of the file's platform header for `type`, if it has one.
std::optional<uint32_t> platform_mask(const File& file, PlatformType type);

}  // namespace confwl::igvm
