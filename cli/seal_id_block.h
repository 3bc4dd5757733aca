// `confwl seal --id-key KEY.pem [--author-key KEY.pem]`: the SEV-SNP ID block over the launch
// digest the sealer recorded, signed with the user's keys. Errors are thrown as
// std::runtime_error naming the key file and what was expected.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "confwl/attestation/openssl_handles.h"
#include "confwl/manifest.h"
#include "confwl/sha384.h"
#include "confwl/snp_id/sign_id_block.h"

namespace confwl::cli {

struct IdBlockKeys {
  attestation::Key id;
  attestation::Key author;  // null without --author-key
  std::vector<std::filesystem::path> files;  // the key files read, for the depfile
};

// The keys, read before anything is sealed so a wrong key fails fast; none without --id-key (an
// author key alone is refused).
std::optional<IdBlockKeys> load_id_block_keys(const std::string& id_key, const std::string& author_key);

// The signed ID block for the launch digest, or nothing without keys.
std::optional<snp_id::SignedIdBlock> seal_id_block(const std::optional<IdBlockKeys>& keys,
                                                   const SevSnpIdentity& identity, const Sha384& launch_digest);

}  // namespace confwl::cli
