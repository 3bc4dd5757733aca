#include "key_fixtures.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>

namespace confwl::snp_id::testing {
namespace {

struct FreeBio {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

template <typename Write>
std::string pem_of(Write write) {
  std::unique_ptr<BIO, FreeBio> bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) throw std::runtime_error("PEM encoding failed");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

attestation::Key new_p384_key() { return attestation::Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384")); }

std::string private_key_pem(const char* type, const char* curve) {
  const std::string kind = type;
  attestation::Key key(kind == "RSA"  ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                       : kind == "EC" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve)
                                      : EVP_PKEY_Q_keygen(nullptr, nullptr, type));
  if (!key) throw std::runtime_error("key generation failed");
  return pem_of([&](BIO* bio) { return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
}

std::string public_key_pem(evp_pkey_st* key) {
  return pem_of([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key); });
}

std::span<const std::byte> bytes_of(const std::string& text) { return std::as_bytes(std::span(text.data(), text.size())); }

}  // namespace confwl::snp_id::testing
