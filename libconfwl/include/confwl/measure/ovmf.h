// What an OVMF (edk2) firmware image tells the VMM about an SEV-SNP launch: the GUID table just
// before its end (edk2 OvmfPkg/ResetVector/Ia16/ResetVectorVtf0.asm, "guidedStructureEnd"), the
// SEV metadata it points to (OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm: "ASEV" header and
// {gpa, size, type} sections), the SEV-ES AP reset address and the SEV hashes table address.
// The image is untrusted input: every length and offset is checked before it is used.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "confwl/measure/guid.h"
#include "confwl/result.h"

namespace confwl::measure {

inline constexpr Guid kOvmfTableFooterGuid = guid("96b582de-1fb2-45f7-baea-a366c55a082d");
inline constexpr Guid kSevHashTableRvGuid = guid("7255371f-3a3b-4b04-927b-1da6efa8d454");
inline constexpr Guid kSevEsResetBlockGuid = guid("00f771de-1a7e-4fcb-890e-68c77e2fb44e");
inline constexpr Guid kOvmfSevMetadataGuid = guid("dc886566-984a-4798-a75e-5585a7bf67cc");

// The firmware is mapped to end at 4 GiB (QEMU -bios / pflash under SEV).
inline constexpr uint64_t kFirmwareEnd = 0x1'0000'0000;

// Each table entry is {data, u16 size, GUID}, read backwards from the footer; size counts all three.
struct [[gnu::packed]] OvmfTableEntryTail {
  uint16_t size;
  Guid guid;
};
static_assert(sizeof(OvmfTableEntryTail) == 18);
// The footer entry's tail ends 32 bytes before the end of the image (the reset vector follows).
inline constexpr size_t kOvmfFooterEndFromImageEnd = 32;

struct [[gnu::packed]] OvmfSevMetadataHeader {
  char signature[4];  // "ASEV"
  uint32_t size;      // header and sections
  uint32_t version;   // 1
  uint32_t section_count;
};
static_assert(sizeof(OvmfSevMetadataHeader) == 16);

struct [[gnu::packed]] OvmfSevMetadataSection {
  uint32_t gpa;
  uint32_t size;
  uint32_t type;
};
static_assert(sizeof(OvmfSevMetadataSection) == 12);

enum class SevSectionType : uint32_t {
  kSnpSecMem = 1,          // memory OVMF's SEC phase uses: pre-validated, zero
  kSnpSecrets = 2,         // the PSP's secrets page
  kCpuid = 3,              // the CPUID page
  kSvsmCaa = 4,            // SVSM calling area
  kSnpKernelHashes = 0x10, // the SEV hashes table page for measured direct boot
};
std::string_view sev_section_type_name(SevSectionType type);

struct SevSection {
  uint64_t gpa;
  uint64_t size;  // multiple of 4 KiB, non-zero
  SevSectionType type;
};

struct OvmfTableEntry {
  Guid guid;
  std::span<const std::byte> data;  // inside the image
};

struct OvmfImage {
  uint64_t gpa;                               // kFirmwareEnd - size
  std::vector<OvmfTableEntry> table;          // read backwards from the footer (nearest first)
  std::vector<SevSection> sections;           // SEV metadata, table order; empty without it
  std::optional<uint32_t> sev_es_reset_eip;   // where APs start
  std::optional<uint32_t> sev_hash_table_gpa; // where QEMU writes the SEV hashes table
};

// The GUID table alone (errors name the entry's offset in the image).
Result<std::vector<OvmfTableEntry>> parse_ovmf_table(std::span<const std::byte> image);

// Checks the image size (non-empty, whole pages, at most 4 GiB), the table, the SEV metadata
// (signature, length, version, then each section: known type, page aligned, below 4 GiB, not
// overlapping another section or the firmware) and the fixed-size entries.
Result<OvmfImage> parse_ovmf(std::span<const std::byte> image);

}  // namespace confwl::measure
