// An owning pointer for any OpenSSL object, freed with its own function:
// OpenSslPtr<BIGNUM, BN_clear_free>. For the library's sources only (it needs OpenSSL's headers).
#pragma once
#include <memory>

namespace confwl::attestation {

template <typename T, void (*Free)(T*)>
struct OpenSslFree {
  void operator()(T* object) const { Free(object); }
};

template <typename T, void (*Free)(T*)>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree<T, Free>>;

}  // namespace confwl::attestation
