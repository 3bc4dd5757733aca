#include "confwl/snp_id/p384_key.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "../attestation/openssl_error.h"
#include "../attestation/openssl_ptr.h"
#include "confwl/attestation/ecdsa_p384.h"
#include "confwl/atomic_file.h"

namespace confwl::snp_id {
namespace {

using attestation::Key;
using attestation::openssl_error;
using attestation::OpenSslPtr;

constexpr size_t kCoordinateBytes = 48;

using BioPtr = OpenSslPtr<BIO, BIO_free_all>;
using BignumPtr = OpenSslPtr<BIGNUM, BN_free>;
using KeyContext = OpenSslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using ParamBuilder = OpenSslPtr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using Params = OpenSslPtr<OSSL_PARAM, OSSL_PARAM_free>;

// A passphrase callback that never asks (OpenSSL's default would prompt on the terminal) and
// records that a passphrase was wanted.
int refuse_passphrase(char*, int, int, void* asked) {
  *static_cast<bool*>(asked) = true;
  return -1;
}

BioPtr memory_bio(std::span<const std::byte> bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(std::min<size_t>(bytes.size(), INT32_MAX))));
}

// What a PEM file holds when it is not a private key, for the error message.
std::string what_else(std::span<const std::byte> pem) {
  const std::string_view text(reinterpret_cast<const char*>(pem.data()), pem.size());
  if (text.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) return "a certificate, not a private key";
  BioPtr bio = memory_bio(pem);
  Key public_key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  openssl_error("");
  if (public_key) return "a public key only, not a private key";
  if (text.find("-----BEGIN ") != std::string_view::npos) return "PEM, but not a private key OpenSSL can read";
  return "not a PEM file";
}

// "RSA-2048", "ED25519", "EC P-256 (prime256v1)".
std::string describe_key(evp_pkey_st* key) {
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
    char curve[64] = {};
    EVP_PKEY_get_group_name(key, curve, sizeof curve, nullptr);
    const std::string name = curve;
    return "EC " + (name == "prime256v1" ? "P-256 (prime256v1)" : name == "secp521r1" ? "P-521 (secp521r1)" : name);
  }
  const char* type = EVP_PKEY_get0_type_name(key);
  const std::string name = type ? type : "unknown";
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) return name + "-" + std::to_string(EVP_PKEY_get_bits(key));
  return name;
}

Result<BignumPtr> coordinate(evp_pkey_st* key, const char* name) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) return Error{openssl_error(std::string("reading ") + name)};
  return BignumPtr(value);
}

// 04 || X || Y, big-endian: the uncompressed point OpenSSL's "pub" parameter takes.
std::vector<unsigned char> uncompressed_point(const EcdsaPublicKey& key) {
  std::vector<unsigned char> point{0x04};
  for (const uint8_t* little_endian : {key.qx, key.qy})
    point.insert(point.end(), std::reverse_iterator(little_endian + kCoordinateBytes), std::reverse_iterator(little_endian));
  return point;
}

}  // namespace

Result<std::string> new_p384_private_key_pem() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
  if (!key) return Error{openssl_error("generating an EC P-384 key")};
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Error{openssl_error("encoding the key as PEM")};
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

Result<Key> parse_p384_private_key(std::span<const std::byte> pem, const std::string& source) {
  const std::string expected = "; expected an ECDSA P-384 private key in PEM (make one with `confwl keygen`)";
  bool passphrase_asked = false;
  BioPtr bio = memory_bio(pem);
  Key key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, &passphrase_asked) : nullptr);
  openssl_error("");
  if (passphrase_asked) return Error{source + ": the private key is encrypted (passphrases are not supported)" + expected};
  if (!key) return Error{source + ": " + what_else(pem) + expected};
  if (!attestation::is_p384_key(key.get())) return Error{source + ": an " + describe_key(key.get()) + " key" + expected};
  return key;
}

Result<Key> load_p384_private_key(const std::filesystem::path& path) {
  Result<std::vector<std::byte>> bytes = read_file(path);
  if (!bytes) return bytes.error();
  return parse_p384_private_key(*bytes, path.string());
}

Result<EcdsaPublicKey> public_key_format(evp_pkey_st* key) {
  if (!attestation::is_p384_key(key)) return Error{"the key is not an EC P-384 key"};
  Result<BignumPtr> x = coordinate(key, OSSL_PKEY_PARAM_EC_PUB_X);
  if (!x) return x.error();
  Result<BignumPtr> y = coordinate(key, OSSL_PKEY_PARAM_EC_PUB_Y);
  if (!y) return y.error();
  EcdsaPublicKey formatted{};
  formatted.curve = kCurveP384;
  if (BN_bn2lebinpad(x->get(), formatted.qx, sizeof formatted.qx) < 0 ||
      BN_bn2lebinpad(y->get(), formatted.qy, sizeof formatted.qy) < 0)
    return Error{openssl_error("storing QX and QY")};
  return formatted;
}

Result<Key> key_from_public_key_format(const EcdsaPublicKey& key) {
  if (key.curve != kCurveP384)
    return Error{"CURVE " + std::to_string(key.curve) + ", expected 2 (P-384)"};
  const auto zero = [](uint8_t b) { return b == 0; };
  if (!std::all_of(key.qx + kCoordinateBytes, key.qx + 72, zero) || !std::all_of(key.qy + kCoordinateBytes, key.qy + 72, zero))
    return Error{"QX or QY is wider than 48 bytes (not a P-384 point)"};
  if (!std::all_of(std::begin(key.reserved), std::end(key.reserved), zero))
    return Error{"reserved bytes 0x94..0x403 of the public key are not zero"};
  const std::vector<unsigned char> point = uncompressed_point(key);
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "secp384r1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
    return Error{openssl_error("building the public key")};
  Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    openssl_error("");
    return Error{"QX, QY is not a point on P-384"};
  }
  Key result(raw);
  KeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, result.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    openssl_error("");
    return Error{"QX, QY is not a valid point on P-384"};
  }
  return result;
}

Sha384 public_key_digest(const EcdsaPublicKey& key) {
  return sha384(std::as_bytes(std::span<const EcdsaPublicKey, 1>(&key, 1)));
}

}  // namespace confwl::snp_id
