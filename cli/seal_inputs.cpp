#include "seal_inputs.h"

#include <algorithm>
#include <stdexcept>

#include "confwl/atomic_file.h"

namespace confwl::cli {
namespace {

namespace fs = std::filesystem;

SealedFile read_host_file(std::string guest_path, const fs::path& host_path, const std::string& origin) {
  std::error_code error;
  const fs::file_status status = fs::status(host_path, error);
  if (!error && status.type() != fs::file_type::regular && status.type() != fs::file_type::not_found)
    throw std::runtime_error(origin + ": " + host_path.string() + " is not a regular file");
  Result<std::vector<std::byte>> content = read_file(host_path);
  if (!content) throw std::runtime_error(origin + ": " + content.error().message);
  const bool executable = (status.permissions() & (fs::perms::owner_exec | fs::perms::group_exec |
                                                   fs::perms::others_exec)) != fs::perms::none;
  return SealedFile{std::move(guest_path), std::move(*content), executable};
}

// Make's syntax: spaces, '#' and '$' in a path need escaping.
std::string depfile_path(const fs::path& path) {
  std::string escaped;
  for (char c : fs::absolute(path).lexically_normal().string()) {
    if (c == ' ' || c == '#') escaped += '\\';
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

}  // namespace

std::vector<SealedFile> read_sealed_files(const WorkloadManifest& manifest, const fs::path& manifest_path,
                                          std::span<const std::string> file_options, std::vector<fs::path>& inputs) {
  std::vector<SealedFile> files;
  const fs::path base = manifest_path.parent_path();
  for (const SealedFileSpec& spec : manifest.files) {
    const fs::path host = fs::path(spec.host_path).is_absolute() ? fs::path(spec.host_path) : base / spec.host_path;
    files.push_back(read_host_file(spec.guest_path, host, spec.origin));
    inputs.push_back(host);
  }
  for (const std::string& option : file_options) {
    const std::string origin = "--file " + option;
    const size_t equals = option.find('=');
    if (equals == std::string::npos || equals + 1 == option.size())
      throw std::runtime_error(origin + ": expected GUEST-PATH=HOST-PATH, e.g. /etc/app.conf=app.conf");
    const std::string guest = option.substr(0, equals);
    if (auto problem = sealed_file_path_problem(guest)) throw std::runtime_error(origin + ": " + *problem);
    auto previous = std::find_if(manifest.files.begin(), manifest.files.end(),
                                 [&](const SealedFileSpec& spec) { return spec.guest_path == guest; });
    if (previous != manifest.files.end())
      throw std::runtime_error(origin + ": " + guest + " is also sealed by " + previous->origin +
                               "; expected each guest path once");
    const fs::path host = option.substr(equals + 1);
    files.push_back(read_host_file(guest, host, origin));
    inputs.push_back(host);
  }
  return files;
}

KernelPreset read_kernel_preset(const fs::path& yaml_path) {
  Result<std::vector<std::byte>> bytes = read_file(yaml_path);
  if (!bytes) throw std::runtime_error("kernel preset allowlist: " + bytes.error().message);
  const std::string text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  Result<KernelPreset> preset = parse_kernel_preset(text, yaml_path.string());
  if (!preset) throw std::runtime_error(preset.error().message);
  return std::move(*preset);
}

std::string depfile_text(const fs::path& target, std::span<const fs::path> inputs) {
  std::string text = depfile_path(target) + ":";
  for (const fs::path& input : inputs) text += " \\\n  " + depfile_path(input);
  return text + "\n";
}

}  // namespace confwl::cli
