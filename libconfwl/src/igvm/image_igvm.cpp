#include "confwl/igvm/image_igvm.h"

#include <array>
#include <cstring>

#include "confwl/abi/guest_layout.h"
#include "confwl/igvm/launch.h"
#include "confwl/measure/vmsa.h"

namespace confwl::igvm {
namespace {

constexpr uint32_t kAllMasks = kSnpMask | kTdxMask | kNativeMask;
constexpr uint32_t kMemoryMapArea = 0;

File platforms(uint64_t snp_policy) {
  File file;
  file.platforms = {
      {kSnpMask, 0, static_cast<uint8_t>(PlatformType::kSevSnp), kPlatformVersion1, 0},
      {kTdxMask, 0, static_cast<uint8_t>(PlatformType::kTdx), kPlatformVersion1, 0},
      {kNativeMask, 0, static_cast<uint8_t>(PlatformType::kNative), kPlatformVersion1, 0},
  };
  file.policies = {{snp_policy, kSnpMask, 0}};
  return file;
}

PageDataDirective page(uint64_t gpa, uint32_t mask, PageDataType type, Bytes data = {}) {
  return PageDataDirective{PageData{gpa, mask, 0, 0, static_cast<uint16_t>(type), 0}, std::move(data)};
}

void add_parameter_area(File& file) {
  file.directives.emplace_back(ParameterArea{kPageSize, kMemoryMapArea, 0});
  file.directives.emplace_back(MemoryMapDirective{Parameter{kMemoryMapArea, 0}});
  file.directives.emplace_back(ParameterInsert{abi::kIgvmMemoryMapGpa, kAllMasks, kMemoryMapArea});
}

Bytes page_bytes(std::span<const std::byte> bytes) {
  Bytes page(kPageSize);
  std::memcpy(page.data(), bytes.data(), bytes.size());
  return page;
}

}  // namespace

std::array<std::byte, 16> tdx_reset_vector_code(uint32_t pvh_entry) {
  std::array<uint8_t, 16> code = {0xBB, 0, 0, 0, 0,     // mov ebx, 0: no hvm_start_info
                                  0xB8, 0, 0, 0, 0,     // mov eax, pvh_entry
                                  0xFF, 0xE0,           // jmp eax
                                  0xF4, 0xF4, 0xF4, 0xF4};  // hlt
  std::memcpy(&code[6], &pvh_entry, sizeof(pvh_entry));
  std::array<std::byte, 16> out;
  std::memcpy(out.data(), code.data(), code.size());
  return out;
}

Result<File> image_igvm(std::span<const std::byte> image, const measure::SnpImageLaunch& launch,
                        const std::optional<SnpIdBlock>& id_block) {
  File file = platforms(launch.policy);
  add_parameter_area(file);
  file.directives.emplace_back(page(abi::kSnpSecretsPageGpa, kSnpMask, PageDataType::kSecrets));
  file.directives.emplace_back(page(abi::kSnpCpuidPageGpa, kSnpMask, PageDataType::kCpuidData));
  uint64_t image_end = 0;
  Result<uint32_t> entry = measure::for_each_image_page(image, [&](uint64_t gpa, std::span<const std::byte> bytes) {
    file.directives.emplace_back(page(gpa, kAllMasks, PageDataType::kNormal, bytes.empty() ? Bytes{} : page_bytes(bytes)));
    image_end = gpa + kPageSize;
  });
  if (!entry) return entry.error();
  if (image_end > abi::kTdxResetPageGpa)
    return Error{"not a ConfWL image: segments reach the TDX reset page at 0xfffff000"};
  Bytes reset_page(kPageSize);
  const std::array<std::byte, 16> code = tdx_reset_vector_code(*entry);
  std::memcpy(reset_page.data() + kPageSize - code.size(), code.data(), code.size());
  file.directives.emplace_back(page(abi::kTdxResetPageGpa, kTdxMask, PageDataType::kNormal, std::move(reset_page)));

  const measure::SevEsSaveArea vmsa = measure::pvh_entry_vmsa(*entry, /*start_info_gpa=*/0, launch.vcpu);
  const measure::Page vmsa_page = measure::page_of(vmsa);
  file.directives.emplace_back(VpContextDirective{VpContext{measure::kKvmVmsaGpa, kSnpMask, 0, 0, 0},
                                                  Bytes(vmsa_page.begin(), vmsa_page.end())});
  if (id_block) {
    SnpIdBlock block = *id_block;
    block.compatibility_mask = kSnpMask;
    file.directives.emplace_back(block);
  }
  return file;
}

Result<SealedIgvm> seal_igvm(std::span<const std::byte> image, const measure::SnpImageLaunch& launch,
                             const std::optional<SnpIdBlock>& id_block) {
  Result<File> file = image_igvm(image, launch, id_block);
  if (!file) return file.error();
  Result<Bytes> bytes = write_igvm(*file);
  if (!bytes) return bytes.error();
  // The measurements are those of the bytes written, read back like any other IGVM file.
  Result<File> written = read_igvm(*bytes);
  if (!written) return Error{"the IGVM file just written does not read back: " + written.error().message};
  measure::SnpLaunchDigest digest;
  Result<SnpLaunch> snp = snp_launch_digest(*written, launch.vcpus, digest);
  if (!snp) return snp.error();
  measure::TdxMrtd mrtd;
  Result<Sha384> tdx = tdx_mrtd(*written, mrtd);
  if (!tdx) return tdx.error();
  return SealedIgvm{std::move(*bytes), measure::ImageMeasurements{launch, snp->digest, *tdx}};
}

}  // namespace confwl::igvm
