#include "confwl/attestation/verify_report.h"

#include <algorithm>

#include "confwl/attestation/parse_snp_report.h"
#include "confwl/attestation/report_signature.h"
#include "confwl/attestation/simulated_ca.h"
#include "confwl/hex.h"

namespace confwl::attestation {
namespace {

CheckOutcome outcome(std::string name, Status status, std::string passed_detail) {
  if (status) return {std::move(name), true, std::move(passed_detail)};
  return {std::move(name), false, status.error().message};
}

template <size_t N>
std::string hex_of(const uint8_t (&bytes)[N]) {
  return to_hex(std::span<const uint8_t>(bytes, N));
}

// Which root signed: AMD's (pinned), this user's simulated ARK, or an unknown one.
CheckOutcome check_root(const CertChain& chain, const SnpAttestationReport& report,
                        const ReportExpectations& expected, bool& simulated) {
  const bool simulated_root = expected.simulated_root &&
                              public_key_fingerprint(expected.simulated_root) == public_key_fingerprint(chain.ark.get());
  simulated = simulated_root || is_simulated_chip_id(report.chip_id);
  if (simulated && !expected.allow_simulated)
    return {"platform", false,
            "the report comes from ConfWL's simulated PSP (chip id " + hex_of(report.chip_id).substr(0, 32) +
                "...), not from AMD hardware; pass --allow-simulated to accept it"};
  if (simulated && !simulated_root)
    return {"platform", false, "the simulated report's ARK is not this user's simulated root (" +
                                   certificate_subject(chain.ark.get()) + ")"};
  if (simulated) return {"platform", true, "ConfWL simulated PSP (allowed by --allow-simulated)"};
  if (!is_amd_root(chain.ark.get()))
    return {"platform", false, "the ARK is not one of AMD's roots (" + certificate_subject(chain.ark.get()) + ")"};
  return {"platform", true, "AMD SEV-SNP, root " + certificate_subject(chain.ark.get())};
}

CheckOutcome check_measurement(const SnpAttestationReport& report, const Sha384& expected) {
  const std::string found = hex_of(report.measurement);
  if (std::equal(expected.begin(), expected.end(), report.measurement)) return {"measurement", true, found};
  return {"measurement", false, "report has " + found + ", expected " + to_hex(expected)};
}

CheckOutcome check_policy(const SnpAttestationReport& report, bool allow_debug) {
  const std::string policy = "POLICY " + hex_number(report.policy);
  if ((report.policy & kSnpPolicyDebug) && !allow_debug)
    return {"policy", false, policy + " allows debugging (bit 19): the host can read the guest; pass --allow-debug to accept it"};
  return {"policy", true, policy + ((report.policy & kSnpPolicyDebug) ? " (debug allowed by --allow-debug)" : "")};
}

CheckOutcome check_report_data(const SnpAttestationReport& report, const std::array<uint8_t, 64>& expected) {
  const std::string found = hex_of(report.report_data);
  if (std::equal(expected.begin(), expected.end(), report.report_data)) return {"report-data", true, found};
  return {"report-data", false, "report has " + found + ", expected " + to_hex(expected)};
}

CheckOutcome check_tcb(const SnpTcbVersion& reported, const SnpTcbVersion& minimum) {
  const bool enough = reported.boot_loader >= minimum.boot_loader && reported.tee >= minimum.tee &&
                      reported.snp >= minimum.snp && reported.microcode >= minimum.microcode;
  const std::string detail = "REPORTED_TCB " + describe_tcb(reported) + ", minimum " + describe_tcb(minimum);
  return {"tcb", enough, enough ? detail : detail + ": below the minimum"};
}

template <size_t N>
bool same(const std::array<uint8_t, N>& expected, const uint8_t (&found)[N]) {
  return std::equal(expected.begin(), expected.end(), found);
}

// The identity an ID block gives a launch: the key that signed it, the author key, then the
// fields the block carries; each a line of its own, as a user fixes them separately.
void check_identity(const SnpAttestationReport& report, const IdentityExpectations& expected,
                    std::vector<CheckOutcome>& checks) {
  const std::string id_key = hex_of(report.id_key_digest);
  checks.push_back(same(expected.id_key_digest, report.id_key_digest)
                       ? CheckOutcome{"id-key", true, "ID_KEY_DIGEST " + id_key}
                       : CheckOutcome{"id-key", false, "report has ID_KEY_DIGEST " + id_key + ", expected " +
                                                           to_hex(expected.id_key_digest) + " (the image's ID key)"});
  const bool author_enabled = report.key_info & kSnpKeyInfoAuthorKeyEn;
  const std::string author_key = hex_of(report.author_key_digest);
  if (author_enabled != expected.author_key_enabled)
    checks.push_back({"author-key", false, std::string("report has AUTHOR_KEY_EN ") + (author_enabled ? "1" : "0") +
                                               ", expected " + (expected.author_key_enabled ? "1" : "0")});
  else if (!same(expected.author_key_digest, report.author_key_digest))
    checks.push_back({"author-key", false, "report has AUTHOR_KEY_DIGEST " + author_key + ", expected " +
                                               to_hex(expected.author_key_digest)});
  else
    checks.push_back({"author-key", true, author_enabled ? "AUTHOR_KEY_DIGEST " + author_key : "no author key (AUTHOR_KEY_EN 0)"});
  const std::string found = "FAMILY_ID " + hex_of(report.family_id) + ", IMAGE_ID " + hex_of(report.image_id) +
                            ", GUEST_SVN " + std::to_string(report.guest_svn) + ", POLICY " + hex_number(report.policy);
  const bool matches = same(expected.family_id, report.family_id) && same(expected.image_id, report.image_id) &&
                       report.guest_svn == expected.guest_svn && report.policy == expected.policy;
  checks.push_back({"identity", matches,
                    matches ? found
                            : "report has " + found + ", the ID block says FAMILY_ID " + to_hex(expected.family_id) +
                                  ", IMAGE_ID " + to_hex(expected.image_id) + ", GUEST_SVN " +
                                  std::to_string(expected.guest_svn) + ", POLICY " + hex_number(expected.policy)});
}

}  // namespace

bool ReportVerdict::passed() const {
  return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const CheckOutcome& c) { return c.passed; });
}

