// Keys for the ID block tests, made in memory: P-384 keys to sign with, and PEM text of the kinds
// of key that must be refused.
#pragma once
#include <cstddef>
#include <span>
#include <string>

#include "confwl/attestation/openssl_handles.h"

namespace confwl::snp_id::testing {

attestation::Key new_p384_key();
// PEM (PKCS#8) of a new key: "RSA" (2048), "ED25519", or "EC" with a curve ("P-256", "P-384").
std::string private_key_pem(const char* type, const char* curve = nullptr);
std::string public_key_pem(evp_pkey_st* key);
std::span<const std::byte> bytes_of(const std::string& text);

}  // namespace confwl::snp_id::testing
