// The SEV-SNP ATTESTATION_REPORT: AMD "SEV Secure Nested Paging Firmware ABI Specification"
// (publication 56860), section 7.3 "Attestation", Table 22 "ATTESTATION_REPORT Structure"
// (revision 1.55 numbering), with TCB_VERSION from Table 3 and the signature format from
// Appendix B "Digital Signatures" (ECDSA P-384 with SHA-384: R and S little-endian, zero-padded
// to 72 bytes each). Milan/Genoa TCB layout; Turin moves the FMC SVN to byte 0.
//
// The same layout is produced by real PSPs and by ConfWL's simulated PSP (vmm/), and checked by
// `confwl verify`. Only <stdint.h>/<stddef.h>: the guest side may share it.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace confwl::attestation {

inline constexpr size_t kSnpReportSize = 0x4A0;        // 1184 bytes
inline constexpr size_t kSnpSignedBytes = 0x2A0;       // the signature covers [0, 0x2A0)
inline constexpr uint32_t kSnpReportVersionMin = 2;    // the first SNP report format
inline constexpr uint32_t kSnpReportVersionMax = 5;    // 5 adds the mitigation vectors
inline constexpr uint32_t kSnpSignatureAlgoEcdsaP384Sha384 = 1;  // Appendix B: ECDSA P-384 with SHA-384

// Table 3 "TCB_VERSION Structure" (Milan, Genoa): security patch levels of each component.
struct [[gnu::packed]] SnpTcbVersion {
  uint8_t boot_loader;   // BOOT_LOADER SVN
  uint8_t tee;           // TEE SVN
  uint8_t reserved[4];
  uint8_t snp;           // SNP firmware SVN
  uint8_t microcode;     // MICROCODE patch level
};
static_assert(sizeof(SnpTcbVersion) == 8);
static_assert(offsetof(SnpTcbVersion, snp) == 6);
static_assert(offsetof(SnpTcbVersion, microcode) == 7);

// Appendix B "Digital Signatures", ECDSA P-384 with SHA-384: R and S little-endian, zero-extended.
struct [[gnu::packed]] SnpEcdsaSignature {
  uint8_t r[72];
  uint8_t s[72];
  uint8_t reserved[0x200 - 144];
};
static_assert(sizeof(SnpEcdsaSignature) == 0x200);
static_assert(offsetof(SnpEcdsaSignature, s) == 0x48);

// GUEST_POLICY bits (section 4.3 "Guest Policy") a verifier looks at.
inline constexpr uint64_t kSnpPolicySmt = 1ull << 16;
inline constexpr uint64_t kSnpPolicyReservedMustBeOne = 1ull << 17;
inline constexpr uint64_t kSnpPolicyMigrateMa = 1ull << 18;
inline constexpr uint64_t kSnpPolicyDebug = 1ull << 19;
inline constexpr uint64_t kSnpPolicySingleSocket = 1ull << 20;

// Bits of the 32-bit word at 0x48 (Table 22: AUTHOR_KEY_EN, MASK_CHIP_KEY, SIGNING_KEY).
inline constexpr uint32_t kSnpKeyInfoAuthorKeyEn = 1u << 0;
inline constexpr uint32_t kSnpKeyInfoMaskChipKey = 1u << 1;
inline constexpr uint32_t kSnpKeyInfoSigningKeyShift = 2;  // bits 4:2: 0 VCEK, 1 VLEK, 7 none
inline constexpr uint32_t kSnpKeyInfoSigningKeyMask = 7u << kSnpKeyInfoSigningKeyShift;

