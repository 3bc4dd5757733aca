// `confwl verify REPORT --manifest NAME.confwl.json [--report-data HEX] [--certs DIR]
// [--allow-simulated] [--allow-debug] [--min-tcb BL.TEE.SNP.UCODE] [--json]`: checks an SEV-SNP
// attestation report (binary, or the hex text a workload prints) against the manifest of the
// image it claims to run. Exit 0 only when every check passes; each check is one line.
#include <confwl/attestation/hex_bytes.h>
#include <confwl/attestation/launch_measurement.h>
#include <confwl/attestation/parse_snp_report.h>
#include <confwl/attestation/simulated_ca.h>
#include <confwl/attestation/verify_report.h>
#include <confwl/snp_id/id_block_record.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>

#include "command.h"
#include "confwl/atomic_file.h"
#include "confwl/hex.h"
#include "confwl/vmm/simulated_ca_store.h"

namespace confwl::cli {
namespace {

using namespace confwl::attestation;

struct VerifyOptions {
  std::string report;
  std::optional<std::string> manifest;
  std::optional<std::string> expect_measurement;
  std::optional<std::string> report_data;
  std::optional<std::string> certs;
  std::optional<std::string> min_tcb;
  bool allow_simulated = false;
  bool allow_debug = false;
  bool json = false;
};

template <typename T>
T or_throw(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(*result);
}

// A report file holds the 1184 bytes, or their hex text (what examples/attest prints).
std::vector<std::byte> read_report(const std::string& path) {
  std::vector<std::byte> bytes = or_throw(read_file(path));
  if (bytes.size() == kSnpReportSize) return bytes;
  Result<std::vector<uint8_t>> decoded =
      parse_hex_bytes(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
  if (!decoded) return bytes;  // not hex either: the size check names the problem
  return std::vector<std::byte>(reinterpret_cast<const std::byte*>(decoded->data()),
                                reinterpret_cast<const std::byte*>(decoded->data() + decoded->size()));
}

Sha384 expected_measurement(const VerifyOptions& options) {
  if (options.manifest.has_value() == options.expect_measurement.has_value())
    throw std::runtime_error("give exactly one of --manifest NAME.confwl.json and --expect-measurement HEX");
  if (options.expect_measurement) return or_throw(parse_sha384_hex(*options.expect_measurement, "--expect-measurement"));
  return or_throw(manifest_launch_measurement(or_throw(read_file(*options.manifest)), *options.manifest));
}

// A signed image's manifest pins what the ID block makes every report show.
std::optional<IdentityExpectations> expected_identity(const VerifyOptions& options) {
  if (!options.manifest) return std::nullopt;
  const std::optional<snp_id::IdBlockRecord> record =
      or_throw(snp_id::read_id_block_record(or_throw(read_file(*options.manifest)), *options.manifest));
  if (!record) return std::nullopt;
  snp_id::IdBlock block;
  if (record->id_block.size() != sizeof block)
    throw std::runtime_error(*options.manifest + ": " + snp_id::kIdBlockRecordKey + ".id_block: " +
                             std::to_string(record->id_block.size()) + " bytes, expected 96");
  std::memcpy(&block, record->id_block.data(), sizeof block);
  IdentityExpectations identity{record->id_key_digest, record->author_key_enabled, record->author_key_digest};
  std::copy(std::begin(block.family_id), std::end(block.family_id), identity.family_id.begin());
  std::copy(std::begin(block.image_id), std::end(block.image_id), identity.image_id.begin());
  identity.guest_svn = block.guest_svn;
  identity.policy = block.policy;
  return identity;
}

std::array<uint8_t, 64> expected_report_data(const std::string& hex) {
  const std::vector<uint8_t> bytes = or_throw(parse_hex_bytes(hex, "--report-data"));
  if (bytes.size() > 64)
    throw std::runtime_error("--report-data: " + std::to_string(bytes.size()) + " bytes, at most 64 (zero-padded)");
  std::array<uint8_t, 64> data{};
  std::copy(bytes.begin(), bytes.end(), data.begin());
  return data;
}

SnpTcbVersion parse_tcb(const std::string& text) {
  unsigned values[4];
  char end = 0;
  if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &values[0], &values[1], &values[2], &values[3], &end) != 4 ||
      values[0] > 255 || values[1] > 255 || values[2] > 255 || values[3] > 255)
    throw std::runtime_error("--min-tcb " + text + ": expected BL.TEE.SNP.UCODE, four numbers 0..255 (e.g. 3.0.8.115)");
  return SnpTcbVersion{uint8_t(values[0]), uint8_t(values[1]), {}, uint8_t(values[2]), uint8_t(values[3])};
}

// --certs DIR, else this user's simulated CA for a simulated report; a real report needs --certs.
std::optional<CertChain> report_chain(const VerifyOptions& options, std::span<const std::byte> report_bytes) {
  if (options.certs) return or_throw(load_cert_dir(*options.certs));
  Result<SnpAttestationReport> report = parse_snp_report(report_bytes);
  if (!report) return std::nullopt;  // the verdict says why
  if (!is_simulated_chip_id(report->chip_id))
    throw std::runtime_error("no certificates for this AMD report: pass --certs DIR with ARK, ASK and the chip's "
                             "VCEK (from AMD KDS: cert_chain.pem and vcek.der)");
  return or_throw(vmm::load_simulated_ca_certificates(or_throw(vmm::simulated_ca_dir())));
}

std::optional<CertChain> simulated_root(const VerifyOptions& options) {
  if (!options.allow_simulated) return std::nullopt;
  Result<CertChain> chain = vmm::load_simulated_ca_certificates(or_throw(vmm::simulated_ca_dir()));
  if (!chain) return std::nullopt;  // no local simulated CA: no simulated report can pass
  return std::move(*chain);
}

void print_json(const ReportVerdict& verdict) {
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const CheckOutcome& check : verdict.checks)
    checks.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
  nlohmann::ordered_json document{{"verified", verdict.passed()}, {"simulated", verdict.simulated}, {"checks", checks}};
  if (const auto& report = verdict.report)
    document["report"] = {{"version", report->version},
                          {"policy", hex_number(report->policy)},
                          {"vmpl", report->vmpl},
                          {"measurement", to_hex(report->measurement)},
                          {"report_data", to_hex(report->report_data)},
                          {"chip_id", to_hex(report->chip_id)},
                          {"reported_tcb", describe_tcb(report->reported_tcb)},
                          {"family_id", to_hex(report->family_id)},
                          {"image_id", to_hex(report->image_id)},
                          {"guest_svn", report->guest_svn},
                          {"id_key_digest", to_hex(report->id_key_digest)},
                          {"author_key_digest", to_hex(report->author_key_digest)}};
  std::puts(document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
}

int verify(const VerifyOptions& options) {
  const std::vector<std::byte> report = read_report(options.report);
  ReportExpectations expected;
  expected.measurement = expected_measurement(options);
  expected.identity = expected_identity(options);
  if (options.report_data) expected.report_data = expected_report_data(*options.report_data);
  if (options.min_tcb) expected.minimum_tcb = parse_tcb(*options.min_tcb);
  expected.allow_debug = options.allow_debug;
  expected.allow_simulated = options.allow_simulated;
  const std::optional<CertChain> local_root = simulated_root(options);
  if (local_root) expected.simulated_root = local_root->ark.get();
  expected.at = std::time(nullptr);
  const std::optional<CertChain> chain = report_chain(options, report);
  const ReportVerdict verdict = verify_report(report, chain ? &*chain : nullptr, expected);
  if (options.json) {
    print_json(verdict);
  } else {
    for (const CheckOutcome& check : verdict.checks)
      std::printf("%s %s: %s\n", check.passed ? "PASS" : "FAIL", check.name.c_str(), check.detail.c_str());
    std::printf("%s\n", verdict.passed() ? "verified" : "NOT verified");
  }
  return verdict.passed() ? 0 : kExitFailure;
}

}  // namespace

