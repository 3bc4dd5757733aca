// The simulated PSP behind the hostcall channel: reports it signs verify with the same code as
// AMD's, carry the supervisor's measurement and the guest's report data, and are refused as
// simulated unless allowed. Also the per-user CA store.
#include <confwl/attestation/parse_snp_report.h>
#include <confwl/attestation/verify_report.h>
#include <confwl/vmm/hostcall_server.h>
#include <confwl/vmm/simulated_ca_store.h>
#include <confwl/vmm/simulated_psp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>

#include "test_files.h"

namespace confwl::attestation {
namespace {

using test::second_simulated_ca;
using test::shared_simulated_ca;
using vmm::SimulatedLaunch;
using vmm::SimulatedPsp;

abi::HostcallAttestationRequest request_with(uint8_t first_byte, uint32_t vmpl = 0) {
  abi::HostcallAttestationRequest request{};
  request.report_data[0] = first_byte;
  request.report_data[63] = 0xee;
  request.vmpl = vmpl;
  return request;
}

Sha384 some_measurement() { return sha384(std::as_bytes(std::span("an image"))); }

ReportExpectations expectations_for(const Sha384& measurement, const SimulatedCa& trusted) {
  ReportExpectations expected;
  expected.measurement = measurement;
  expected.report_data = std::array<uint8_t, 64>{0x42};
  (*expected.report_data)[63] = 0xee;
  expected.allow_simulated = true;
  expected.simulated_root = trusted.certificates.ark.get();
  expected.at = std::time(nullptr);
  return expected;
}

std::vector<std::byte> bytes_of(const SnpAttestationReport& report) {
  const std::span<const std::byte> bytes = report_bytes(report);
  return {bytes.begin(), bytes.end()};
}

const CheckOutcome& check_named(const ReportVerdict& verdict, const std::string& name) {
  for (const CheckOutcome& check : verdict.checks)
    if (check.name == name) return check;
  throw std::runtime_error("no check " + name);
}

TEST(SimulatedPsp, ReportCarriesTheLaunchAndTheRequest) {
  const SimulatedPsp psp(shared_simulated_ca(), SimulatedLaunch{some_measurement()});
  Result<SnpAttestationReport> report = psp.report(request_with(0x42));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(parse_snp_report(bytes_of(*report)));
  EXPECT_EQ(report->version, 3u);
  EXPECT_EQ(report->policy, 0x30000u);
  EXPECT_EQ(report->report_data[0], 0x42);
  EXPECT_EQ(report->report_data[63], 0xee);
  EXPECT_TRUE(std::equal(report->measurement, report->measurement + 48, some_measurement().begin()));
  EXPECT_TRUE(is_simulated_chip_id(report->chip_id));
}

TEST(SimulatedPsp, GoodReportVerifies) {
  const SimulatedPsp psp(shared_simulated_ca(), SimulatedLaunch{some_measurement()});
  const ReportVerdict verdict = verify_report(bytes_of(*psp.report(request_with(0x42))),
                                              &shared_simulated_ca().certificates,
                                              expectations_for(some_measurement(), shared_simulated_ca()));
  for (const CheckOutcome& check : verdict.checks) EXPECT_TRUE(check.passed) << check.name << ": " << check.detail;
  EXPECT_TRUE(verdict.simulated);
}

TEST(SimulatedPsp, SimulatedIsRefusedUnlessAllowed) {
  const SimulatedPsp psp(shared_simulated_ca(), SimulatedLaunch{some_measurement()});
  ReportExpectations expected = expectations_for(some_measurement(), shared_simulated_ca());
  expected.allow_simulated = false;
  const ReportVerdict verdict = verify_report(bytes_of(*psp.report(request_with(0x42))),
                                              &shared_simulated_ca().certificates, expected);
  EXPECT_FALSE(verdict.passed());
  EXPECT_FALSE(check_named(verdict, "platform").passed);
  EXPECT_NE(check_named(verdict, "platform").detail.find("pass --allow-simulated"), std::string::npos);
}

TEST(SimulatedPsp, WrongNonceFailsOnlyReportData) {
  const SimulatedPsp psp(shared_simulated_ca(), SimulatedLaunch{some_measurement()});
  const ReportVerdict verdict = verify_report(bytes_of(*psp.report(request_with(0x43))),
                                              &shared_simulated_ca().certificates,
                                              expectations_for(some_measurement(), shared_simulated_ca()));
  for (const CheckOutcome& check : verdict.checks) EXPECT_EQ(check.passed, check.name != "report-data") << check.name;
}

TEST(SimulatedPsp, AnotherSimulatedChipIsRefused) {
  const SimulatedPsp other(second_simulated_ca(), SimulatedLaunch{some_measurement()});
  const std::vector<std::byte> report = bytes_of(*other.report(request_with(0x42)));
  const ReportExpectations expected = expectations_for(some_measurement(), shared_simulated_ca());
  // With our certificates the signature is wrong; with the other chip's, its root is not ours.
  const ReportVerdict ours = verify_report(report, &shared_simulated_ca().certificates, expected);
  EXPECT_FALSE(check_named(ours, "signature").passed);
  const ReportVerdict theirs = verify_report(report, &second_simulated_ca().certificates, expected);
  EXPECT_TRUE(check_named(theirs, "signature").passed);
  EXPECT_FALSE(check_named(theirs, "platform").passed);
  EXPECT_NE(check_named(theirs, "platform").detail.find("is not this user's simulated root"), std::string::npos);
}

TEST(SimulatedPsp, DebugPolicyIsRefusedUnlessAllowed) {
  const SimulatedPsp psp(shared_simulated_ca(), SimulatedLaunch{some_measurement(), 0x30000 | kSnpPolicyDebug});
  const std::vector<std::byte> report = bytes_of(*psp.report(request_with(0x42)));
  ReportExpectations expected = expectations_for(some_measurement(), shared_simulated_ca());
  EXPECT_FALSE(check_named(verify_report(report, &shared_simulated_ca().certificates, expected), "policy").passed);
  expected.allow_debug = true;
  EXPECT_TRUE(verify_report(report, &shared_simulated_ca().certificates, expected).passed());
}

TEST(SimulatedPsp, RefusesVmplOutOfRange) {
  const SimulatedPsp psp(shared_simulated_ca(), SimulatedLaunch{some_measurement()});
  Result<SnpAttestationReport> report = psp.report(request_with(0, 4));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().message, "attestation request for VMPL 4, expected 0..3");
}

// --- the hostcall server's side ------------------------------------------------------------

struct Reply {
  abi::HostcallAttestationReply header;
  std::vector<std::byte> report;
};

Reply ask(vmm::HostcallServer& server, const abi::HostcallAttestationRequest& request) {
  std::vector<std::byte> payload(sizeof request);
  std::memcpy(payload.data(), &request, sizeof request);
  const Status handled = server.handle({abi::HostcallType::kAttestationRequest, payload});
  EXPECT_TRUE(handled) << handled.error().message;
  vmm::HostcallDecoder decoder;
  std::span<const std::byte> output = server.pending_output();
  auto frame = decoder.next(output);
  EXPECT_TRUE(frame && *frame);
  server.consume_output(server.pending_output().size());
  Reply reply{};
  std::memcpy(&reply.header, (*frame)->payload.data(), sizeof reply.header);
  reply.report.assign((*frame)->payload.begin() + sizeof reply.header, (*frame)->payload.end());
  EXPECT_EQ((*frame)->type, abi::HostcallType::kAttestationReply);
  return reply;
}

vmm::HostcallServer server_with(vmm::AttestationResponder responder) {
  vmm::HostcallServerConfig config;
  config.realtime_ns = [] { return uint64_t{0}; };
  vmm::HostcallServer server = std::move(*vmm::HostcallServer::create(std::move(config)));
  server.consume_output(1);  // the stream's sync byte: these tests read the frames after it
  if (responder) server.set_attestation_responder(std::move(responder));
  return server;
}

TEST(AttestationHostcall, ReplyCarriesASignedReport) {
  const SimulatedPsp psp(shared_simulated_ca(), SimulatedLaunch{some_measurement()});
  vmm::HostcallServer server = server_with([&psp](const abi::HostcallAttestationRequest& request)
                                               -> Result<std::vector<std::byte>> { return bytes_of(*psp.report(request)); });
  const Reply reply = ask(server, request_with(0x42));
  EXPECT_EQ(reply.header.status, uint32_t(abi::AttestationStatus::kOk));
  ASSERT_EQ(reply.header.report_size, abi::kSnpAttestationReportSize);
  ASSERT_EQ(reply.report.size(), abi::kSnpAttestationReportSize);
  EXPECT_TRUE(verify_report(reply.report, &shared_simulated_ca().certificates,
                            expectations_for(some_measurement(), shared_simulated_ca())).passed());
}

TEST(AttestationHostcall, NoTeeAnswersUnavailable) {
  vmm::HostcallServer server = server_with(nullptr);
  const Reply reply = ask(server, request_with(1));
  EXPECT_EQ(reply.header.status, uint32_t(abi::AttestationStatus::kUnavailable));
  EXPECT_EQ(reply.header.report_size, 0u);
  EXPECT_TRUE(reply.report.empty());
}

TEST(AttestationHostcall, FailingResponderAnswersUnavailable) {
  vmm::HostcallServer server = server_with([](const abi::HostcallAttestationRequest&) -> Result<std::vector<std::byte>> {
    return Error{"no CA"};
  });
  EXPECT_EQ(ask(server, request_with(1)).header.status, uint32_t(abi::AttestationStatus::kUnavailable));
  vmm::HostcallServer short_server = server_with(
      [](const abi::HostcallAttestationRequest&) -> Result<std::vector<std::byte>> { return std::vector<std::byte>(10); });
  EXPECT_EQ(ask(short_server, request_with(1)).header.status, uint32_t(abi::AttestationStatus::kUnavailable));
}

TEST(AttestationHostcall, BadVmplIsAnInvalidRequest) {
  bool called = false;
  vmm::HostcallServer server = server_with([&called](const abi::HostcallAttestationRequest&) -> Result<std::vector<std::byte>> {
    called = true;
    return std::vector<std::byte>();
  });
  EXPECT_EQ(ask(server, request_with(1, 7)).header.status, uint32_t(abi::AttestationStatus::kInvalidRequest));
  EXPECT_FALSE(called);
}

TEST(AttestationHostcall, MalformedRequestsEndTheRun) {
  vmm::HostcallServer server = server_with(nullptr);
  abi::HostcallAttestationRequest request = request_with(1);
  request.reserved = 1;
  std::vector<std::byte> payload(sizeof request);
  std::memcpy(payload.data(), &request, sizeof request);
  const Status reserved = server.handle({abi::HostcallType::kAttestationRequest, payload});
  ASSERT_FALSE(reserved);
  EXPECT_EQ(reserved.error().message, "hostcall protocol error: kAttestationRequest reserved field is not 0");
  payload.resize(71);
  const Status short_payload = server.handle({abi::HostcallType::kAttestationRequest, payload});
  ASSERT_FALSE(short_payload);
  EXPECT_EQ(short_payload.error().message, "hostcall protocol error: malformed kAttestationRequest");
  const Status from_guest = server.handle({abi::HostcallType::kAttestationReply, std::vector<std::byte>(8)});
  ASSERT_FALSE(from_guest);
  EXPECT_EQ(from_guest.error().message,
            "hostcall protocol error: guest sent kAttestationReply, which only the host may send");
}

// --- the store ------------------------------------------------------------------------------

// Restores an environment variable when the test ends.
class SavedVariable {
 public:
  explicit SavedVariable(const char* name) : name_(name) {
    if (const char* value = std::getenv(name)) value_ = value;
  }
  ~SavedVariable() { value_ ? ::setenv(name_, value_->c_str(), 1) : ::unsetenv(name_); }

