#include "confwl/attestation/ecdsa_p384.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <initializer_list>
#include <vector>

#include "confwl/sha384.h"
#include "openssl_error.h"
#include "openssl_ptr.h"

namespace confwl::attestation {
namespace {

constexpr size_t kScalarBytes = 48;  // P-384 scalars; the ABI zero-extends them to 72

using BignumPtr = OpenSslPtr<BIGNUM, BN_clear_free>;
using BnContextPtr = OpenSslPtr<BN_CTX, BN_CTX_free>;
using GroupPtr = OpenSslPtr<EC_GROUP, EC_GROUP_free>;
using PointPtr = OpenSslPtr<EC_POINT, EC_POINT_free>;
using SignaturePtr = OpenSslPtr<ECDSA_SIG, ECDSA_SIG_free>;
using DigestContext = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using Octets = std::array<unsigned char, kScalarBytes>;

Result<std::vector<unsigned char>> der_signature(const SnpEcdsaSignature& signature) {
  const auto zero = [](uint8_t b) { return b == 0; };
  if (!std::all_of(signature.r + kScalarBytes, signature.r + 72, zero) ||
      !std::all_of(signature.s + kScalarBytes, signature.s + 72, zero))
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

using Parts = std::initializer_list<std::span<const unsigned char>>;

// HMAC-SHA-384 keyed with `key` over the concatenated parts.
Octets hmac(const Octets& key, Parts parts) {
  std::vector<unsigned char> message;
  for (std::span<const unsigned char> part : parts) message.insert(message.end(), part.begin(), part.end());
  Octets out{};
  unsigned length = 0;
  HMAC(EVP_sha384(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), out.data(), &length);
  return out;
}

// RFC 6979 3.2 with qlen = hlen = 384 bits, so bits2int is a plain big-endian read and one HMAC
// block is one candidate.
class NonceGenerator {
 public:
  NonceGenerator(const Octets& private_key, const Octets& hash_mod_q) {
    v_.fill(0x01);  // step b.
    k_.fill(0x00);  // step c.
    for (const unsigned char separator : {0x00, 0x01}) {  // steps d. to g.
      k_ = hmac(k_, {v_, {&separator, 1}, private_key, hash_mod_q});
      v_ = hmac(k_, {v_});
    }
  }
  // Step h.: the next candidate k (the caller rejects k = 0 or k >= q and asks again).
  Octets next() {
    if (started_) {
      const unsigned char zero = 0x00;
      k_ = hmac(k_, {v_, {&zero, 1}});
      v_ = hmac(k_, {v_});
    }
    started_ = true;
    v_ = hmac(k_, {v_});
    return v_;
  }

 private:
  Octets v_{};
  Octets k_{};
  bool started_ = false;
};

struct Curve {
  GroupPtr group{EC_GROUP_new_by_curve_name(NID_secp384r1)};
  BnContextPtr context{BN_CTX_new()};
  const BIGNUM* order() const { return EC_GROUP_get0_order(group.get()); }
};

// r = x(k*G) mod q and s = k^-1 (e + r*d) mod q; false when r or s is 0 (the caller takes the next k).
Result<bool> sign_with_nonce(const Curve& curve, const BIGNUM* k, const BIGNUM* e, const BIGNUM* d,
                             SnpEcdsaSignature& signature) {
  PointPtr point(EC_POINT_new(curve.group.get()));
  BignumPtr x(BN_new()), r(BN_new()), s(BN_new()), k_inverse(BN_new());
  BN_CTX* context = curve.context.get();
  if (!point || !x || !r || !s || !k_inverse ||
      EC_POINT_mul(curve.group.get(), point.get(), k, nullptr, nullptr, context) != 1 ||
      EC_POINT_get_affine_coordinates(curve.group.get(), point.get(), x.get(), nullptr, context) != 1 ||
      BN_nnmod(r.get(), x.get(), curve.order(), context) != 1 ||
      !BN_mod_inverse(k_inverse.get(), k, curve.order(), context) ||
      BN_mod_mul(s.get(), r.get(), d, curve.order(), context) != 1 ||
      BN_mod_add(s.get(), s.get(), e, curve.order(), context) != 1 ||
      BN_mod_mul(s.get(), s.get(), k_inverse.get(), curve.order(), context) != 1)
    return Error{openssl_error("computing the ECDSA signature")};
  if (BN_is_zero(r.get()) || BN_is_zero(s.get())) return false;
  signature = SnpEcdsaSignature{};
  if (BN_bn2lebinpad(r.get(), signature.r, sizeof signature.r) < 0 ||
      BN_bn2lebinpad(s.get(), signature.s, sizeof signature.s) < 0)
    return Error{openssl_error("storing R and S")};
  return true;
}

Result<SnpEcdsaSignature> sign_rfc6979(const Curve& curve, const BIGNUM* d, const Sha384& hash) {
  BignumPtr e(BN_bin2bn(hash.data(), static_cast<int>(hash.size()), nullptr));
  BignumPtr h_mod_q(BN_new());
  Octets x{}, h{};
  if (!e || !h_mod_q || BN_nnmod(h_mod_q.get(), e.get(), curve.order(), curve.context.get()) != 1 ||
      BN_bn2binpad(d, x.data(), static_cast<int>(x.size())) < 0 ||
      BN_bn2binpad(h_mod_q.get(), h.data(), static_cast<int>(h.size())) < 0)
    return Error{openssl_error("preparing the RFC 6979 nonce")};
  NonceGenerator nonces(x, h);
  OPENSSL_cleanse(x.data(), x.size());
  for (int attempt = 0; attempt < 64; ++attempt) {  // each retry has probability ~2^-190
    const Octets candidate = nonces.next();
    BignumPtr k(BN_bin2bn(candidate.data(), static_cast<int>(candidate.size()), nullptr));
    if (!k) return Error{openssl_error("BN_bin2bn")};
    BN_set_flags(k.get(), BN_FLG_CONSTTIME);
    if (BN_is_zero(k.get()) || BN_cmp(k.get(), curve.order()) >= 0) continue;
    SnpEcdsaSignature signature;
    Result<bool> done = sign_with_nonce(curve, k.get(), e.get(), d, signature);
    if (!done) return done.error();
    if (*done) return signature;
  }
  return Error{"RFC 6979 found no usable nonce"};
}

}  // namespace

bool is_p384_key(evp_pkey_st* key) {
  char curve[32] = {};
  return key && EVP_PKEY_get_base_id(key) == EVP_PKEY_EC &&
         EVP_PKEY_get_group_name(key, curve, sizeof curve, nullptr) == 1 && std::strcmp(curve, "secp384r1") == 0;
}

Status verify_ecdsa_p384(std::span<const std::byte> message, const SnpEcdsaSignature& signature,
                         evp_pkey_st* public_key) {
  if (!is_p384_key(public_key)) return Error{"the public key is not an EC P-384 key"};
  Result<std::vector<unsigned char>> der = der_signature(signature);
  if (!der) return der.error();
  DigestContext context(EVP_MD_CTX_new());
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha384(), nullptr, public_key) != 1)
    return Error{openssl_error("EVP_DigestVerifyInit")};
  const auto* bytes = reinterpret_cast<const unsigned char*>(message.data());
  if (EVP_DigestVerify(context.get(), der->data(), der->size(), bytes, message.size()) == 1) return Ok{};
  openssl_error("");  // clear the queue: a bad signature is the answer, not an OpenSSL failure
  return Error{"the ECDSA P-384 signature does not verify"};
}

Result<SnpEcdsaSignature> sign_ecdsa_p384_deterministic(std::span<const std::byte> message,
                                                        evp_pkey_st* private_key) {
  if (!is_p384_key(private_key)) return Error{"the signing key is not an EC P-384 key"};
  BIGNUM* raw_d = nullptr;
  if (EVP_PKEY_get_bn_param(private_key, OSSL_PKEY_PARAM_PRIV_KEY, &raw_d) != 1)
    return Error{openssl_error("the signing key has no private scalar")};
  const BignumPtr d(raw_d);
  const Curve curve;
  if (!curve.group || !curve.context) return Error{openssl_error("setting up P-384")};
  Result<SnpEcdsaSignature> signature = sign_rfc6979(curve, d.get(), sha384(message));
  if (!signature) return signature;
  if (Status checked = verify_ecdsa_p384(message, *signature, private_key); !checked)
    return Error{"internal error: our RFC 6979 signature does not verify: " + checked.error().message};
  return signature;
}

}  // namespace confwl::attestation
