#include "confwl/vmm/simulated_ca_store.h"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <system_error>

#include <confwl/atomic_file.h>

namespace confwl::vmm {
namespace {

namespace fs = std::filesystem;
using attestation::SimulatedCa;

constexpr const char* kCertificateFiles[] = {"ark.pem", "ask.pem", "vcek.pem"};

std::span<const std::byte> text_bytes(const std::string& text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

Status write_private_file(const fs::path& path, const std::string& text) {
  if (text.empty()) return Error{path.string() + ": nothing to write (OpenSSL could not encode it)"};
  return write_file_atomically(path, text_bytes(text), 0600);  // never readable by others, not even briefly
}

Status write_ca(const SimulatedCa& ca, const fs::path& dir) {
  const attestation::CertChain& certs = ca.certificates;
  const std::pair<const char*, std::string> files[] = {
      {"ark.pem", attestation::certificate_pem(certs.ark.get())},
      {"ask.pem", attestation::certificate_pem(certs.ask.get())},
      {"vcek.pem", attestation::certificate_pem(certs.vcek.get())},
      {"ark.key", attestation::private_key_pem(ca.ark_key.get())},
      {"ask.key", attestation::private_key_pem(ca.ask_key.get())},
      {"vcek.key", attestation::private_key_pem(ca.vcek_key.get())},
  };
  for (const auto& [name, text] : files)
    if (Status written = write_private_file(dir / name, text); !written) return written;
  return Ok{};
}

Result<attestation::Key> read_key(const fs::path& path) {
  Result<std::vector<std::byte>> bytes = read_file(path);
  if (!bytes) return bytes.error();
  return attestation::parse_private_key(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()),
                                        path.string());
}

// A new CA in a private temporary directory next to `dir`, then renamed to `dir`. If another
// process won the race, its CA is the one kept.
Status create_ca(const fs::path& dir) {
  std::error_code error;
  fs::create_directories(dir.parent_path(), error);
  if (error) return Error{dir.parent_path().string() + ": cannot create: " + error.message()};
  const fs::path temporary = dir.string() + ".new-" + std::to_string(::getpid()) + "-" +
                             std::to_string(std::random_device{}());
  if (::mkdir(temporary.c_str(), 0700) != 0)
    return Error{temporary.string() + ": cannot create: " + std::strerror(errno)};
  Result<SimulatedCa> ca = attestation::create_simulated_ca();
  Status written = ca ? write_ca(*ca, temporary) : Status(ca.error());
  if (written && ::rename(temporary.c_str(), dir.c_str()) == 0) return Ok{};
  const int rename_errno = errno;
  fs::remove_all(temporary, error);
  if (!written) return written;
  if (rename_errno == EEXIST || rename_errno == ENOTEMPTY) return Ok{};  // another run created it
  return Error{dir.string() + ": cannot move the new simulated CA into place: " + std::strerror(rename_errno)};
}

}  // namespace

Result<fs::path> simulated_ca_dir() {
  if (const char* override_dir = std::getenv("CONFWL_SIM_CA_DIR"); override_dir && *override_dir)
    return fs::path(override_dir);
  if (const char* data_home = std::getenv("XDG_DATA_HOME"); data_home && *data_home && data_home[0] == '/')
    return fs::path(data_home) / "confwl" / "sim-ca";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local/share/confwl/sim-ca";
  return Error{"cannot place the simulated CA: neither CONFWL_SIM_CA_DIR, XDG_DATA_HOME nor HOME is set"};
}

Result<attestation::CertChain> load_simulated_ca_certificates(const fs::path& dir) {
  if (!fs::is_directory(dir))
    return Error{"no simulated CA in " + dir.string() + " (it is created by the first simulated attestation, "
                 "or by `confwl sim-ca --create`)"};
  return attestation::load_cert_dir(dir);
}

Result<SimulatedCa> load_or_create_simulated_ca(const fs::path& dir) {
  if (!fs::exists(dir)) {
    if (Status created = create_ca(dir); !created) return created.error();
  }
  Result<attestation::CertChain> certificates = load_simulated_ca_certificates(dir);
  if (!certificates) return certificates.error();
  SimulatedCa ca;
  ca.certificates = std::move(*certificates);
  for (auto [key, name] : {std::pair{&ca.ark_key, "ark.key"}, std::pair{&ca.ask_key, "ask.key"},
                           std::pair{&ca.vcek_key, "vcek.key"}}) {
    Result<attestation::Key> loaded = read_key(dir / name);
    if (!loaded) return loaded.error();
    *key = std::move(*loaded);
  }
  if (EVP_PKEY_eq(ca.vcek_key.get(), attestation::certificate_key(ca.certificates.vcek.get())) != 1)
    return Error{(dir / "vcek.key").string() + " does not belong to " + (dir / "vcek.pem").string()};
  return ca;
}

Status export_simulated_ca_certificates(const fs::path& dir, const fs::path& destination) {
  std::error_code error;
  fs::create_directories(destination, error);
  if (error) return Error{destination.string() + ": cannot create: " + error.message()};
  for (const char* name : kCertificateFiles) {
    Result<std::vector<std::byte>> bytes = read_file(dir / name);
    if (!bytes) return bytes.error();
    if (Status written = write_file_atomically(destination / name, *bytes); !written) return written;
  }
  return Ok{};
}

}  // namespace confwl::vmm
