#include "seal_id_block.h"

#include <stdexcept>

#include "confwl/snp_id/p384_key.h"

namespace confwl::cli {
namespace {

attestation::Key load_key(const std::string& path, const char* option) {
  Result<attestation::Key> key = snp_id::load_p384_private_key(path);
  if (!key) throw std::runtime_error(std::string(option) + " " + key.error().message);
  return std::move(*key);
}

}  // namespace

std::optional<IdBlockKeys> load_id_block_keys(const std::string& id_key, const std::string& author_key) {
  if (id_key.empty()) {
    if (!author_key.empty())
      throw std::runtime_error("--author-key " + author_key + " needs --id-key: the author key signs the ID key");
    return std::nullopt;
  }
  IdBlockKeys keys{load_key(id_key, "--id-key"), nullptr, {id_key}};
  if (!author_key.empty()) {
    keys.author = load_key(author_key, "--author-key");
    keys.files.push_back(author_key);
  }
  return keys;
}

std::optional<snp_id::SignedIdBlock> seal_id_block(const std::optional<IdBlockKeys>& keys,
                                                   const SevSnpIdentity& identity, const Sha384& launch_digest) {
  if (!keys) return std::nullopt;
  const snp_id::IdBlockInputs inputs{identity.family_id, identity.image_id, identity.guest_svn, identity.policy};
  Result<snp_id::SignedIdBlock> signed_block =
      snp_id::make_signed_id_block(launch_digest, inputs, keys->id.get(), keys->author.get());
  if (!signed_block) throw std::runtime_error("cannot sign the ID block: " + signed_block.error().message);
  return std::move(*signed_block);
}

}  // namespace confwl::cli
