// `confwl sim-ca [--create] [--export DIR]`: where this user's simulated AMD key hierarchy (the
// simulated PSP's ARK -> ASK -> VCEK) lives, and its certificates as a `confwl verify --certs`
// directory. The CA is otherwise created by the first attestation request of a guest.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "command.h"
#include "confwl/attestation/cert_chain.h"
#include "confwl/hex.h"
#include "confwl/vmm/simulated_ca_store.h"

namespace confwl::cli {
namespace {

struct SimCaOptions {
  bool create = false;
  std::optional<std::string> export_dir;
};

void require(Status status) {
  if (!status) throw std::runtime_error(status.error().message);
}

int sim_ca(const SimCaOptions& options) {
  Result<std::filesystem::path> dir = vmm::simulated_ca_dir();
  if (!dir) throw std::runtime_error(dir.error().message);
  if (options.create) {
    Result<attestation::SimulatedCa> ca = vmm::load_or_create_simulated_ca(*dir);
    if (!ca) throw std::runtime_error(ca.error().message);
  }
  Result<attestation::CertChain> chain = vmm::load_simulated_ca_certificates(*dir);
  if (!chain) {
    std::printf("%s\n(not created yet: the first simulated attestation or `confwl sim-ca --create` creates it)\n",
                dir->string().c_str());
    return options.export_dir ? kExitFailure : 0;
  }
  std::printf("%s\n  ARK  %s\n  ASK  %s\n  VCEK %s\n  ARK public key SHA-384 %s\n", dir->string().c_str(),
              attestation::certificate_subject(chain->ark.get()).c_str(),
              attestation::certificate_subject(chain->ask.get()).c_str(),
              attestation::certificate_subject(chain->vcek.get()).c_str(),
              to_hex(attestation::public_key_fingerprint(chain->ark.get())).c_str());
  if (options.export_dir) {
    require(vmm::export_simulated_ca_certificates(*dir, *options.export_dir));
    std::printf("certificates exported to %s (use with confwl verify --certs)\n", options.export_dir->c_str());
  }
  return 0;
}

}  // namespace

void attach_sim_ca(CLI::App& app, int& exit_code) {
  static SimCaOptions options;
  CLI::App* command = app.add_subcommand(
      "sim-ca", "Show where the simulated PSP's keys and certificates are ($CONFWL_SIM_CA_DIR overrides)");
  command->add_flag("--create", options.create, "Create the simulated CA now if it does not exist");
  command->add_option("--export", options.export_dir, "Copy ark.pem, ask.pem and vcek.pem to DIR (for verify --certs)");
  command->callback([&exit_code] { exit_code = sim_ca(options); });
}

}  // namespace confwl::cli
