// The SEV-SNP certificate chain: AMD Root Key (ARK, RSA-4096, self-signed with RSASSA-PSS) ->
// AMD SEV Key (ASK, signed by the ARK) -> Versioned Chip Endorsement Key (VCEK, EC P-384, signed
// by the ASK). The same checks run on AMD's chain and on ConfWL's simulated one.
#pragma once
#include <cstddef>
#include <ctime>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "confwl/attestation/openssl_handles.h"
#include "confwl/result.h"
#include "confwl/sha384.h"

namespace confwl::attestation {

struct CertChain {
  Certificate ark;
  Certificate ask;
  Certificate vcek;
};

// Every certificate in `bytes`: one or more PEM certificates, or one DER certificate. AMD's
// certificates have non-positive serial numbers, which OpenSSL's parser accepts.
Result<std::vector<Certificate>> parse_certificates(std::span<const std::byte> bytes,
                                                    const std::string& source);

// A chain from a directory holding ark.pem and ask.pem (or AMD KDS's cert_chain.pem: ASK then ARK)
// and vcek.pem or vcek.der (as AMD KDS serves it).
Result<CertChain> load_cert_dir(const std::filesystem::path& dir);

// ARK self-signed, ASK issued by the ARK, VCEK issued by the ASK (issuer names and signatures),
// the ARK and ASK RSA-4096, the VCEK EC P-384, and every certificate valid at `at`.
Status verify_cert_chain(const CertChain& chain, std::time_t at);

// SHA-384 of the certificate's SubjectPublicKeyInfo (DER): how roots are pinned.
Sha384 public_key_fingerprint(x509_st* certificate);

// The ARK is one of AMD's published roots (ARK-Milan, ARK-Genoa), pinned by public key.
bool is_amd_root(x509_st* ark);

// The public key inside a certificate (owned by the certificate).
evp_pkey_st* certificate_key(x509_st* certificate);

// PEM text of a certificate.
std::string certificate_pem(x509_st* certificate);

// "CN=SEV-VCEK, O=Advanced Micro Devices" style subject, for messages.
std::string certificate_subject(x509_st* certificate);

}  // namespace confwl::attestation
