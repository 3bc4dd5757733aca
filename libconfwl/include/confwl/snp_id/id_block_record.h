// The signed identity as NAME.confwl.json records it (key "sev_snp_id_block", written by
// `confwl seal --id-key`): the ID block and ID_AUTH_INFO in base64 (what QEMU's
// `-object sev-snp-guest,id-block=...,id-auth=...` takes), AUTH_KEY_EN, the readable fields, and
// the key digests reports will show. Read back from untrusted text by `confwl run` (to hand the
// block to the simulated PSP), `confwl verify` and `confwl verify-id-block`.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "confwl/result.h"
#include "confwl/sha384.h"
#include "confwl/snp_id/sign_id_block.h"

namespace confwl::snp_id {

inline constexpr char kIdBlockRecordKey[] = "sev_snp_id_block";

struct IdBlockRecord {
  std::vector<std::byte> id_block;  // as recorded: the checks decide whether it is one
  std::vector<std::byte> id_auth;
  bool author_key_enabled = false;
  Sha384 id_key_digest{};
  Sha384 author_key_digest{};       // zero without an author key
  uint64_t policy = 0;              // the guest policy the image is meant to launch with
};

// The record's JSON text (one object, keys in a fixed order), for seal_manifest_json.
std::string id_block_record_json(const SignedIdBlock& signed_block);

// The record in NAME.confwl.json, or nullopt when the manifest has none (an unsigned image).
// Errors name `source` and the field: "x.confwl.json: sev_snp_id_block.id_auth: ...".
Result<std::optional<IdBlockRecord>> read_id_block_record(std::span<const std::byte> manifest_json,
                                                          const std::string& source);

}  // namespace confwl::snp_id
