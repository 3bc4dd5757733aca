#include "confwl/sha384.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace confwl {
namespace {

// EVP only fails here when OpenSSL cannot allocate or has no SHA-384 provider: an environment
// failure like std::bad_alloc, not a property of the input, so it is not a Result.
void require(int openssl_status, const char* what) {
  if (openssl_status != 1) throw std::runtime_error(std::string("OpenSSL SHA-384: ") + what + " failed");
}

}  // namespace

void Sha384Hasher::FreeContext::operator()(evp_md_ctx_st* context) const {
  EVP_MD_CTX_free(context);
}

Sha384Hasher::Sha384Hasher() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw std::bad_alloc();
  require(EVP_DigestInit_ex(context_.get(), EVP_sha384(), nullptr), "EVP_DigestInit_ex");
}

void Sha384Hasher::update(std::span<const std::byte> bytes) {
  require(EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()), "EVP_DigestUpdate");
}

Sha384 Sha384Hasher::finish() {
  Sha384 digest{};
  unsigned int length = 0;
  require(EVP_DigestFinal_ex(context_.get(), digest.data(), &length), "EVP_DigestFinal_ex");
  if (length != digest.size()) throw std::runtime_error("OpenSSL SHA-384: unexpected digest length");
  return digest;
}

Sha384 sha384(std::span<const std::byte> bytes) {
  Sha384Hasher hasher;
  hasher.update(bytes);
  return hasher.finish();
}

}  // namespace confwl
