#include "confwl/attestation/report_signature.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "confwl/attestation/parse_snp_report.h"
#include "openssl_error.h"

namespace confwl::attestation {
namespace {

// P-384 scalars are 48 bytes; the ABI stores them zero-extended to 72.
constexpr size_t kScalarBytes = 48;

struct FreeSignature {
  void operator()(ECDSA_SIG* signature) const { ECDSA_SIG_free(signature); }
};
struct FreeBignum {
  void operator()(BIGNUM* number) const { BN_free(number); }
};
struct FreeDigestContext {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using SignaturePtr = std::unique_ptr<ECDSA_SIG, FreeSignature>;
using BignumPtr = std::unique_ptr<BIGNUM, FreeBignum>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, FreeDigestContext>;

std::span<const unsigned char> signed_bytes(const SnpAttestationReport& report) {
  return {reinterpret_cast<const unsigned char*>(&report), kSnpSignedBytes};
}

Result<std::vector<unsigned char>> der_signature(const SnpEcdsaSignature& signature) {
  if (!std::all_of(signature.r + kScalarBytes, signature.r + 72, [](uint8_t b) { return b == 0; }) ||
      !std::all_of(signature.s + kScalarBytes, signature.s + 72, [](uint8_t b) { return b == 0; }))
    return Error{"R or S is wider than 48 bytes (not a P-384 signature)"};
  BignumPtr r(BN_lebin2bn(signature.r, sizeof signature.r, nullptr));
  BignumPtr s(BN_lebin2bn(signature.s, sizeof signature.s, nullptr));
  SignaturePtr ecdsa(ECDSA_SIG_new());
  if (!r || !s || !ecdsa) return Error{openssl_error("building the ECDSA signature")};
  if (ECDSA_SIG_set0(ecdsa.get(), r.get(), s.get()) != 1) return Error{openssl_error("ECDSA_SIG_set0")};
  r.release();  // owned by ecdsa now
  s.release();
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(ecdsa.get(), &der);
  if (length <= 0) return Error{openssl_error("encoding the ECDSA signature")};
  std::vector<unsigned char> bytes(der, der + length);
  OPENSSL_free(der);
  return bytes;
}

bool is_p384_key(evp_pkey_st* key) {
  char curve[32] = {};
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_EC &&
         EVP_PKEY_get_group_name(key, curve, sizeof curve, nullptr) == 1 &&
         std::strcmp(curve, "secp384r1") == 0;
}

}  // namespace

Status verify_report_signature(const SnpAttestationReport& report, evp_pkey_st* vcek_public_key) {
  if (!is_p384_key(vcek_public_key)) return Error{"the VCEK public key is not an EC P-384 key"};
  Result<std::vector<unsigned char>> der = der_signature(report.signature);
  if (!der) return der.error();
  DigestContext context(EVP_MD_CTX_new());
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha384(), nullptr, vcek_public_key) != 1)
    return Error{openssl_error("EVP_DigestVerifyInit")};
  const std::span<const unsigned char> message = signed_bytes(report);
  const int verified = EVP_DigestVerify(context.get(), der->data(), der->size(), message.data(), message.size());
  if (verified == 1) return Ok{};
  openssl_error("");  // clear the queue: a bad signature is the answer, not an OpenSSL failure
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
