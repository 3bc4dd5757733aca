// ECDSA P-384 with SHA-384 in the SEV-SNP firmware ABI's signature format (Appendix B.1: R and S
// little-endian, zero-extended to 72 bytes): what signs reports, ID blocks and ID keys.
#pragma once
#include <cstddef>
#include <span>

#include "confwl/attestation/openssl_handles.h"
#include "confwl/attestation/snp_report.h"
#include "confwl/result.h"

namespace confwl::attestation {

// True for an EC key on secp384r1 (NIST P-384), public or private.
bool is_p384_key(evp_pkey_st* key);

// Ok when `signature` over `message` verifies with the P-384 `public_key`; the error says why not
// ("R or S is wider than 48 bytes", "does not verify").
Status verify_ecdsa_p384(std::span<const std::byte> message, const SnpEcdsaSignature& signature,
                         evp_pkey_st* public_key);

// A deterministic signature (RFC 6979 section 3.2, HMAC-SHA-384 nonces): the same key and message
// always give the same bytes, so sealing twice gives identical output. OpenSSL 3.0 (Debian 12)
// only has randomized nonces, hence our own nonce derivation; the result is checked with OpenSSL's
// verifier before it is returned. The reserved tail is zero.
Result<SnpEcdsaSignature> sign_ecdsa_p384_deterministic(std::span<const std::byte> message,
                                                        evp_pkey_st* private_key);

}  // namespace confwl::attestation
