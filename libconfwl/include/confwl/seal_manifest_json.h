// JSON views of a sealed image: NAME.confwl.json, written next to the image by `confwl seal`, and
// the description `confwl inspect --json` prints. Keys come in a fixed order, so identical inputs
// give identical text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "confwl/manifest.h"
#include "confwl/sealed_image.h"
#include "confwl/sha384.h"

namespace confwl {

namespace measure {
struct ImageMeasurements;  // confwl/measure/image_launch.h
}
namespace snp_id {
struct SignedIdBlock;  // confwl/snp_id/sign_id_block.h
}

// {name, confwl_version, image {size, sha384, pvh_entry}, segments [...], workload {size, sha384},
//  args, env, runtime_args, resources {memory}, kernel {preset, [subsystems], on_denied, syscalls}},
// pretty-printed, ending in "\n". With `measurements`, also measurements {sev_snp {launch_digest,
// vcpus, vcpu_type, guest_features, vmm_profile, policy}, tdx {mrtd}} (see docs/measurement.md).
// With `id_block` (signed over measurements' launch digest), also sev_snp_id_block {...}
// (confwl/snp_id/id_block_record.h). With `kernel_subsystems` (SealOutput), kernel.subsystems
// names what the kernel compiles in.
std::string seal_manifest_json(const WorkloadManifest& manifest, const SealedImage& image,
                               std::string_view confwl_version,
                               const measure::ImageMeasurements* measurements = nullptr,
                               const snp_id::SignedIdBlock* id_block = nullptr,
                               std::optional<uint32_t> kernel_subsystems = std::nullopt);

// What the image itself says: {image {...}, segments [...], boot_config {argv, envp, memory,
// runtime_args, image_end, blobs [...]}}, pretty-printed, ending in "\n".
std::string sealed_image_json(const SealedImage& image);

}  // namespace confwl
