// The on-disk structures of the IGVM file format (Independent Guest Virtual Machine), version 1.
// Source: Microsoft's igvm_defs crate (github.com/microsoft/igvm, igvm_defs/src/lib.rs), which is
// the format's definition; names follow it. Little-endian throughout.
//
// A file is: IGVM_FIXED_HEADER at offset 0; the variable header section (TLV structures, each an
// IGVM_VHS_VARIABLE_HEADER {type, length} followed by `length` bytes, the next one starting at the
// next multiple of 8, padding zero); then file data, referenced by file offsets. The checksum is
// CRC-32/ISO-HDLC (crc32fast, the zlib CRC) over the fixed header with `checksum` = 0 followed by
// the variable header section; file data is not covered.
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>

#include "confwl/abi/igvm_memory_map.h"

namespace confwl::igvm {

static_assert(std::endian::native == std::endian::little);

inline constexpr uint32_t kMagic = 0x4D56'4749;  // IGVM_MAGIC_VALUE, "IGVM" little-endian
inline constexpr uint32_t kFormatVersion1 = 1;   // IGVM_FORMAT_VERSION_1
inline constexpr uint64_t kPageSize = 4096;      // PAGE_SIZE_4K
inline constexpr uint32_t kHeaderAlignment = 8;

// IGVM_FIXED_HEADER.
struct [[gnu::packed]] FixedHeader {
  uint32_t magic;
  uint32_t format_version;
  uint32_t variable_header_offset;  // >= sizeof(FixedHeader), 8-byte aligned
  uint32_t variable_header_size;
  uint32_t total_file_size;
  uint32_t checksum;
};
static_assert(sizeof(FixedHeader) == 24);
static_assert(offsetof(FixedHeader, magic) == 0);
static_assert(offsetof(FixedHeader, format_version) == 4);
static_assert(offsetof(FixedHeader, variable_header_offset) == 8);
static_assert(offsetof(FixedHeader, variable_header_size) == 12);
static_assert(offsetof(FixedHeader, total_file_size) == 16);
static_assert(offsetof(FixedHeader, checksum) == 20);

// IgvmVariableHeaderType (the values this library knows). Ranges: platform 0x1..=0x100,
// initialization 0x101..=0x200, directive 0x301..=0x400; bit 31 (IGVM_VHT_OPTIONAL_BIT) marks a
// structure a loader may ignore when it does not know the type.
enum class HeaderType : uint32_t {
  kSupportedPlatform = 0x1,    // IGVM_VHT_SUPPORTED_PLATFORM
  kGuestPolicy = 0x101,        // IGVM_VHT_GUEST_POLICY
  kParameterArea = 0x301,      // IGVM_VHT_PARAMETER_AREA
  kPageData = 0x302,           // IGVM_VHT_PAGE_DATA
  kParameterInsert = 0x303,    // IGVM_VHT_PARAMETER_INSERT
  kVpContext = 0x304,          // IGVM_VHT_VP_CONTEXT
  kRequiredMemory = 0x305,     // IGVM_VHT_REQUIRED_MEMORY
  kVpCountParameter = 0x307,   // IGVM_VHT_VP_COUNT_PARAMETER
  kSnpIdBlock = 0x30B,         // IGVM_VHT_SNP_ID_BLOCK
  kMemoryMap = 0x30C,          // IGVM_VHT_MEMORY_MAP
};
inline constexpr uint32_t kOptionalBit = 1u << 31;
inline constexpr uint32_t kPlatformRangeLast = 0x100;
inline constexpr uint32_t kInitializationRangeLast = 0x200;
inline constexpr uint32_t kDirectiveRangeFirst = 0x301;
inline constexpr uint32_t kDirectiveRangeLast = 0x400;

// IGVM_VHS_VARIABLE_HEADER.
struct [[gnu::packed]] VariableHeader {
  uint32_t type;
  uint32_t length;  // of the structure that follows, without this header or padding
};
static_assert(sizeof(VariableHeader) == 8);
static_assert(offsetof(VariableHeader, length) == 4);

// IgvmPlatformType and the platform versions (IGVM_*_PLATFORM_VERSION, all 1).
enum class PlatformType : uint8_t { kNative = 0x00, kVsmIsolation = 0x01, kSevSnp = 0x02, kTdx = 0x03 };
inline constexpr uint16_t kPlatformVersion1 = 1;

// IGVM_VHS_SUPPORTED_PLATFORM.
struct [[gnu::packed]] SupportedPlatform {
  uint32_t compatibility_mask;  // exactly one bit
  uint8_t highest_vtl;
  uint8_t platform_type;
  uint16_t platform_version;
  uint64_t shared_gpa_boundary;
};
static_assert(sizeof(SupportedPlatform) == 16);
static_assert(offsetof(SupportedPlatform, highest_vtl) == 4);
static_assert(offsetof(SupportedPlatform, platform_type) == 5);
static_assert(offsetof(SupportedPlatform, platform_version) == 6);
static_assert(offsetof(SupportedPlatform, shared_gpa_boundary) == 8);

// IGVM_VHS_GUEST_POLICY: SNP the SEV-SNP guest policy (SnpPolicy), TDX TdxPolicy.
struct [[gnu::packed]] GuestPolicy {
  uint64_t policy;
  uint32_t compatibility_mask;
  uint32_t reserved;
};
static_assert(sizeof(GuestPolicy) == 16);
static_assert(offsetof(GuestPolicy, compatibility_mask) == 8);
static_assert(offsetof(GuestPolicy, reserved) == 12);

// IGVM_VHS_PARAMETER_AREA.
struct [[gnu::packed]] ParameterArea {
  uint64_t number_of_bytes;  // page aligned
  uint32_t parameter_area_index;
  uint32_t file_offset;  // 0: starts as zeros
};
static_assert(sizeof(ParameterArea) == 16);
static_assert(offsetof(ParameterArea, parameter_area_index) == 8);
static_assert(offsetof(ParameterArea, file_offset) == 12);

// IgvmPageDataType and IgvmPageDataFlags.
enum class PageDataType : uint16_t { kNormal = 0x0, kSecrets = 0x1, kCpuidData = 0x2, kCpuidXf = 0x3 };
inline constexpr uint32_t kPageFlagIs2MbPage = 1u << 0;
inline constexpr uint32_t kPageFlagUnmeasured = 1u << 1;
inline constexpr uint32_t kPageFlagShared = 1u << 2;

// IGVM_VHS_PAGE_DATA. file_offset 0: a page of zeros.
struct [[gnu::packed]] PageData {
  uint64_t gpa;
  uint32_t compatibility_mask;
  uint32_t file_offset;  // from the start of the file
  uint32_t flags;
  uint16_t data_type;
  uint16_t reserved;
};
static_assert(sizeof(PageData) == 24);
static_assert(offsetof(PageData, compatibility_mask) == 8);
static_assert(offsetof(PageData, file_offset) == 12);
static_assert(offsetof(PageData, flags) == 16);
static_assert(offsetof(PageData, data_type) == 20);
static_assert(offsetof(PageData, reserved) == 22);

// IGVM_VHS_PARAMETER_INSERT.
struct [[gnu::packed]] ParameterInsert {
  uint64_t gpa;
  uint32_t compatibility_mask;
  uint32_t parameter_area_index;
};
static_assert(sizeof(ParameterInsert) == 16);
static_assert(offsetof(ParameterInsert, compatibility_mask) == 8);
static_assert(offsetof(ParameterInsert, parameter_area_index) == 12);

// IGVM_VHS_PARAMETER: where a parameter (IGVM_VHT_MEMORY_MAP, IGVM_VHT_VP_COUNT_PARAMETER, ...)
// goes.
struct [[gnu::packed]] Parameter {
  uint32_t parameter_area_index;
  uint32_t byte_offset;
};
static_assert(sizeof(Parameter) == 8);
static_assert(offsetof(Parameter, byte_offset) == 4);

// IGVM_VHS_VP_CONTEXT (20 bytes, padded to 24 in the file). SEV-SNP: file data is the VMSA page,
// gpa where it goes.
struct [[gnu::packed]] VpContext {
  uint64_t gpa;
  uint32_t compatibility_mask;
  uint32_t file_offset;
  uint16_t vp_index;
  uint16_t reserved;
};
static_assert(sizeof(VpContext) == 20);
static_assert(offsetof(VpContext, compatibility_mask) == 8);
static_assert(offsetof(VpContext, file_offset) == 12);
static_assert(offsetof(VpContext, vp_index) == 16);
static_assert(offsetof(VpContext, reserved) == 18);

// IGVM_VHS_REQUIRED_MEMORY.
struct [[gnu::packed]] RequiredMemory {
  uint64_t gpa;
  uint32_t compatibility_mask;
  uint32_t number_of_bytes;
  uint32_t flags;
  uint32_t reserved;
};
static_assert(sizeof(RequiredMemory) == 24);
static_assert(offsetof(RequiredMemory, compatibility_mask) == 8);
static_assert(offsetof(RequiredMemory, number_of_bytes) == 12);
static_assert(offsetof(RequiredMemory, flags) == 16);
static_assert(offsetof(RequiredMemory, reserved) == 20);

// IGVM_VHS_SNP_ID_BLOCK_SIGNATURE / _PUBLIC_KEY / IGVM_VHS_SNP_ID_BLOCK. QEMU's loader
// (backends/igvm.c) turns this into the firmware's ID_BLOCK and ID_AUTH_INFO.
struct [[gnu::packed]] SnpIdBlockSignature {
  uint8_t r_comp[72];
  uint8_t s_comp[72];
};
static_assert(sizeof(SnpIdBlockSignature) == 144);
static_assert(offsetof(SnpIdBlockSignature, s_comp) == 72);

struct [[gnu::packed]] SnpIdBlockPublicKey {
  uint32_t curve;
  uint32_t reserved;
  uint8_t qx[72];
  uint8_t qy[72];
};
static_assert(sizeof(SnpIdBlockPublicKey) == 152);
static_assert(offsetof(SnpIdBlockPublicKey, qx) == 8);
static_assert(offsetof(SnpIdBlockPublicKey, qy) == 80);

struct [[gnu::packed]] SnpIdBlock {
  uint32_t compatibility_mask;
  uint8_t author_key_enabled;
  uint8_t reserved[3];
  uint8_t ld[48];
  uint8_t family_id[16];
  uint8_t image_id[16];
  uint32_t version;
  uint32_t guest_svn;
  uint32_t id_key_algorithm;
  uint32_t author_key_algorithm;
  SnpIdBlockSignature id_key_signature;
  SnpIdBlockPublicKey id_public_key;
  SnpIdBlockSignature author_key_signature;
  SnpIdBlockPublicKey author_public_key;
};
static_assert(sizeof(SnpIdBlock) == 696);
static_assert(offsetof(SnpIdBlock, author_key_enabled) == 4);
static_assert(offsetof(SnpIdBlock, ld) == 8);
static_assert(offsetof(SnpIdBlock, family_id) == 56);
static_assert(offsetof(SnpIdBlock, image_id) == 72);
static_assert(offsetof(SnpIdBlock, version) == 88);
static_assert(offsetof(SnpIdBlock, guest_svn) == 92);
static_assert(offsetof(SnpIdBlock, id_key_algorithm) == 96);
static_assert(offsetof(SnpIdBlock, author_key_algorithm) == 100);
static_assert(offsetof(SnpIdBlock, id_key_signature) == 104);
static_assert(offsetof(SnpIdBlock, id_public_key) == 248);
static_assert(offsetof(SnpIdBlock, author_key_signature) == 400);
static_assert(offsetof(SnpIdBlock, author_public_key) == 544);

// IGVM_VHS_MEMORY_MAP_ENTRY: what the loader writes for IGVM_VHT_MEMORY_MAP (the kernel reads it
// too, so it lives in the freestanding ABI headers).
using MemoryMapEntry = abi::IgvmMemoryMapEntry;

}  // namespace confwl::igvm
