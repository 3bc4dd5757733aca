#include "confwl/attestation/simulated_ca.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>

#include "openssl_error.h"

namespace confwl::attestation {
namespace {

constexpr long kYear = 365L * 24 * 60 * 60;

struct FreeDigestContext {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct FreeBio {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

Result<Key> generate(const char* type, const char* parameter) {
  Key key(std::string_view(type) == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{4096})
                                          : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", parameter));
  if (!key) return Error{openssl_error(std::string("generating a simulated ") + type + " key")};
  return key;
}

Status add_extension(x509_st* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (!extension) return Error{openssl_error("building a certificate extension")};
  const int added = X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
  if (added != 1) return Error{openssl_error("adding a certificate extension")};
  return Ok{};
}

// RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt: AMD's parameters.
Status sign_pss(x509_st* certificate, evp_pkey_st* issuer_key) {
  std::unique_ptr<EVP_MD_CTX, FreeDigestContext> context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;
  if (!context || EVP_DigestSignInit(context.get(), &key_context, EVP_sha384(), nullptr, issuer_key) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, 48) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(key_context, EVP_sha384()) != 1)
    return Error{openssl_error("preparing the RSASSA-PSS signer")};
  if (X509_sign_ctx(certificate, context.get()) <= 0) return Error{openssl_error("signing a certificate")};
  return Ok{};
}

struct CertificateSpec {
  const char* common_name;
  long serial;
  long years;
  bool authority;
};

Result<Certificate> issue(const CertificateSpec& spec, evp_pkey_st* subject_key, x509_st* issuer,
                          evp_pkey_st* issuer_key) {
  Certificate certificate(X509_new());
  if (!certificate) return Error{openssl_error("X509_new")};
  X509* cert = certificate.get();
  X509_NAME* name = X509_get_subject_name(cert);
  X509_set_version(cert, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), spec.serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60 * 60);  // tolerate a little clock skew
  X509_gmtime_adj(X509_getm_notAfter(cert), spec.years * kYear);
  X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Engineering"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("ConfWL simulated PSP"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(spec.common_name),
                             -1, -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert, subject_key);
  if (spec.authority) {
    for (Status status : {add_extension(cert, NID_basic_constraints, "critical,CA:TRUE"),
                          add_extension(cert, NID_key_usage, "critical,keyCertSign,cRLSign")})
      if (!status) return status.error();
  }
  if (Status signed_ = sign_pss(cert, issuer_key); !signed_) return signed_.error();
  return certificate;
}

}  // namespace

bool is_simulated_chip_id(std::span<const uint8_t, 64> chip_id) {
  return std::equal(kSimulatedChipIdMarker.begin(), kSimulatedChipIdMarker.end(), chip_id.begin());
}

Result<SimulatedCa> create_simulated_ca() {
  SimulatedCa ca;
  for (auto [key, type, parameter] : {std::tuple{&ca.ark_key, "RSA", ""}, std::tuple{&ca.ask_key, "RSA", ""},
                                      std::tuple{&ca.vcek_key, "EC", "P-384"}}) {
    Result<Key> generated = generate(type, parameter);
    if (!generated) return generated.error();
    *key = std::move(*generated);
  }
  Result<Certificate> ark = issue({"ARK-ConfWL-Simulated", 1, 25, true}, ca.ark_key.get(), nullptr, ca.ark_key.get());
  if (!ark) return ark.error();
  Result<Certificate> ask = issue({"SEV-ConfWL-Simulated", 2, 25, true}, ca.ask_key.get(), ark->get(), ca.ark_key.get());
  if (!ask) return ask.error();
  Result<Certificate> vcek = issue({"SEV-VCEK", 3, 7, false}, ca.vcek_key.get(), ask->get(), ca.ask_key.get());
  if (!vcek) return vcek.error();
  ca.certificates = CertChain{std::move(*ark), std::move(*ask), std::move(*vcek)};
  return ca;
}

std::array<uint8_t, 64> simulated_chip_id(x509_st* vcek) {
  std::array<uint8_t, 64> chip_id{};
  std::copy(kSimulatedChipIdMarker.begin(), kSimulatedChipIdMarker.end(), chip_id.begin());
  const Sha384 key_digest = public_key_fingerprint(vcek);
  std::copy(key_digest.begin(), key_digest.end(), chip_id.begin() + kSimulatedChipIdMarker.size());
  return chip_id;
}

std::string private_key_pem(evp_pkey_st* key) {
  std::unique_ptr<BIO, FreeBio> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) return {};
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

Result<Key> parse_private_key(const std::string& pem, const std::string& source) {
  std::unique_ptr<BIO, FreeBio> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Key key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return Error{openssl_error(source + ": not a PEM private key")};
  return key;
}

}  // namespace confwl::attestation
