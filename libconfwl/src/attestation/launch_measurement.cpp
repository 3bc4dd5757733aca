#include "confwl/attestation/launch_measurement.h"

#include <nlohmann/json.hpp>

#include "confwl/attestation/hex_bytes.h"
#include "confwl/measure/image_launch.h"

namespace confwl::attestation {

Result<Sha384> launch_measurement(std::span<const std::byte> image) {
  Result<measure::SnpImageLaunch> launch = measure::default_snp_image_launch();
  if (!launch) return launch.error();
  measure::SnpLaunchDigest digest;
  return measure::snp_image_launch_digest(image, *launch, digest);
}

Result<Sha384> parse_sha384_hex(const std::string& hex, const std::string& what) {
  Result<std::vector<uint8_t>> bytes = parse_hex_bytes(hex, what);
  if (!bytes) return bytes.error();
  if (bytes->size() != Sha384{}.size())
    return Error{what + ": expected 96 hex digits (SHA-384), got " + std::to_string(hex.size())};
  Sha384 digest;
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

Result<Sha384> manifest_launch_measurement(std::span<const std::byte> manifest_json, const std::string& source) {
  const auto* text = reinterpret_cast<const char*>(manifest_json.data());
  const nlohmann::json manifest =
      nlohmann::json::parse(text, text + manifest_json.size(), nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded() || !manifest.is_object())
    return Error{source + ": not a JSON object (expected NAME.confwl.json written by `confwl seal`)"};
  const char kField[] = "measurements.sev_snp.launch_digest";
  const nlohmann::json digest = manifest.value("/measurements/sev_snp/launch_digest"_json_pointer, nlohmann::json());
  if (!digest.is_string()) return Error{source + ": " + kField + ": expected a string of 96 hex digits"};
  return parse_sha384_hex(digest.get<std::string>(), source + ": " + kField);
}

}  // namespace confwl::attestation
