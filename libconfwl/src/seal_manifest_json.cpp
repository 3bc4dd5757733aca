#include "confwl/seal_manifest_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "confwl/hex.h"
#include "confwl/kernel_features.h"
#include "confwl/measure/image_launch.h"
#include "confwl/linux_syscalls.h"
#include "confwl/snp_id/id_block_record.h"

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

// Each sealed file as the image holds it, with the SHA-384 of its content.
Json files_json(const SealedImage& image) {
  Json files = Json::array();
  for (const SealedFileEntry& file : image.files) {
    if (file.directory) continue;
    char mode[8];
    std::snprintf(mode, sizeof(mode), "0%03o", file.mode);
    files.push_back(Json{{"path", file.guest_path}, {"mode", mode}, {"size", file.size}, {"sha384", to_hex(file.sha384)}});
  }
  return files;
}

// The attack surface in words: the names of the allowed syscalls, ascending by number.
Json allowlist_json(const BootConfig& config) {
  Json names = Json::array();
  for (uint32_t number = 0; number < config.syscall_allowlist.size(); ++number)
    if (config.syscall_allowlist.test(number)) names.push_back(syscall_label(number));
  return names;
}

const char* on_denied_name(abi::SyscallPolicy policy) {
  return policy == abi::SyscallPolicy::kKill ? "kill" : "enosys";
}

Json measurements_json(const measure::ImageMeasurements& measured) {
  const measure::SnpImageLaunch& snp = measured.snp;
  return Json{{"sev_snp", Json{{"launch_digest", to_hex(measured.snp_launch_digest)},
                               {"vcpus", snp.vcpus},
                               {"vcpu_type", snp.vcpu_type},
                               {"vcpu_signature", hex_number(snp.vcpu.signature)},
                               {"guest_features", hex_number(snp.vcpu.guest_features)},
                               {"vmm_profile", measure::vmm_profile_name(snp.vcpu.vmm)},
                               {"policy", hex_number(snp.policy)}}},
              {"tdx", Json{{"mrtd", to_hex(measured.tdx_mrtd)}}}};
}

// Strings from an image are untrusted bytes: invalid UTF-8 becomes U+FFFD instead of an exception.
std::string pretty(const Json& document) {
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string seal_manifest_json(const WorkloadManifest& manifest, const SealedImage& image,
                               std::string_view confwl_version, const measure::ImageMeasurements* measurements,
                               const snp_id::SignedIdBlock* id_block, std::optional<uint32_t> kernel_subsystems) {
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
  document["storage"] = Json{{"tmp", manifest.tmp_bytes}};
  document["files"] = files_json(image);
  Json kernel{{"preset", manifest.kernel_preset}};
  if (kernel_subsystems) kernel["subsystems"] = subsystem_names(*kernel_subsystems);
  kernel["on_denied"] = on_denied_name(image.boot_config.syscall_policy);
  kernel["syscalls"] = allowlist_json(image.boot_config);
  document["kernel"] = kernel;
  if (measurements) document["measurements"] = measurements_json(*measurements);
  if (id_block) document[snp_id::kIdBlockRecordKey] = Json::parse(snp_id::id_block_record_json(*id_block));
  return pretty(document);
}

std::string sealed_image_json(const SealedImage& image) {
  const BootConfig& config = image.boot_config;
  Json blobs = Json::array();
  for (const BlobInfo& blob : config.blobs)
    blobs.push_back(Json{{"kind", blob.kind == abi::BlobKind::kWorkloadElf   ? "workload-elf"
                                  : blob.kind == abi::BlobKind::kSealedFiles ? "sealed-files"
                                                                             : "unknown"},
                         {"guest_address", hex_number(blob.guest_address)},
                         {"size", blob.size}});
  Json boot_config{{"argv", config.argv},
                   {"envp", config.envp},
                   {"memory", config.memory_size},
                   {"runtime_args", config.runtime_args},
                   {"image_end", hex_number(config.image_end)},
                   {"blobs", blobs},
                   {"tmpfs_size", config.tmpfs_size},
                   {"on_denied", on_denied_name(config.syscall_policy)},
                   {"syscalls", allowlist_json(config)}};
  return pretty(Json{{"image", image_summary(image)},
                     {"segments", segments_json(image)},
                     {"boot_config", boot_config},
                     {"files", files_json(image)}});
}

}  // namespace confwl
