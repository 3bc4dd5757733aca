#include "confwl/seal_manifest_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "confwl/hex.h"

namespace confwl {
namespace {

// ordered_json keeps insertion order: the documents read top-down like the manifest.
using Json = nlohmann::ordered_json;

Json image_summary(const SealedImage& image) {
  return Json{{"size", image.image_size},
              {"sha384", to_hex(image.image_sha384)},
              {"pvh_entry", hex_number(image.pvh_entry)}};
}

Json segments_json(const SealedImage& image) {
  Json segments = Json::array();
  for (const SegmentInfo& segment : image.segments)
    segments.push_back(Json{{"role", segment_role_name(segment.role)},
                            {"guest_address", hex_number(segment.guest_address)},
                            {"file_size", segment.file_size},
                            {"memory_size", segment.memory_size},
                            {"sha384", to_hex(segment.sha384)}});
  return segments;
}

const SegmentInfo* workload_segment(const SealedImage& image) {
  auto found = std::find_if(image.segments.begin(), image.segments.end(),
                            [](const SegmentInfo& segment) { return segment.role == SegmentRole::kWorkload; });
  return found == image.segments.end() ? nullptr : &*found;
}

// Strings from an image are untrusted bytes: invalid UTF-8 becomes U+FFFD instead of an exception.
std::string pretty(const Json& document) {
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string seal_manifest_json(const WorkloadManifest& manifest, const SealedImage& image,
                               std::string_view confwl_version) {
  Json env = Json::object();
  for (const auto& [name, value] : manifest.env) env[name] = value;
  Json document{{"name", manifest.name},
                {"confwl_version", confwl_version},
                {"image", image_summary(image)},
                {"segments", segments_json(image)}};
  if (const SegmentInfo* workload = workload_segment(image))
    document["workload"] = Json{{"size", workload->file_size}, {"sha384", to_hex(workload->sha384)}};
  document["args"] = manifest.args;
  document["env"] = env;
  document["runtime_args"] = manifest.runtime_args;
  document["resources"] = Json{{"memory", manifest.memory_bytes}};
  document["kernel"] = Json{{"preset", manifest.kernel_preset}};
  return pretty(document);
}

std::string sealed_image_json(const SealedImage& image) {
  const BootConfig& config = image.boot_config;
  Json blobs = Json::array();
  for (const BlobInfo& blob : config.blobs)
    blobs.push_back(Json{{"kind", blob.kind == abi::BlobKind::kWorkloadElf ? "workload-elf" : "unknown"},
                         {"guest_address", hex_number(blob.guest_address)},
                         {"size", blob.size}});
  Json boot_config{{"argv", config.argv},
                   {"envp", config.envp},
                   {"memory", config.memory_size},
                   {"runtime_args", config.runtime_args},
                   {"image_end", hex_number(config.image_end)},
                   {"blobs", blobs}};
  return pretty(Json{{"image", image_summary(image)},
                     {"segments", segments_json(image)},
                     {"boot_config", boot_config}});
}

}  // namespace confwl
