// `confwl keygen --output KEY.pem`: a new ECDSA P-384 private key for signing SEV-SNP ID blocks
// (`confwl seal --id-key`, add_confidential_workload(SIGNING_KEY)) or ID keys (--author-key).
// Written atomically with mode 0600; an existing file is not overwritten.
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "command.h"
#include "confwl/atomic_file.h"
#include "confwl/hex.h"
#include "confwl/snp_id/p384_key.h"

namespace confwl::cli {
namespace {

struct KeygenOptions {
  std::string output;
  bool force = false;
};

int keygen(const KeygenOptions& options) {
  std::error_code error;
  if (!options.force && std::filesystem::exists(options.output, error))
    throw std::runtime_error(options.output + ": already exists; a key is not overwritten (pass --force to replace it)");
  Result<std::string> pem = snp_id::new_p384_private_key_pem();
  if (!pem) throw std::runtime_error(pem.error().message);
  const auto bytes = std::as_bytes(std::span(pem->data(), pem->size()));
  if (Status written = write_file_atomically(options.output, bytes, 0600); !written)
    throw std::runtime_error(written.error().message);
  Result<attestation::Key> key = snp_id::parse_p384_private_key(bytes, options.output);
  if (!key) throw std::runtime_error(key.error().message);
  Result<snp_id::EcdsaPublicKey> public_key = snp_id::public_key_format(key->get());
  if (!public_key) throw std::runtime_error(public_key.error().message);
  std::printf("wrote ECDSA P-384 private key %s (mode 0600)\nkey digest (SHA-384 of the SEV-SNP public key) %s\n",
              options.output.c_str(), to_hex(snp_id::public_key_digest(*public_key)).c_str());
  return 0;
}

}  // namespace

void attach_keygen(CLI::App& app, int& exit_code) {
  static KeygenOptions options;
  CLI::App* command = app.add_subcommand("keygen", "Make an ECDSA P-384 private key for signing SEV-SNP ID blocks");
  command->add_option("--output", options.output, "Private key to write (PEM, mode 0600)")->required();
  command->add_flag("--force", options.force, "Replace an existing file");
  command->callback([&exit_code] { exit_code = keygen(options); });
}

}  // namespace confwl::cli
