// Where this user's simulated AMD key hierarchy lives, and creating it on first use. The keys are
// the simulated PSP's secrets: they live outside any source or build tree, in a 0700 directory
// with 0600 files, and are never overwritten once created.
//
// Directory: $CONFWL_SIM_CA_DIR if set (tests), else $XDG_DATA_HOME/confwl/sim-ca, else
// ~/.local/share/confwl/sim-ca. Files: ark.pem, ask.pem, vcek.pem (certificates, the layout
// `confwl verify --certs` reads) and ark.key, ask.key, vcek.key (PKCS#8 PEM).
#pragma once
#include <confwl/attestation/cert_chain.h>
#include <confwl/attestation/simulated_ca.h>
#include <confwl/result.h>

#include <filesystem>

namespace confwl::vmm {

Result<std::filesystem::path> simulated_ca_dir();

// The CA in `dir`, created (atomically: a finished directory is renamed into place, so a
// concurrent run sees all of it or none) when `dir` does not exist yet.
Result<attestation::SimulatedCa> load_or_create_simulated_ca(const std::filesystem::path& dir);

// Only the certificates (what a verifier needs); an error if there is no CA in `dir`.
Result<attestation::CertChain> load_simulated_ca_certificates(const std::filesystem::path& dir);

// Copies ark.pem, ask.pem and vcek.pem to `destination` (created if needed): a --certs directory.
Status export_simulated_ca_certificates(const std::filesystem::path& dir, const std::filesystem::path& destination);

}  // namespace confwl::vmm
