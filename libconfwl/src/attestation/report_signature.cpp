#include "confwl/attestation/report_signature.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "confwl/attestation/ecdsa_p384.h"
#include "confwl/attestation/parse_snp_report.h"
#include "openssl_error.h"

namespace confwl::attestation {
namespace {

struct FreeSignature {
  void operator()(ECDSA_SIG* signature) const { ECDSA_SIG_free(signature); }
};
struct FreeDigestContext {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using SignaturePtr = std::unique_ptr<ECDSA_SIG, FreeSignature>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, FreeDigestContext>;

std::span<const unsigned char> signed_bytes(const SnpAttestationReport& report) {
  return {reinterpret_cast<const unsigned char*>(&report), kSnpSignedBytes};
}

}  // namespace

Status verify_report_signature(const SnpAttestationReport& report, evp_pkey_st* vcek_public_key) {
  if (!is_p384_key(vcek_public_key)) return Error{"the VCEK public key is not an EC P-384 key"};
  const std::span<const unsigned char> message = signed_bytes(report);
  Status verified = verify_ecdsa_p384(std::as_bytes(message), report.signature, vcek_public_key);
  if (verified || verified.error().message.starts_with("R or S")) return verified;
  return Error{"the ECDSA P-384 signature over bytes 0x000..0x29f does not verify with the VCEK"};
}

Status sign_report(SnpAttestationReport& report, evp_pkey_st* vcek_private_key) {
  if (!is_p384_key(vcek_private_key)) return Error{"the signing key is not an EC P-384 key"};
  DigestContext context(EVP_MD_CTX_new());
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha384(), nullptr, vcek_private_key) != 1)
    return Error{openssl_error("EVP_DigestSignInit")};
  const std::span<const unsigned char> message = signed_bytes(report);
  size_t length = 0;
  if (EVP_DigestSign(context.get(), nullptr, &length, message.data(), message.size()) != 1)
    return Error{openssl_error("EVP_DigestSign (size)")};
  std::vector<unsigned char> der(length);
  if (EVP_DigestSign(context.get(), der.data(), &length, message.data(), message.size()) != 1)
    return Error{openssl_error("EVP_DigestSign")};
  const unsigned char* cursor = der.data();
  SignaturePtr ecdsa(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(length)));
  if (!ecdsa) return Error{openssl_error("decoding our own ECDSA signature")};
  report.signature = SnpEcdsaSignature{};
  if (BN_bn2lebinpad(ECDSA_SIG_get0_r(ecdsa.get()), report.signature.r, sizeof report.signature.r) < 0 ||
      BN_bn2lebinpad(ECDSA_SIG_get0_s(ecdsa.get()), report.signature.s, sizeof report.signature.s) < 0)
    return Error{openssl_error("storing R and S")};
  return Ok{};
}

}  // namespace confwl::attestation
