#include "confwl/attestation/openssl_handles.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "openssl_error.h"

namespace confwl::attestation {

void FreeKey::operator()(evp_pkey_st* key) const { EVP_PKEY_free(key); }
void FreeCertificate::operator()(x509_st* certificate) const { X509_free(certificate); }

std::string openssl_error(const std::string& what) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return what;
  char reason[256];
  ERR_error_string_n(code, reason, sizeof reason);
  return what + ": " + reason;
}

}  // namespace confwl::attestation
