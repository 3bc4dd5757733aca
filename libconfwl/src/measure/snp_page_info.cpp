#include "confwl/measure/snp_page_info.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace confwl::measure {
namespace {

constexpr SnpPageType kAllTypes[] = {SnpPageType::kNormal,     SnpPageType::kVmsa,    SnpPageType::kZero,
                                     SnpPageType::kUnmeasured, SnpPageType::kSecrets, SnpPageType::kCpuid};

bool has_contents(SnpPageType type) { return type == SnpPageType::kNormal || type == SnpPageType::kVmsa; }

}  // namespace

std::string_view snp_page_type_name(SnpPageType type) {
  switch (type) {
    case SnpPageType::kNormal: return "NORMAL";
    case SnpPageType::kVmsa: return "VMSA";
    case SnpPageType::kZero: return "ZERO";
    case SnpPageType::kUnmeasured: return "UNMEASURED";
    case SnpPageType::kSecrets: return "SECRETS";
    case SnpPageType::kCpuid: return "CPUID";
  }
  return "UNKNOWN";
}

Result<SnpPageType> parse_snp_page_type(std::string_view name) {
  for (SnpPageType type : kAllTypes)
    if (snp_page_type_name(type) == name) return type;
  return Error{"page type '" + std::string(name) +
               "': expected NORMAL, VMSA, ZERO, UNMEASURED, SECRETS or CPUID"};
}

void SnpLaunchDigest::add_page(SnpPageType type, uint64_t gpa, Page page) {
  if (!has_contents(type)) throw std::invalid_argument("SNP page type without contents given a page");
  add_step(type, gpa, hasher_.digest(page));
}

void SnpLaunchDigest::add_empty_page(SnpPageType type, uint64_t gpa) {
  if (has_contents(type)) throw std::invalid_argument("SNP NORMAL/VMSA page given without contents");
  add_step(type, gpa, Sha384{});
}

void SnpLaunchDigest::add_step(SnpPageType type, uint64_t gpa, const Sha384& contents) {
  if (gpa % kPageSize != 0) throw std::invalid_argument("SNP page GPA not 4 KiB aligned");
  SnpPageInfo info{};
  std::memcpy(info.digest_cur, digest_.data(), digest_.size());
  std::memcpy(info.contents, contents.data(), contents.size());
  info.length = sizeof(SnpPageInfo);
  info.page_type = static_cast<uint8_t>(type);
  info.gpa = gpa;
  digest_ = hasher_.digest(std::as_bytes(std::span(&info, 1)));
  if (observer_) observer_(SnpStep{gpa, type, contents, digest_});
}

}  // namespace confwl::measure
