#include "confwl/measure/page_hasher.h"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>
#include <string>

namespace confwl::measure {
namespace {

// As in sha384.cpp: EVP fails only when OpenSSL itself is unusable, never because of the input.
void require(int openssl_status, const char* what) {
  if (openssl_status != 1) throw std::runtime_error(std::string("OpenSSL SHA-384: ") + what + " failed");
}

}  // namespace

void PageHasher::Free::operator()(evp_md_st* algorithm) const { EVP_MD_free(algorithm); }
void PageHasher::Free::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

PageHasher::PageHasher()
    : algorithm_(EVP_MD_fetch(nullptr, "SHA384", nullptr)), context_(EVP_MD_CTX_new()) {
  if (!algorithm_) throw std::runtime_error("OpenSSL SHA-384: no provider offers SHA384");
  if (!context_) throw std::bad_alloc();
}

Sha384 PageHasher::digest(std::span<const std::byte> bytes) {
  Sha384 digest{};
  unsigned int length = 0;
  require(EVP_DigestInit_ex2(context_.get(), algorithm_.get(), nullptr), "EVP_DigestInit_ex2");
  require(EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()), "EVP_DigestUpdate");
  require(EVP_DigestFinal_ex(context_.get(), digest.data(), &length), "EVP_DigestFinal_ex");
  if (length != digest.size()) throw std::runtime_error("OpenSSL SHA-384: unexpected digest length");
  return digest;
}

}  // namespace confwl::measure
