#include "confwl/snp_id/sign_id_block.h"

#include <algorithm>

#include "confwl/attestation/ecdsa_p384.h"
#include "confwl/snp_id/p384_key.h"

namespace confwl::snp_id {
namespace {

template <typename T>
std::span<const std::byte> bytes_of(const T& value) {
  return std::as_bytes(std::span<const T, 1>(&value, 1));
}

}  // namespace

std::span<const std::byte> SignedIdBlock::block_bytes() const { return bytes_of(block); }
std::span<const std::byte> SignedIdBlock::auth_bytes() const { return bytes_of(auth); }
Sha384 SignedIdBlock::id_key_digest() const { return public_key_digest(auth.id_key); }
Sha384 SignedIdBlock::author_key_digest() const {
  return author_key_enabled ? public_key_digest(auth.author_key) : Sha384{};
}

Result<SignedIdBlock> make_signed_id_block(const Sha384& launch_digest, const IdBlockInputs& inputs,
                                           evp_pkey_st* id_key, evp_pkey_st* author_key) {
  SignedIdBlock signed_block;
  IdBlock& block = signed_block.block;
  std::copy(launch_digest.begin(), launch_digest.end(), block.ld);
  std::copy(inputs.family_id.begin(), inputs.family_id.end(), block.family_id);
  std::copy(inputs.image_id.begin(), inputs.image_id.end(), block.image_id);
  block.version = kIdBlockVersion;
  block.guest_svn = inputs.guest_svn;
  block.policy = inputs.policy;

  IdAuthInfo& auth = signed_block.auth;
  auth.id_key_algo = kAlgoEcdsaP384Sha384;
  Result<EcdsaPublicKey> id_public = public_key_format(id_key);
  if (!id_public) return Error{"the ID key: " + id_public.error().message};
  auth.id_key = *id_public;
  Result<EcdsaSignature> block_signature = attestation::sign_ecdsa_p384_deterministic(bytes_of(block), id_key);
  if (!block_signature) return Error{"signing the ID block: " + block_signature.error().message};
  auth.id_block_sig = *block_signature;
  if (!author_key) return signed_block;

  auth.auth_key_algo = kAlgoEcdsaP384Sha384;
  Result<EcdsaPublicKey> author_public = public_key_format(author_key);
  if (!author_public) return Error{"the author key: " + author_public.error().message};
  auth.author_key = *author_public;
  Result<EcdsaSignature> key_signature = attestation::sign_ecdsa_p384_deterministic(bytes_of(auth.id_key), author_key);
  if (!key_signature) return Error{"signing the ID key with the author key: " + key_signature.error().message};
  auth.id_key_sig = *key_signature;
  signed_block.author_key_enabled = true;
  return signed_block;
}

}  // namespace confwl::snp_id
