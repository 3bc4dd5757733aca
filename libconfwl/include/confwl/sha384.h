// SHA-384, the hash every ConfWL measurement uses (SEV-SNP and TDX both measure with SHA-384).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "confwl/hex.h"  // to_hex, for printing digests

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace confwl {

using Sha384 = std::array<uint8_t, 48>;

// Incremental hashing, for inputs that arrive in pieces.
class Sha384Hasher {
 public:
  Sha384Hasher();
  void update(std::span<const std::byte> bytes);
  Sha384 finish();  // the hasher cannot be used afterwards

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> context_;
};

Sha384 sha384(std::span<const std::byte> bytes);

}  // namespace confwl
