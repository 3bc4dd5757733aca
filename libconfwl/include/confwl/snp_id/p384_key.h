// The keys of an SEV-SNP identity: the ID key that signs ID blocks and the optional author key
// that signs ID keys, both ECDSA P-384 (the only algorithm SNP_LAUNCH_FINISH takes). They come
// from PEM files a user names, so every other kind of key is refused by name.
#pragma once
#include <filesystem>
#include <span>
#include <string>

#include "confwl/attestation/openssl_handles.h"
#include "confwl/result.h"
#include "confwl/sha384.h"
#include "confwl/snp_id/id_block.h"

namespace confwl::snp_id {

// A new ECDSA P-384 private key as unencrypted PKCS#8 PEM text.
Result<std::string> new_p384_private_key_pem();

// The private key in `pem`; `source` (the file name) starts every error. Refused, each with what
// it is: not PEM, an encrypted key, a public key or certificate only, RSA, Ed25519, EC on
// another curve ("EC P-256 (prime256v1)").
Result<attestation::Key> parse_p384_private_key(std::span<const std::byte> pem, const std::string& source);

// read_file + parse_p384_private_key.
Result<attestation::Key> load_p384_private_key(const std::filesystem::path& path);

// The key in the ABI's public key format (CURVE 2, QX, QY little-endian).
Result<EcdsaPublicKey> public_key_format(evp_pkey_st* key);

// The key an untrusted EcdsaPublicKey holds: CURVE must be P-384, QX and QY fit 48 bytes, the
// reserved bytes are zero, and the point is on the curve (OpenSSL's public key check).
Result<attestation::Key> key_from_public_key_format(const EcdsaPublicKey& key);

// SHA-384 of the 0x404 bytes: the ID_KEY_DIGEST / AUTHOR_KEY_DIGEST an attestation report shows.
Sha384 public_key_digest(const EcdsaPublicKey& key);

}  // namespace confwl::snp_id
