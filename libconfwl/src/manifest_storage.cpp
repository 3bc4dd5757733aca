// The manifest's storage sections: files: (sealed read-only files) and storage.tmp (RAM /tmp).
#include <algorithm>
#include <array>

#include "confwl/abi/guest_layout.h"
#include "confwl/sealed_files.h"
#include "confwl/size.h"
#include "manifest_parser.h"

namespace confwl::detail {
namespace {

constexpr std::array<std::string_view, 2> kFileEntryKeys{"path", "source"};
constexpr std::array<std::string_view, 1> kStorageKeys{"tmp"};
constexpr std::string_view kFilesSyntax =
    "a map of guest path: host path, or a list of {path: guest path, source: host path}";

}  // namespace

std::optional<Error> ManifestParser::add_file(const YAML::Node& where, const std::string& field,
                                              const YAML::Node& guest, const YAML::Node& source,
                                              WorkloadManifest& manifest) const {
  Result<std::string> guest_path = string_value(guest, field);
  if (!guest_path) return guest_path.error();
  if (auto problem = sealed_file_path_problem(*guest_path)) return error_at(guest, field, *problem);
  Result<std::string> host_path = string_value(source, field + ".source");
  if (!host_path) return host_path.error();
  if (host_path->empty())
    return error_at(source, field + ".source", "expected the host file's path (relative to the manifest), got \"\"");
  auto duplicate = std::find_if(manifest.files.begin(), manifest.files.end(),
                                [&](const SealedFileSpec& file) { return file.guest_path == *guest_path; });
  if (duplicate != manifest.files.end())
    return error_at(guest, field, "duplicate guest path " + *guest_path + "; expected each path once (first at " +
                                      duplicate->origin.substr(0, duplicate->origin.find(": ")) + ")");
  manifest.files.push_back({std::move(*guest_path), std::move(*host_path), position(where.Mark()) + ": " + field});
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_files(const YAML::Node& node, WorkloadManifest& manifest) const {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      const std::string field = "files." + (entry.first.IsScalar() ? entry.first.Scalar() : std::string("?"));
      if (auto error = add_file(entry.first, field, entry.first, entry.second, manifest)) return error;
    }
    return std::nullopt;
  }
  if (!node.IsSequence()) return expected(node, "files", kFilesSyntax);
  for (size_t index = 0; index < node.size(); ++index) {
    const YAML::Node item = node[index];
    const std::string field = "files[" + std::to_string(index) + "]";
    if (!item.IsMap()) return expected(item, field, "a map {path: guest path, source: host path}");
    if (auto error = check_keys(item, field, kFileEntryKeys)) return error;
    if (!item["path"]) return error_at(item, field + ".path", "missing; expected the guest path, e.g. /etc/app.conf");
    if (!item["source"]) return error_at(item, field + ".source", "missing; expected the host file's path");
    if (auto error = add_file(item, field + ".path", item["path"], item["source"], manifest)) return error;
  }
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_storage(const YAML::Node& node, WorkloadManifest& manifest) const {
  if (!node.IsMap()) return expected(node, "storage", "a map with 'tmp'");
  if (auto error = check_keys(node, "storage", kStorageKeys)) return error;
  const YAML::Node tmp = node["tmp"];
  if (!tmp) return std::nullopt;
  if (!tmp.IsScalar()) return expected(tmp, "storage.tmp", kSizeSyntax);
  Result<uint64_t> bytes = parse_size(tmp.Scalar());
  if (!bytes) return error_at(tmp, "storage.tmp", bytes.error().message + ", got " + describe(tmp));
  if (*bytes < abi::kPageSize || *bytes % abi::kPageSize != 0)
    return expected(tmp, "storage.tmp", "a whole number of 4K pages, at least 4K");
  if (*bytes >= manifest.memory_bytes)
    return expected(tmp, "storage.tmp", "less than resources.memory (" + format_size(manifest.memory_bytes) + ")");
  manifest.tmp_bytes = *bytes;
  return std::nullopt;
}

}  // namespace confwl::detail
