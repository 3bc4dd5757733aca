#include "confwl/igvm/id_block.h"

#include <cstring>

namespace confwl::igvm {
namespace {

SnpIdBlockSignature signature_of(const snp_id::EcdsaSignature& signature) {
  SnpIdBlockSignature out{};
  std::memcpy(out.r_comp, signature.r, sizeof(out.r_comp));
  std::memcpy(out.s_comp, signature.s, sizeof(out.s_comp));
  return out;
}

SnpIdBlockPublicKey key_of(const snp_id::EcdsaPublicKey& key) {
  SnpIdBlockPublicKey out{};
  out.curve = key.curve;
  std::memcpy(out.qx, key.qx, sizeof(out.qx));
  std::memcpy(out.qy, key.qy, sizeof(out.qy));
  return out;
}

}  // namespace

SnpIdBlock igvm_id_block(const snp_id::SignedIdBlock& signed_block) {
  const snp_id::IdBlock& block = signed_block.block;
  const snp_id::IdAuthInfo& auth = signed_block.auth;
  SnpIdBlock out{};
  out.author_key_enabled = signed_block.author_key_enabled ? 1 : 0;
  std::memcpy(out.ld, block.ld, sizeof(out.ld));
  std::memcpy(out.family_id, block.family_id, sizeof(out.family_id));
  std::memcpy(out.image_id, block.image_id, sizeof(out.image_id));
  out.version = block.version;
  out.guest_svn = block.guest_svn;
  out.id_key_algorithm = auth.id_key_algo;
  out.author_key_algorithm = auth.auth_key_algo;
  out.id_key_signature = signature_of(auth.id_block_sig);
  out.id_public_key = key_of(auth.id_key);
  if (signed_block.author_key_enabled) {
    out.author_key_signature = signature_of(auth.id_key_sig);
    out.author_public_key = key_of(auth.author_key);
  }
  return out;
}

}  // namespace confwl::igvm