void attach_verify(CLI::App& app, int& exit_code) {
  static VerifyOptions options;
  CLI::App* command = app.add_subcommand("verify", "Check an SEV-SNP attestation report against a sealed image's manifest");
  command->add_option("REPORT", options.report, "Attestation report: 1184 bytes, or their hex text")->required();
  command->add_option("--manifest", options.manifest, "NAME.confwl.json of the image the report must measure");
  command->add_option("--expect-measurement", options.expect_measurement,
                      "The MEASUREMENT (96 hex digits) instead of a manifest, for reports of non-ConfWL guests");
  command->add_option("--report-data", options.report_data, "Expected REPORT_DATA: up to 64 bytes in hex, zero-padded");
  command->add_option("--certs", options.certs,
                      "Directory with ark.pem + ask.pem (or AMD's cert_chain.pem) and vcek.pem or vcek.der");
  command->add_flag("--allow-simulated", options.allow_simulated,
                    "Accept reports of ConfWL's simulated PSP (signed by this user's simulated CA)");
  command->add_flag("--allow-debug", options.allow_debug, "Accept a guest policy that allows debugging");
  command->add_option("--min-tcb", options.min_tcb, "Minimum REPORTED_TCB as BL.TEE.SNP.UCODE, e.g. 3.0.8.115");
  command->add_flag("--json", options.json, "Print the checks as JSON");
  command->callback([&exit_code] { exit_code = verify(options); });
}

}  // namespace confwl::cli
