// libFuzzer target: the SEV-SNP report parser and the verifier's checks on arbitrary bytes. A
// report is untrusted input (a file from anywhere, or bytes from a guest), so nothing here may
// crash, read out of bounds or accept what the parser's rules refuse.
#include <confwl/attestation/parse_snp_report.h>
#include <confwl/attestation/verify_report.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace confwl::attestation;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  confwl::Result<SnpAttestationReport> report = parse_snp_report(bytes);
  if (report) {
    // What parsed must satisfy the documented rules, and must round-trip byte for byte.
    if (size != kSnpReportSize || report->version < kSnpReportVersionMin || report->version > kSnpReportVersionMax ||
        report->vmpl > 3)
      std::abort();
    const std::span<const std::byte> again = report_bytes(*report);
    for (size_t index = 0; index < size; ++index)
      if (again[index] != bytes[index]) std::abort();
  }
  ReportExpectations expected;
  expected.report_data = std::array<uint8_t, 64>{};
  expected.minimum_tcb = SnpTcbVersion{};
  const ReportVerdict verdict = verify_report(bytes, nullptr, expected);
  if (verdict.passed()) std::abort();  // without certificates nothing can verify
  return 0;
}
