// Owning handles for the OpenSSL objects the attestation code passes around (keys and X.509
// certificates), so no header needs OpenSSL's and nothing leaks on an early return.
#pragma once
#include <memory>

struct evp_pkey_st;  // EVP_PKEY
struct x509_st;      // X509

namespace confwl::attestation {

struct FreeKey {
  void operator()(evp_pkey_st* key) const;
};
struct FreeCertificate {
  void operator()(x509_st* certificate) const;
};

using Key = std::unique_ptr<evp_pkey_st, FreeKey>;
using Certificate = std::unique_ptr<x509_st, FreeCertificate>;

}  // namespace confwl::attestation