std::string describe_tcb(const SnpTcbVersion& tcb) {
  return "bl " + std::to_string(tcb.boot_loader) + ", tee " + std::to_string(tcb.tee) + ", snp " +
         std::to_string(tcb.snp) + ", ucode " + std::to_string(tcb.microcode);
}

ReportVerdict verify_report(std::span<const std::byte> report_bytes, const CertChain* chain,
                            const ReportExpectations& expected) {
  ReportVerdict verdict;
  Result<SnpAttestationReport> report = parse_snp_report(report_bytes);
  if (!report) {
    verdict.checks.push_back({"report", false, report.error().message});
    return verdict;  // nothing else can be read from bytes that are not a report
  }
  verdict.report = *report;
  verdict.checks.push_back({"report", true, "SEV-SNP ATTESTATION_REPORT version " + std::to_string(report->version)});
  if (!chain) {
    verdict.checks.push_back({"certificate-chain", false, "no certificates (ARK, ASK, VCEK) to check the report with"});
  } else {
    verdict.checks.push_back(outcome("certificate-chain", verify_cert_chain(*chain, expected.at),
                                     "ARK -> ASK -> VCEK signatures and validity"));
    verdict.checks.push_back(check_root(*chain, *report, expected, verdict.simulated));
    verdict.checks.push_back(outcome("signature", verify_report_signature(*report, certificate_key(chain->vcek.get())),
                                     "ECDSA P-384 by the VCEK " + certificate_subject(chain->vcek.get())));
  }
  verdict.checks.push_back(check_measurement(*report, expected.measurement));
  verdict.checks.push_back(check_policy(*report, expected.allow_debug));
  if (expected.report_data) verdict.checks.push_back(check_report_data(*report, *expected.report_data));
  if (expected.minimum_tcb) verdict.checks.push_back(check_tcb(report->reported_tcb, *expected.minimum_tcb));
  if (expected.identity) check_identity(*report, *expected.identity, verdict.checks);
  return verdict;
}

}  // namespace confwl::attestation
