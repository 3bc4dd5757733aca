#include "confwl/igvm/file.h"

namespace confwl::igvm {

std::string_view header_type_name(uint32_t type) {
  switch (static_cast<HeaderType>(type)) {
    case HeaderType::kSupportedPlatform: return "SUPPORTED_PLATFORM";
    case HeaderType::kGuestPolicy: return "GUEST_POLICY";
    case HeaderType::kParameterArea: return "PARAMETER_AREA";
    case HeaderType::kPageData: return "PAGE_DATA";
    case HeaderType::kParameterInsert: return "PARAMETER_INSERT";
    case HeaderType::kVpContext: return "VP_CONTEXT";
    case HeaderType::kRequiredMemory: return "REQUIRED_MEMORY";
    case HeaderType::kVpCountParameter: return "VP_COUNT_PARAMETER";
    case HeaderType::kSnpIdBlock: return "SNP_ID_BLOCK";
    case HeaderType::kMemoryMap: return "MEMORY_MAP";
  }
  return "unknown type";
}

std::string_view platform_type_name(uint8_t type) {
  switch (static_cast<PlatformType>(type)) {
    case PlatformType::kNative: return "native";
    case PlatformType::kVsmIsolation: return "vsm";
    case PlatformType::kSevSnp: return "sev-snp";
    case PlatformType::kTdx: return "tdx";
  }
  return "unknown";
}

std::string_view page_data_type_name(uint16_t type) {
  switch (static_cast<PageDataType>(type)) {
    case PageDataType::kNormal: return "NORMAL";
    case PageDataType::kSecrets: return "SECRETS";
    case PageDataType::kCpuidData: return "CPUID_DATA";
    case PageDataType::kCpuidXf: return "CPUID_XF";
  }
  return "unknown";
}

}  // namespace confwl::igvm
