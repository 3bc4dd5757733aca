// The manifest's sev_snp section: the identity an SEV-SNP launch of the image carries (family
// and image id, guest SVN) and its guest policy (SEV-SNP Firmware ABI, section 4.3 "Guest Policy").
#include <algorithm>
#include <array>
#include <charconv>

#include "confwl/hex.h"
#include "manifest_parser.h"

namespace confwl::detail {
namespace {

constexpr std::array<std::string_view, 4> kSevSnpKeys{"family_id", "image_id", "guest_svn", "policy"};
constexpr std::string_view kIdSyntax = "32 hex digits, or a text of 1 to 16 bytes (zero-padded)";
constexpr uint64_t kPolicyReservedMustBeOne = 1ull << 17;
constexpr uint64_t kPolicyDefinedBits = (1ull << 26) - 1;  // bits 26..63 are reserved, must be zero

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_hex_id(std::string_view text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) { return hex_digit(c) >= 0; });
}

}  // namespace

Result<uint64_t> ManifestParser::number_value(const YAML::Node& node, std::string_view field, uint64_t maximum) const {
  const std::string what = "a number from 0 to " + std::to_string(maximum) + " (decimal or 0x hex)";
  if (!node.IsScalar()) return expected(node, field, what);
  std::string_view digits = node.Scalar();
  const bool hex = digits.starts_with("0x") || digits.starts_with("0X");
  if (hex) digits.remove_prefix(2);
  // from_chars, unlike strtoull, takes neither white space nor a sign: strtoull read " -1" as 2^64 - 1.
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (error != std::errc() || end != digits.data() + digits.size() || value > maximum) return expected(node, field, what);
  return value;
}

std::optional<Error> ManifestParser::parse_snp_id(const YAML::Node& node, std::string_view field,
                                                  std::array<uint8_t, 16>& id) const {
  Result<std::string> text = string_value(node, field);
  if (!text) return text.error();
  std::string_view value = *text;
  if (is_hex_id(value)) {
    for (size_t index = 0; index < id.size(); ++index)
      id[index] = static_cast<uint8_t>(hex_digit(value[2 * index]) << 4 | hex_digit(value[2 * index + 1]));
    return std::nullopt;
  }
  if (value.empty() || value.size() > id.size())
    return error_at(node, field, "expected " + std::string(kIdSyntax) + ", got " + describe(node) + " (" +
                                     std::to_string(value.size()) + " bytes)");
  id.fill(0);
  std::copy(value.begin(), value.end(), id.begin());
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_sev_snp(const YAML::Node& node, WorkloadManifest& manifest) const {
  if (!node.IsMap()) return expected(node, "sev_snp", "a map with 'family_id', 'image_id', 'guest_svn' or 'policy'");
  if (auto error = check_keys(node, "sev_snp", kSevSnpKeys)) return error;
  SevSnpIdentity& identity = manifest.sev_snp;
  if (const YAML::Node family = node["family_id"]) {
    if (auto error = parse_snp_id(family, "sev_snp.family_id", identity.family_id)) return error;
  }
  if (const YAML::Node image = node["image_id"]) {
    if (auto error = parse_snp_id(image, "sev_snp.image_id", identity.image_id)) return error;
  }
  if (const YAML::Node svn = node["guest_svn"]) {
    Result<uint64_t> value = number_value(svn, "sev_snp.guest_svn", UINT32_MAX);
    if (!value) return value.error();
    identity.guest_svn = static_cast<uint32_t>(*value);
  }
  const YAML::Node policy = node["policy"];
  if (!policy) return std::nullopt;
  Result<uint64_t> value = number_value(policy, "sev_snp.policy", UINT64_MAX);
  if (!value) return value.error();
  if (!(*value & kPolicyReservedMustBeOne))
    return error_at(policy, "sev_snp.policy", "bit 17 is reserved and must be 1 (e.g. 0x30000), got " + hex_number(*value));
  if (*value & ~kPolicyDefinedBits)
    return error_at(policy, "sev_snp.policy", "bits 26..63 are reserved and must be 0, got " + hex_number(*value));
  identity.policy = *value;
  return std::nullopt;
}

}  // namespace confwl::detail
