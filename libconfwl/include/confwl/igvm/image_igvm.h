// NAME.igvm for a sealed ConfWL image: THE definition of the image's launch. The sealer writes
// this file, and the manifest's SNP launch digest and TDX MRTD are those of applying its
// directives (confwl/igvm/launch.h). docs/measurement.md, "The IGVM launch of a ConfWL image",
// lists the directives; in short, in this order:
//   1. PARAMETER_AREA 0 (one page), MEMORY_MAP into it, PARAMETER_INSERT at kIgvmMemoryMapGpa
//      (all platforms);
//   2. SNP: the SECRETS page, then the CPUID page (no file data);
//   3. every page a PT_LOAD covers, ascending, once (all platforms): with file data when a file
//      byte lands on it, without (a page of zeros: SNP ZERO, TDX measured zeros) when only bss;
//   4. TDX: the reset page at kTdxResetPageGpa (measured), jumping to the PVH entry;
//   5. SNP: VP_CONTEXT, the PVH entry VMSA (RBX 0: no hvm_start_info; the IGVM memory map instead);
//   6. SNP: the ID block, when one is given.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "confwl/igvm/file.h"
#include "confwl/measure/image_launch.h"

namespace confwl::igvm {

// The compatibility masks of NAME.igvm's three platforms.
inline constexpr uint32_t kSnpMask = 0x1;
inline constexpr uint32_t kTdxMask = 0x2;
inline constexpr uint32_t kNativeMask = 0x4;

// The seam for the SNP ID block (`confwl seal` with SIGNING_KEY): when given, NAME.igvm carries it
// as IGVM_VHT_SNP_ID_BLOCK; its compatibility_mask is set to kSnpMask here.
Result<File> image_igvm(std::span<const std::byte> image, const measure::SnpImageLaunch& launch,
                        const std::optional<SnpIdBlock>& id_block = std::nullopt);

// The 16 bytes at the TDX reset vector: mov ebx, 0; mov eax, entry; jmp eax; hlt padding.
std::array<std::byte, 16> tdx_reset_vector_code(uint32_t pvh_entry);

struct SealedIgvm {
  Bytes file;  // NAME.igvm
  measure::ImageMeasurements measurements;  // of applying `file`, read back from its bytes
};

Result<SealedIgvm> seal_igvm(std::span<const std::byte> image, const measure::SnpImageLaunch& launch,
                             const std::optional<SnpIdBlock>& id_block = std::nullopt);

}  // namespace confwl::igvm