// Table 22 "ATTESTATION_REPORT Structure". Field names are the ABI's, lowercased.
struct [[gnu::packed]] SnpAttestationReport {
  uint32_t version;               // 0x000 VERSION
  uint32_t guest_svn;             // 0x004 GUEST_SVN
  uint64_t policy;                // 0x008 POLICY (GUEST_POLICY)
  uint8_t family_id[16];          // 0x010 FAMILY_ID (from the ID block)
  uint8_t image_id[16];           // 0x020 IMAGE_ID
  uint32_t vmpl;                  // 0x030 VMPL of the requester
  uint32_t signature_algo;        // 0x034 SIGNATURE_ALGO
  SnpTcbVersion current_tcb;      // 0x038 CURRENT_TCB (PLATFORM_VERSION in older revisions)
  uint64_t platform_info;         // 0x040 PLATFORM_INFO (bit 0 SMT_EN, bit 1 TSME_EN, ...)
  uint32_t key_info;              // 0x048 AUTHOR_KEY_EN, MASK_CHIP_KEY, SIGNING_KEY
  uint32_t reserved0;             // 0x04C
  uint8_t report_data[64];        // 0x050 REPORT_DATA (chosen by the guest)
  uint8_t measurement[48];        // 0x090 MEASUREMENT (launch digest)
  uint8_t host_data[32];          // 0x0C0 HOST_DATA
  uint8_t id_key_digest[48];      // 0x0E0 ID_KEY_DIGEST
  uint8_t author_key_digest[48];  // 0x110 AUTHOR_KEY_DIGEST
  uint8_t report_id[32];          // 0x140 REPORT_ID
  uint8_t report_id_ma[32];       // 0x160 REPORT_ID_MA
  SnpTcbVersion reported_tcb;     // 0x180 REPORTED_TCB
  uint8_t cpuid_fam_id;           // 0x188 CPUID_FAM_ID (version 3 and later, else 0)
  uint8_t cpuid_mod_id;           // 0x189 CPUID_MOD_ID
  uint8_t cpuid_step;             // 0x18A CPUID_STEP
  uint8_t reserved1[21];          // 0x18B
  uint8_t chip_id[64];            // 0x1A0 CHIP_ID (zero when MASK_CHIP_ID is set)
  SnpTcbVersion committed_tcb;    // 0x1E0 COMMITTED_TCB
  uint8_t current_build;          // 0x1E8 CURRENT_BUILD
  uint8_t current_minor;          // 0x1E9 CURRENT_MINOR
  uint8_t current_major;          // 0x1EA CURRENT_MAJOR
  uint8_t reserved2;              // 0x1EB
  uint8_t committed_build;        // 0x1EC COMMITTED_BUILD
  uint8_t committed_minor;        // 0x1ED COMMITTED_MINOR
  uint8_t committed_major;        // 0x1EE COMMITTED_MAJOR
  uint8_t reserved3;              // 0x1EF
  SnpTcbVersion launch_tcb;       // 0x1F0 LAUNCH_TCB
  uint64_t launch_mit_vector;     // 0x1F8 LAUNCH_MIT_VECTOR (version 5, else 0)
  uint64_t current_mit_vector;    // 0x200 CURRENT_MIT_VECTOR (version 5, else 0)
  uint8_t reserved4[0x2A0 - 0x208];  // 0x208
  SnpEcdsaSignature signature;    // 0x2A0 SIGNATURE over [0x000, 0x2A0)
};
static_assert(sizeof(SnpAttestationReport) == kSnpReportSize);
static_assert(offsetof(SnpAttestationReport, guest_svn) == 0x004);
static_assert(offsetof(SnpAttestationReport, policy) == 0x008);
static_assert(offsetof(SnpAttestationReport, family_id) == 0x010);
static_assert(offsetof(SnpAttestationReport, image_id) == 0x020);
static_assert(offsetof(SnpAttestationReport, vmpl) == 0x030);
static_assert(offsetof(SnpAttestationReport, signature_algo) == 0x034);
static_assert(offsetof(SnpAttestationReport, current_tcb) == 0x038);
static_assert(offsetof(SnpAttestationReport, platform_info) == 0x040);
static_assert(offsetof(SnpAttestationReport, key_info) == 0x048);
static_assert(offsetof(SnpAttestationReport, reserved0) == 0x04C);
static_assert(offsetof(SnpAttestationReport, report_data) == 0x050);
static_assert(offsetof(SnpAttestationReport, measurement) == 0x090);
static_assert(offsetof(SnpAttestationReport, host_data) == 0x0C0);
static_assert(offsetof(SnpAttestationReport, id_key_digest) == 0x0E0);
static_assert(offsetof(SnpAttestationReport, author_key_digest) == 0x110);
static_assert(offsetof(SnpAttestationReport, report_id) == 0x140);
static_assert(offsetof(SnpAttestationReport, report_id_ma) == 0x160);
static_assert(offsetof(SnpAttestationReport, reported_tcb) == 0x180);
static_assert(offsetof(SnpAttestationReport, cpuid_fam_id) == 0x188);
static_assert(offsetof(SnpAttestationReport, cpuid_step) == 0x18A);
static_assert(offsetof(SnpAttestationReport, reserved1) == 0x18B);
static_assert(offsetof(SnpAttestationReport, chip_id) == 0x1A0);
static_assert(offsetof(SnpAttestationReport, committed_tcb) == 0x1E0);
static_assert(offsetof(SnpAttestationReport, current_build) == 0x1E8);
static_assert(offsetof(SnpAttestationReport, current_major) == 0x1EA);
static_assert(offsetof(SnpAttestationReport, committed_build) == 0x1EC);
static_assert(offsetof(SnpAttestationReport, committed_major) == 0x1EE);
static_assert(offsetof(SnpAttestationReport, launch_tcb) == 0x1F0);
static_assert(offsetof(SnpAttestationReport, launch_mit_vector) == 0x1F8);
static_assert(offsetof(SnpAttestationReport, current_mit_vector) == 0x200);
static_assert(offsetof(SnpAttestationReport, reserved4) == 0x208);
static_assert(offsetof(SnpAttestationReport, signature) == kSnpSignedBytes);

}  // namespace confwl::attestation
