// The SEV-SNP identity a guest owner attaches to a launch: the ID block and its authentication
// information, given to SNP_LAUNCH_FINISH. AMD "SEV Secure Nested Paging Firmware ABI
// Specification" (publication 56860, revision 1.55): section 8.18 "SNP_LAUNCH_FINISH", tables
// "ID_BLOCK Structure" and "ID_AUTH_INFO Structure"; Appendix B "Digital Signatures":
// B.1 "Signature Formats" (ECDSA P-384 with SHA-384: R and S little-endian, zero-extended to 72
// bytes; attestation::SnpEcdsaSignature) and B.2 "Public Key Formats" (table "ECDSA Public Key
// Format": CURVE, QX, QY, 0x404 bytes). Field names are the ABI's, lowercased.
//
// The firmware checks, before the guest runs: ID_BLOCK_SIG is the ID key's signature over the
// 96-byte ID_BLOCK; LD equals the launch digest it measured; POLICY equals the guest's policy;
// with AUTHOR_KEY_EN, AUTHOR_KEY_SIG is the author key's signature over the 0x404-byte ID_KEY.
// Reports then carry SHA-384 of ID_KEY (ID_KEY_DIGEST) and of AUTHOR_KEY (AUTHOR_KEY_DIGEST).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "confwl/attestation/snp_report.h"

namespace confwl::snp_id {

inline constexpr size_t kIdBlockSize = 0x60;        // 96 bytes
inline constexpr size_t kIdAuthInfoSize = 0x1000;   // 4096 bytes
inline constexpr size_t kPublicKeySize = 0x404;     // 1028 bytes (B.2)
inline constexpr uint32_t kIdBlockVersion = 1;      // ID_BLOCK VERSION: "must be 1h"
// ID_KEY_ALGO / AUTH_KEY_ALGO, table "Algorithm Identifiers": 1 is ECDSA P-384
// with SHA-384; AUTH_KEY_ALGO is ignored (we write 0) without an author key.
inline constexpr uint32_t kAlgoEcdsaP384Sha384 = 1;
// Table "ECDSA Curve Identifiers": 2 is P-384 (1 is P-256, which SNP does not accept here).
inline constexpr uint32_t kCurveP384 = 2;

// "ID_BLOCK Structure".
struct [[gnu::packed]] IdBlock {
  uint8_t ld[48];         // 0x00 LD: the expected launch digest
  uint8_t family_id[16];  // 0x30 FAMILY_ID: chosen by the guest owner, shown in reports
  uint8_t image_id[16];   // 0x40 IMAGE_ID: chosen by the guest owner, shown in reports
  uint32_t version;       // 0x50 VERSION: 1
  uint32_t guest_svn;     // 0x54 GUEST_SVN: the guest's security version, shown in reports
  uint64_t policy;        // 0x58 POLICY: must equal the guest policy of SNP_LAUNCH_START
};
static_assert(sizeof(IdBlock) == kIdBlockSize);
static_assert(offsetof(IdBlock, ld) == 0x00);
static_assert(offsetof(IdBlock, family_id) == 0x30);
static_assert(offsetof(IdBlock, image_id) == 0x40);
static_assert(offsetof(IdBlock, version) == 0x50);
static_assert(offsetof(IdBlock, guest_svn) == 0x54);
static_assert(offsetof(IdBlock, policy) == 0x58);

// B.2 "ECDSA Public Key Format": the curve, then the point's coordinates little-endian,
// zero-extended to 72 bytes each.
struct [[gnu::packed]] EcdsaPublicKey {
  uint32_t curve;                 // 0x000 CURVE
  uint8_t qx[72];                 // 0x004 QX
  uint8_t qy[72];                 // 0x04C QY
  uint8_t reserved[0x404 - 0x94]; // 0x094
};
static_assert(sizeof(EcdsaPublicKey) == kPublicKeySize);
static_assert(offsetof(EcdsaPublicKey, curve) == 0x000);
static_assert(offsetof(EcdsaPublicKey, qx) == 0x004);
static_assert(offsetof(EcdsaPublicKey, qy) == 0x04C);
static_assert(offsetof(EcdsaPublicKey, reserved) == 0x094);

using EcdsaSignature = attestation::SnpEcdsaSignature;  // B.1: R at 0x00, S at 0x48, 0x200 bytes

// "ID_AUTH_INFO Structure".
struct [[gnu::packed]] IdAuthInfo {
  uint32_t id_key_algo;             // 0x000 ID_KEY_ALGO
  uint32_t auth_key_algo;           // 0x004 AUTH_KEY_ALGO
  uint8_t reserved0[0x40 - 0x08];   // 0x008
  EcdsaSignature id_block_sig;      // 0x040 ID_BLOCK_SIG: by ID_KEY over the ID_BLOCK
  EcdsaPublicKey id_key;            // 0x240 ID_KEY
  uint8_t reserved1[0x680 - 0x644]; // 0x644
  EcdsaSignature id_key_sig;        // 0x680 AUTHOR_KEY_SIG ("ID_KEY_SIG"): by AUTHOR_KEY over ID_KEY
  EcdsaPublicKey author_key;        // 0x880 AUTHOR_KEY
  uint8_t reserved2[0x1000 - 0xC84];// 0xC84
};
static_assert(sizeof(IdAuthInfo) == kIdAuthInfoSize);
static_assert(offsetof(IdAuthInfo, id_key_algo) == 0x000);
static_assert(offsetof(IdAuthInfo, auth_key_algo) == 0x004);
static_assert(offsetof(IdAuthInfo, reserved0) == 0x008);
static_assert(offsetof(IdAuthInfo, id_block_sig) == 0x040);
static_assert(offsetof(IdAuthInfo, id_key) == 0x240);
static_assert(offsetof(IdAuthInfo, reserved1) == 0x644);
static_assert(offsetof(IdAuthInfo, id_key_sig) == 0x680);
static_assert(offsetof(IdAuthInfo, author_key) == 0x880);
static_assert(offsetof(IdAuthInfo, reserved2) == 0xC84);

}  // namespace confwl::snp_id
