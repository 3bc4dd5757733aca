// confwl_test_sim_report IMAGE REPORT_DATA_HEX OUT [--debug-policy] [--truncate N] [--flip-bit BYTE.BIT]
//
// Test helper: the report the simulated PSP gives a guest booted from IMAGE that asked with
// REPORT_DATA_HEX, exactly as `confwl run` would produce it (launch_measurement over the image
// bytes, this user's simulated CA from $CONFWL_SIM_CA_DIR), optionally damaged afterwards, so the
// `confwl verify` tests need no guest kernel device.
#include <confwl/atomic_file.h>
#include <confwl/attestation/hex_bytes.h>
#include <confwl/attestation/launch_measurement.h>
#include <confwl/attestation/parse_snp_report.h>
#include <confwl/vmm/simulated_ca_store.h>
#include <confwl/vmm/simulated_psp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "or_throw.h"

namespace {

using namespace confwl;
using test::or_throw;

struct Damage {
  bool debug_policy = false;
  std::optional<size_t> truncate;
  std::optional<std::pair<size_t, unsigned>> flip;  // byte, bit
};

Damage parse_damage(int argc, char** argv) {
  Damage damage;
  for (int index = 4; index < argc; ++index) {
    const std::string option = argv[index];
    if (option == "--debug-policy") {
      damage.debug_policy = true;
    } else if (option == "--truncate" && index + 1 < argc) {
      damage.truncate = std::stoul(argv[++index]);
    } else if (option == "--flip-bit" && index + 1 < argc) {
      const std::string where = argv[++index];
      const size_t dot = where.find('.');
      damage.flip = {std::stoul(where.substr(0, dot), nullptr, 0), std::stoul(where.substr(dot + 1))};
    } else {
      throw std::runtime_error("unknown option " + option);
    }
  }
  return damage;
}

std::vector<std::byte> make_report(const std::string& image_path, const std::string& report_data_hex, bool debug) {
  const std::vector<std::byte> image = or_throw(read_file(image_path));
  const std::vector<uint8_t> report_data = or_throw(attestation::parse_hex_bytes(report_data_hex, "REPORT_DATA_HEX"));
  if (report_data.size() > 64) throw std::runtime_error("REPORT_DATA_HEX: more than 64 bytes");
  abi::HostcallAttestationRequest request{};
  std::memcpy(request.report_data, report_data.data(), report_data.size());
  const attestation::SimulatedCa ca = or_throw(vmm::load_or_create_simulated_ca(or_throw(vmm::simulated_ca_dir())));
  vmm::SimulatedLaunch launch{or_throw(attestation::launch_measurement(image))};
  if (debug) launch.policy |= attestation::kSnpPolicyDebug;
  const attestation::SnpAttestationReport report = or_throw(vmm::SimulatedPsp(ca, launch).report(request));
  const std::span<const std::byte> bytes = attestation::report_bytes(report);
  return {bytes.begin(), bytes.end()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s IMAGE REPORT_DATA_HEX OUT [--debug-policy] [--truncate N] [--flip-bit BYTE.BIT]\n",
                 argv[0]);
    return 2;
  }
  try {
    const Damage damage = parse_damage(argc, argv);
    std::vector<std::byte> report = make_report(argv[1], argv[2], damage.debug_policy);
    if (damage.flip) report.at(damage.flip->first) ^= std::byte(1u << damage.flip->second);
    if (damage.truncate) report.resize(std::min(report.size(), *damage.truncate));
    or_throw(write_file_atomically(argv[3], report));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "confwl_test_sim_report: %s\n", error.what());
    return 1;
  }
  return 0;
}
