// The manifest parser's internals, shared by the files that parse its sections: manifest.cpp
// (name, args, env, runtime_args, resources, kernel.preset), manifest_storage.cpp (files,
// storage) and manifest_syscalls.cpp (kernel.syscalls, kernel.on_denied)
// and manifest_sev_snp.cpp (sev_snp).
#pragma once
#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "confwl/manifest.h"

namespace confwl::detail {

std::string join(std::span<const std::string_view> words);

// How an unexpected node reads in "expected X, got Y".
std::string describe(const YAML::Node& node);

// "FILE:LINE:COLUMN", 1-based.
std::string position(std::string_view file_name, const YAML::Mark& mark);

class ManifestParser {
 public:
  ManifestParser(std::string_view file_name, std::span<const std::string> known_presets)
      : file_name_(file_name), known_presets_(known_presets) {}

  Result<WorkloadManifest> parse(const YAML::Node& root);

 private:
  std::string position(const YAML::Mark& mark) const;  // "FILE:LINE:COLUMN", 1-based
  Error error_at(const YAML::Mark& mark, std::string_view field, std::string_view what) const;
  Error error_at(const YAML::Node& node, std::string_view field, std::string_view what) const {
    return error_at(node.Mark(), field, what);
  }
  Error expected(const YAML::Node& node, std::string_view field, std::string_view what) const {
    return error_at(node, field, "expected " + std::string(what) + ", got " + describe(node));
  }
  std::optional<Error> check_keys(const YAML::Node& map, std::string_view prefix,
                                  std::span<const std::string_view> allowed) const;
  Result<std::string> string_value(const YAML::Node& node, std::string_view field) const;
  std::optional<Error> parse_name(const YAML::Node& root, WorkloadManifest& manifest) const;
  std::optional<Error> parse_args(const YAML::Node& node, WorkloadManifest& manifest) const;
  std::optional<Error> parse_env(const YAML::Node& node, WorkloadManifest& manifest) const;
  std::optional<Error> add_env(const YAML::Node& where, std::string field, std::string key,
                               std::string value, WorkloadManifest& manifest) const;
  std::optional<Error> parse_runtime_args(const YAML::Node& node, WorkloadManifest& manifest) const;
  std::optional<Error> parse_resources(const YAML::Node& node, WorkloadManifest& manifest) const;
  std::optional<Error> parse_kernel(const YAML::Node& node, WorkloadManifest& manifest) const;
  // manifest_storage.cpp
  std::optional<Error> parse_files(const YAML::Node& node, WorkloadManifest& manifest) const;
  std::optional<Error> add_file(const YAML::Node& where, const std::string& field, const YAML::Node& guest,
                                const YAML::Node& source, WorkloadManifest& manifest) const;
  std::optional<Error> parse_storage(const YAML::Node& node, WorkloadManifest& manifest) const;
  // manifest_syscalls.cpp
  std::optional<Error> parse_syscalls(const YAML::Node& node, WorkloadManifest& manifest) const;
  Result<std::vector<std::string>> syscall_names(const YAML::Node& node, std::string_view field) const;
  std::optional<Error> parse_on_denied(const YAML::Node& node, WorkloadManifest& manifest) const;
  // manifest_sev_snp.cpp
  std::optional<Error> parse_sev_snp(const YAML::Node& node, WorkloadManifest& manifest) const;
  Result<uint64_t> number_value(const YAML::Node& node, std::string_view field, uint64_t maximum) const;
  std::optional<Error> parse_snp_id(const YAML::Node& node, std::string_view field, std::array<uint8_t, 16>& id) const;

  std::string_view file_name_;
  std::span<const std::string> known_presets_;
};

}  // namespace confwl::detail
