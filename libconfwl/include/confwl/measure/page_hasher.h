// SHA-384 of many small inputs (4 KiB pages, 0x70-byte PAGE_INFOs) with one OpenSSL context and
// one fetched algorithm: confwl::sha384() sets both up per call, which dominates at page size.
#pragma once
#include <cstddef>
#include <memory>
#include <span>

#include "confwl/sha384.h"

struct evp_md_st;      // OpenSSL's EVP_MD
struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace confwl::measure {

inline constexpr size_t kPageSize = 0x1000;
using Page = std::span<const std::byte, kPageSize>;

class PageHasher {
 public:
  PageHasher();
  Sha384 digest(std::span<const std::byte> bytes);

 private:
  struct Free {
    void operator()(evp_md_st* algorithm) const;
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_st, Free> algorithm_;
  std::unique_ptr<evp_md_ctx_st, Free> context_;
};

}  // namespace confwl::measure