 private:
  const char* name_;
  std::optional<std::string> value_;
};

TEST(SimulatedCaStore, DirectoryComesFromTheEnvironment) {
  const SavedVariable saved[] = {SavedVariable("CONFWL_SIM_CA_DIR"), SavedVariable("XDG_DATA_HOME"),
                                 SavedVariable("HOME")};
  ::setenv("CONFWL_SIM_CA_DIR", "/somewhere/ca", 1);
  EXPECT_EQ(*vmm::simulated_ca_dir(), "/somewhere/ca");
  ::unsetenv("CONFWL_SIM_CA_DIR");
  ::setenv("XDG_DATA_HOME", "/data", 1);
  EXPECT_EQ(*vmm::simulated_ca_dir(), "/data/confwl/sim-ca");
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(*vmm::simulated_ca_dir(), "/home/u/.local/share/confwl/sim-ca");
  ::setenv("XDG_DATA_HOME", "relative/is/ignored", 1);
  EXPECT_EQ(*vmm::simulated_ca_dir(), "/home/u/.local/share/confwl/sim-ca");
}

// A guest that keeps asking while the simulated PSP cannot be set up (here: the image is no
// ConfWL image, so there is no launch to report) gets the same answer each time: the set-up is
// not tried again, and the user is told once.
TEST(SimulatedCaStore, FailedSetUpIsToldOnce) {
  const SavedVariable saved("CONFWL_SIM_CA_DIR");
  shared_simulated_ca();  // created in CONFWL_TEST_CA_DIR/first
  ::setenv("CONFWL_SIM_CA_DIR", (std::string(CONFWL_TEST_CA_DIR) + "/first").c_str(), 1);
  char* said = nullptr;
  size_t said_size = 0;
  std::FILE* diagnostics = ::open_memstream(&said, &said_size);
  ASSERT_NE(diagnostics, nullptr);
  const vmm::AttestationResponder responder = vmm::simulated_psp_responder({}, diagnostics, std::nullopt);
  for (int i = 0; i < 3; ++i) {
    const Result<std::vector<std::byte>> reply = responder(request_with(1));
    ASSERT_FALSE(reply);
    EXPECT_EQ(reply.error().message, "simulated PSP: measuring the image: not a ConfWL image: not an ELF file");
  }
  std::fclose(diagnostics);
  const std::string text(said, said_size);
  std::free(said);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_EQ(text.rfind("confwl: attestation unavailable to the guest: ", 0), 0u) << text;
}

TEST(SimulatedCaStore, KeysArePrivateAndReloadTheSameChip) {
  const std::filesystem::path dir = std::string(CONFWL_TEST_CA_DIR) + "/first";
  const SimulatedCa& ca = shared_simulated_ca();  // created in `dir`
  struct stat info {};
  ASSERT_EQ(::stat(dir.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  for (const char* name : {"ark.key", "ask.key", "vcek.key", "vcek.pem"}) {
    ASSERT_EQ(::stat((dir / name).c_str(), &info), 0) << name;
    EXPECT_EQ(info.st_mode & 0777, 0600u) << name;
  }
  Result<SimulatedCa> again = vmm::load_or_create_simulated_ca(dir);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(public_key_fingerprint(again->certificates.vcek.get()), public_key_fingerprint(ca.certificates.vcek.get()));
  Result<CertChain> missing = vmm::load_simulated_ca_certificates(dir / "nothing-here");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message.rfind("no simulated CA in ", 0), 0u);
}

}  // namespace
}  // namespace confwl::attestation
