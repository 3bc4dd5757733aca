// Everything `confwl verify` checks about an SEV-SNP report, as a list of named outcomes so a
// user sees every failure at once: the report's format, the certificate chain and its root, the
// signature, the measurement, the guest policy, the report data, the minimum TCB and, for a
// signed image, the identity its ID block gave the launch.
#pragma once
#include <array>
#include <cstddef>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "confwl/attestation/cert_chain.h"
#include "confwl/attestation/snp_report.h"
#include "confwl/sha384.h"

namespace confwl::attestation {

// What a signed image's ID block makes every report of it show (confwl/snp_id/): the launch
// must have been accepted with that block, signed by that key.
struct IdentityExpectations {
  Sha384 id_key_digest{};                 // ID_KEY_DIGEST
  bool author_key_enabled = false;        // AUTHOR_KEY_EN (bit 0 of the word at 0x48)
  Sha384 author_key_digest{};             // AUTHOR_KEY_DIGEST (zero without an author key)
  std::array<uint8_t, 16> family_id{};    // FAMILY_ID
  std::array<uint8_t, 16> image_id{};     // IMAGE_ID
  uint32_t guest_svn = 0;                 // GUEST_SVN
  uint64_t policy = 0;                    // POLICY: the one the block signed
};

struct ReportExpectations {
  Sha384 measurement{};                                 // from the manifest (or given directly)
  std::optional<std::array<uint8_t, 64>> report_data;   // the nonce the verifier chose
  std::optional<SnpTcbVersion> minimum_tcb;             // every component of REPORTED_TCB >= this
  bool allow_debug = false;                             // accept a POLICY with DEBUG set
  bool allow_simulated = false;                         // accept ConfWL's simulated PSP
  x509_st* simulated_root = nullptr;                    // this user's simulated ARK, if any
  std::time_t at = 0;                                   // when the certificates must be valid
  std::optional<IdentityExpectations> identity;         // the manifest's ID block, if it has one
};

struct CheckOutcome {
  std::string name;     // "signature", "measurement", ...
  bool passed = false;
  std::string detail;   // what was found, or why it failed
};

struct ReportVerdict {
  std::vector<CheckOutcome> checks;
  std::optional<SnpAttestationReport> report;  // when the bytes parsed
  bool simulated = false;                      // signed by a simulated PSP
  bool passed() const;
};

// `chain` is the ARK/ASK/VCEK the report claims; a missing chain fails the chain checks.
ReportVerdict verify_report(std::span<const std::byte> report_bytes, const CertChain* chain,
                            const ReportExpectations& expected);

// "bl 3, tee 0, snp 8, ucode 115"
std::string describe_tcb(const SnpTcbVersion& tcb);

}  // namespace confwl::attestation
