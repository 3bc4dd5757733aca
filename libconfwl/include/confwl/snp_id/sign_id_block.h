// Making the ID block and ID_AUTH_INFO a guest owner hands to SNP_LAUNCH_FINISH (with QEMU:
// `-object sev-snp-guest,id-block=<base64>,id-auth=<base64>,author-key-enabled=on|off`).
// This is the whole API a VMM-file writer needs (the IGVM SNP_ID_BLOCK directive carries the same
// fields): make_signed_id_block over the launch digest the sealer computed.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "confwl/attestation/openssl_handles.h"
#include "confwl/result.h"
#include "confwl/sha384.h"
#include "confwl/snp_id/id_block.h"

namespace confwl::snp_id {

// What the guest owner chooses; reports show all four.
struct IdBlockInputs {
  std::array<uint8_t, 16> family_id{};
  std::array<uint8_t, 16> image_id{};
  uint32_t guest_svn = 0;
  uint64_t policy = 0;  // must be the guest policy the VMM launches with
};

struct SignedIdBlock {
  IdBlock block{};
  IdAuthInfo auth{};
  bool author_key_enabled = false;  // SNP_LAUNCH_FINISH AUTH_KEY_EN: AUTHOR_KEY_* are meaningful

  std::span<const std::byte> block_bytes() const;  // the 96 bytes
  std::span<const std::byte> auth_bytes() const;   // the 4096 bytes
  Sha384 id_key_digest() const;                    // what reports show as ID_KEY_DIGEST
  Sha384 author_key_digest() const;                // AUTHOR_KEY_DIGEST; zero without an author key
};

// The ID block for `launch_digest` and `inputs`, signed with `id_key` (ECDSA P-384), and the ID
// key signed with `author_key` when one is given (nullptr: none). Signatures are deterministic
// (RFC 6979), so the same inputs and keys give the same bytes.
Result<SignedIdBlock> make_signed_id_block(const Sha384& launch_digest, const IdBlockInputs& inputs,
                                           evp_pkey_st* id_key, evp_pkey_st* author_key);

}  // namespace confwl::snp_id
