// The manifest's attack-surface settings: kernel.syscalls (changes to the preset's allowlist) and
// kernel.on_denied (what a denied syscall does).
#include <algorithm>
#include <array>

#include "confwl/linux_syscalls.h"
#include "manifest_parser.h"

namespace confwl::detail {
namespace {

constexpr std::array<std::string_view, 2> kSyscallsKeys{"allow", "deny"};

}  // namespace

Result<std::vector<std::string>> ManifestParser::syscall_names(const YAML::Node& node,
                                                               std::string_view field) const {
  if (!node.IsSequence()) return expected(node, field, "a list of Linux x86-64 syscall names");
  std::vector<std::string> names;
  for (size_t index = 0; index < node.size(); ++index) {
    const std::string item_field = std::string(field) + '[' + std::to_string(index) + ']';
    Result<std::string> name = string_value(node[index], item_field);
    if (!name) return name.error();
    if (!find_syscall(*name)) return error_at(node[index], item_field, unknown_syscall_message(*name));
    if (std::find(names.begin(), names.end(), *name) != names.end())
      return error_at(node[index], item_field, "duplicate syscall '" + *name + "'; expected each name once");
    names.push_back(std::move(*name));
  }
  return names;
}

std::optional<Error> ManifestParser::parse_syscalls(const YAML::Node& node, WorkloadManifest& manifest) const {
  if (!node.IsMap())
    return expected(node, "kernel.syscalls", "a map with 'allow' and/or 'deny' lists of syscall names");
  if (auto error = check_keys(node, "kernel.syscalls", kSyscallsKeys)) return error;
  if (const YAML::Node allow = node["allow"]) {
    Result<std::vector<std::string>> names = syscall_names(allow, "kernel.syscalls.allow");
    if (!names) return names.error();
    manifest.syscalls_allow = std::move(*names);
  }
  if (const YAML::Node deny = node["deny"]) {
    Result<std::vector<std::string>> names = syscall_names(deny, "kernel.syscalls.deny");
    if (!names) return names.error();
    for (size_t index = 0; index < names->size(); ++index)
      if (std::find(manifest.syscalls_allow.begin(), manifest.syscalls_allow.end(), (*names)[index]) !=
          manifest.syscalls_allow.end())
        return error_at(deny[index], "kernel.syscalls.deny[" + std::to_string(index) + "]",
                        "'" + (*names)[index] + "' is also in kernel.syscalls.allow; expected it in one list");
    manifest.syscalls_deny = std::move(*names);
  }
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_on_denied(const YAML::Node& node, WorkloadManifest& manifest) const {
  if (node.IsScalar() && node.Scalar() == "enosys") {
    manifest.on_denied = abi::SyscallPolicy::kDeny;
  } else if (node.IsScalar() && node.Scalar() == "kill") {
    manifest.on_denied = abi::SyscallPolicy::kKill;
  } else {
    return expected(node, "kernel.on_denied", "enosys or kill");
  }
  return std::nullopt;
}

}  // namespace confwl::detail
