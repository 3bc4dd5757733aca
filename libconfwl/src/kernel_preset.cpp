#include "confwl/kernel_preset.h"

#include <yaml-cpp/yaml.h>

#include "confwl/linux_syscalls.h"

namespace confwl {
namespace {

Error preset_error(std::string_view file_name, const YAML::Mark& mark, std::string_view field, std::string_view what) {
  const int line = mark.is_null() ? 1 : mark.line + 1;
  const int column = mark.is_null() ? 1 : mark.column + 1;
  return Error{std::string(file_name) + ':' + std::to_string(line) + ':' + std::to_string(column) + ": " +
               std::string(field) + ": " + std::string(what)};
}

Result<std::string> scalar(std::string_view file_name, const YAML::Node& node, std::string_view field) {
  if (!node || !node.IsScalar()) return preset_error(file_name, node ? node.Mark() : YAML::Mark::null_mark(), field, "expected a string");
  return node.Scalar();
}

}  // namespace

Result<KernelPreset> parse_kernel_preset(std::string_view yaml_text, std::string_view file_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& error) {
    return preset_error(file_name, error.mark, "YAML syntax", error.msg);
  }
  if (!root.IsMap()) return preset_error(file_name, root.Mark(), "preset", "expected a map with name and syscalls");
  KernelPreset preset;
  Result<std::string> name = scalar(file_name, root["name"], "name");
  if (!name) return name.error();
  preset.name = std::move(*name);
  if (root["description"]) {
    Result<std::string> description = scalar(file_name, root["description"], "description");
    if (!description) return description.error();
    preset.description = std::move(*description);
  }
  const YAML::Node syscalls = root["syscalls"];
  if (!syscalls || !syscalls.IsSequence())
    return preset_error(file_name, syscalls ? syscalls.Mark() : root.Mark(), "syscalls", "expected a list of syscall names");
  for (size_t index = 0; index < syscalls.size(); ++index) {
    const std::string field = "syscalls[" + std::to_string(index) + "]";
    Result<std::string> syscall = scalar(file_name, syscalls[index], field);
    if (!syscall) return syscall.error();
    if (!find_syscall(*syscall)) return preset_error(file_name, syscalls[index].Mark(), field, unknown_syscall_message(*syscall));
    preset.syscalls.push_back(std::move(*syscall));
  }
  return preset;
}

Result<SyscallAllowlist> workload_allowlist(const KernelPreset& preset, const WorkloadManifest& manifest) {
  SyscallAllowlist allowlist;
  auto set = [&](const std::string& name, bool allowed) -> std::optional<Error> {
    const LinuxSyscall* syscall = find_syscall(name);
    if (!syscall) return Error{unknown_syscall_message(name)};
    if (syscall->number >= allowlist.size())
      return Error{"syscall " + name + " (" + std::to_string(syscall->number) + ") is beyond the allowlist's " +
                   std::to_string(allowlist.size()) + " entries"};
    allowlist.set(syscall->number, allowed);
    return std::nullopt;
  };
  for (const std::string& name : preset.syscalls)
    if (auto error = set(name, true)) return Error{"kernel preset " + preset.name + ": " + error->message};
  for (const std::string& name : manifest.syscalls_allow)
    if (auto error = set(name, true)) return Error{"kernel.syscalls.allow: " + error->message};
  for (const std::string& name : manifest.syscalls_deny)
    if (auto error = set(name, false)) return Error{"kernel.syscalls.deny: " + error->message};
  return allowlist;
}

}  // namespace confwl
