#include "confwl/manifest.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <optional>
#include <sstream>
#include <vector>

#include "confwl/size.h"
#include "confwl/utf8.h"
#include "manifest_parser.h"
#include "confwl/spelling.h"

namespace confwl {
namespace {

constexpr std::array<std::string_view, 9> kTopLevelKeys{"name",   "args",      "env",     "runtime_args", "files",
                                                        "resources", "storage", "kernel", "sev_snp"};
constexpr std::array<std::string_view, 1> kResourcesKeys{"memory"};
constexpr std::array<std::string_view, 3> kKernelKeys{"preset", "syscalls", "on_denied"};
constexpr size_t kMaxNameLength = 63;
constexpr uint64_t kMemoryGranule = 1ull << 20;  // QEMU and the hypervisors size RAM in MiB

bool is_name_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// Notes where each YAML document starts, and nothing else.
class DocumentStarts final : public YAML::EventHandler {
 public:
  const std::vector<YAML::Mark>& marks() const { return marks_; }

  void OnDocumentStart(const YAML::Mark& mark) override { marks_.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  std::vector<YAML::Mark> marks_;
};

// Where a second YAML document starts, if there is one: YAML::Load reads the first document and
// silently ignores the rest, even a broken one. A syntax error in the first document is thrown.
std::optional<YAML::Mark> second_document(const std::string& text) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts starts;
  try {
    while (starts.marks().size() < 2 && parser.HandleNextDocument(starts)) {
    }
  } catch (const YAML::Exception&) {
    if (starts.marks().size() < 2) throw;
  }
  if (starts.marks().size() < 2) return std::nullopt;
  return starts.marks()[1];
}

}  // namespace

namespace detail {

std::string join(std::span<const std::string_view> words) {
  std::string joined;
  for (std::string_view word : words) {
    if (!joined.empty()) joined += ", ";
    joined += word;
  }
  return joined;
}

// How an unexpected node reads in "expected X, got Y".
std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      constexpr size_t kShown = 40;
      const std::string& text = node.Scalar();
      return '"' + (text.size() > kShown ? text.substr(0, kShown) + "..." : text) + '"';
    }
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    default: return "nothing";
  }
}

std::string position(std::string_view file_name, const YAML::Mark& mark) {
  // An empty document has no mark; its only position is the start of the file.
  const int line = mark.is_null() ? 1 : mark.line + 1;
  const int column = mark.is_null() ? 1 : mark.column + 1;
  return std::string(file_name) + ':' + std::to_string(line) + ':' + std::to_string(column);
}

std::string ManifestParser::position(const YAML::Mark& mark) const { return detail::position(file_name_, mark); }

Error ManifestParser::error_at(const YAML::Mark& mark, std::string_view field,
                               std::string_view what) const {
  return Error{position(mark) + ": " + std::string(field) + ": " + std::string(what)};
}

std::optional<Error> ManifestParser::check_keys(const YAML::Node& map, std::string_view prefix,
                                                std::span<const std::string_view> allowed) const {
  std::vector<std::pair<std::string, YAML::Mark>> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) return expected(key, prefix.empty() ? "manifest" : prefix, "a key name");
    const std::string field = prefix.empty() ? key.Scalar() : std::string(prefix) + '.' + key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key.Scalar()) == allowed.end()) {
      std::optional<std::string_view> guess = closest_match(key.Scalar(), allowed);
      return error_at(key, field,
                      guess ? "unknown key; did you mean '" + std::string(*guess) + "'?"
                            : "unknown key; expected one of: " + join(allowed));
    }
    auto previous = std::find_if(seen.begin(), seen.end(),
                                 [&](const auto& item) { return item.first == key.Scalar(); });
    if (previous != seen.end())
      return error_at(key, field, "duplicate key; expected it once (first at line " +
                                      std::to_string(previous->second.line + 1) + ")");
    seen.emplace_back(key.Scalar(), key.Mark());
  }
  return std::nullopt;
}

// Sealed strings reach the guest NUL-terminated, so an embedded NUL would silently cut them. The
// JSON sidecar records them as UTF-8, so other bytes would be recorded as U+FFFD, not as sealed.
Result<std::string> ManifestParser::string_value(const YAML::Node& node,
                                                 std::string_view field) const {
  if (!node.IsScalar()) return expected(node, field, "a string");
  if (node.Scalar().find('\0') != std::string::npos)
    return error_at(node, field, "expected a string without NUL characters");
  if (!is_utf8(node.Scalar())) return error_at(node, field, "expected UTF-8 text");
  return node.Scalar();
}

std::optional<Error> ManifestParser::parse_name(const YAML::Node& root,
                                                WorkloadManifest& manifest) const {
  static const std::string kExpected =
      "1 to " + std::to_string(kMaxNameLength) + " characters from [A-Za-z0-9._-]";
  const YAML::Node node = root["name"];
  if (!node) return error_at(root, "name", "missing; expected the workload's name, " + kExpected);
  if (!node.IsScalar()) return expected(node, "name", kExpected);
  const std::string& name = node.Scalar();
  if (name.empty() || name.size() > kMaxNameLength ||
      !std::all_of(name.begin(), name.end(), is_name_character))
    return expected(node, "name", kExpected);
  manifest.name = name;
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_args(const YAML::Node& node,
                                                WorkloadManifest& manifest) const {
  if (!node.IsSequence()) return expected(node, "args", "a list of strings");
  for (size_t index = 0; index < node.size(); ++index) {
    Result<std::string> arg = string_value(node[index], "args[" + std::to_string(index) + "]");
    if (!arg) return arg.error();
    manifest.args.push_back(std::move(*arg));
  }
  return std::nullopt;
}

std::optional<Error> ManifestParser::add_env(const YAML::Node& where, std::string field,
                                             std::string key, std::string value,
                                             WorkloadManifest& manifest) const {
  if (key.empty() || key.find('=') != std::string::npos)
    return error_at(where, field, "expected a variable name that is not empty and has no '='");
  auto duplicate = std::find_if(manifest.env.begin(), manifest.env.end(),
                                [&](const auto& variable) { return variable.first == key; });
  if (duplicate != manifest.env.end())
    return error_at(where, field, "duplicate variable " + key + "; expected each name once");
  manifest.env.emplace_back(std::move(key), std::move(value));
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_env(const YAML::Node& node,
                                               WorkloadManifest& manifest) const {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      Result<std::string> key = string_value(entry.first, "env");
      if (!key) return key.error();
      const std::string field = "env." + *key;
      Result<std::string> value = string_value(entry.second, field);
      if (!value) return value.error();
      if (auto error = add_env(entry.first, field, std::move(*key), std::move(*value), manifest))
        return error;
    }
    return std::nullopt;
  }
  if (!node.IsSequence())
    return expected(node, "env", "a map of NAME: value or a list of \"NAME=value\" strings");
  for (size_t index = 0; index < node.size(); ++index) {
    const std::string field = "env[" + std::to_string(index) + "]";
    Result<std::string> item = string_value(node[index], field);
    if (!item) return item.error();
    const size_t equals = item->find('=');
    if (equals == std::string::npos) return expected(node[index], field, "\"NAME=value\"");
    if (auto error = add_env(node[index], field, item->substr(0, equals), item->substr(equals + 1),
                             manifest))
      return error;
  }
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_runtime_args(const YAML::Node& node,
                                                        WorkloadManifest& manifest) const {
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
    return expected(node, "runtime_args", "true or false");
  manifest.runtime_args = value;
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_resources(const YAML::Node& node,
                                                     WorkloadManifest& manifest) const {
  if (!node.IsMap()) return expected(node, "resources", "a map with 'memory'");
  if (auto error = check_keys(node, "resources", kResourcesKeys)) return error;
  const YAML::Node memory = node["memory"];
  if (!memory) return std::nullopt;
  if (!memory.IsScalar()) return expected(memory, "resources.memory", kSizeSyntax);
  Result<uint64_t> bytes = parse_size(memory.Scalar());
  if (!bytes) return error_at(memory, "resources.memory", bytes.error().message + ", got " + describe(memory));
  if (*bytes < abi::kMinimumGuestMemory)
    return expected(memory, "resources.memory", "at least " + format_size(abi::kMinimumGuestMemory));
  if (*bytes > abi::kMaximumGuestMemory)
    return expected(memory, "resources.memory", "at most " + format_size(abi::kMaximumGuestMemory));
  if (*bytes % kMemoryGranule != 0)
    return expected(memory, "resources.memory", "a whole number of MiB");
  manifest.memory_bytes = *bytes;
  return std::nullopt;
}

std::optional<Error> ManifestParser::parse_kernel(const YAML::Node& node,
                                                  WorkloadManifest& manifest) const {
  if (!node.IsMap()) return expected(node, "kernel", "a map with 'preset', 'syscalls' or 'on_denied'");
  if (auto error = check_keys(node, "kernel", kKernelKeys)) return error;
  if (const YAML::Node syscalls = node["syscalls"]) {
    if (auto error = parse_syscalls(syscalls, manifest)) return error;
  }
  if (const YAML::Node on_denied = node["on_denied"]) {
    if (auto error = parse_on_denied(on_denied, manifest)) return error;
  }
  const YAML::Node preset = node["preset"];
  if (!preset) return std::nullopt;
  // The preset names a file in the kernel directory: no separators, no leading dot.
  static constexpr std::string_view kPresetSyntax = "a preset name from [A-Za-z0-9_-]";
  if (!preset.IsScalar() || preset.Scalar().empty() ||
      !std::all_of(preset.Scalar().begin(), preset.Scalar().end(),
                   [](char c) { return is_name_character(c) && c != '.'; }))
    return expected(preset, "kernel.preset", kPresetSyntax);
  if (!known_presets_.empty() &&
      std::find(known_presets_.begin(), known_presets_.end(), preset.Scalar()) == known_presets_.end()) {
    std::vector<std::string_view> names(known_presets_.begin(), known_presets_.end());
    std::optional<std::string_view> guess = closest_match(preset.Scalar(), names);
    std::string what = "expected one of: " + join(names) + "; got " + describe(preset);
    if (guess) what += " (did you mean '" + std::string(*guess) + "'?)";
    return error_at(preset, "kernel.preset", what);
  }
  manifest.kernel_preset = preset.Scalar();
  return std::nullopt;
}

Result<WorkloadManifest> ManifestParser::parse(const YAML::Node& root) {
  if (!root.IsMap()) return expected(root, "manifest", "a map with at least 'name'");
  if (auto error = check_keys(root, "", kTopLevelKeys)) return *error;
  WorkloadManifest manifest;
  if (auto error = parse_name(root, manifest)) return *error;
  if (const YAML::Node args = root["args"]) {
    if (auto error = parse_args(args, manifest)) return *error;
  }
  if (const YAML::Node env = root["env"]) {
    if (auto error = parse_env(env, manifest)) return *error;
  }
  if (const YAML::Node runtime_args = root["runtime_args"]) {
    if (auto error = parse_runtime_args(runtime_args, manifest)) return *error;
  }
  if (const YAML::Node resources = root["resources"]) {
    if (auto error = parse_resources(resources, manifest)) return *error;
  }
  if (const YAML::Node kernel = root["kernel"]) {
    if (auto error = parse_kernel(kernel, manifest)) return *error;
  }
  if (const YAML::Node files = root["files"]) {
    if (auto error = parse_files(files, manifest)) return *error;
  }
  if (const YAML::Node storage = root["storage"]) {  // after resources: /tmp must fit in memory
    if (auto error = parse_storage(storage, manifest)) return *error;
  }
  if (const YAML::Node sev_snp = root["sev_snp"]) {
    if (auto error = parse_sev_snp(sev_snp, manifest)) return *error;
  }
  return manifest;
}

}  // namespace detail

Result<WorkloadManifest> parse_manifest(std::string_view yaml_text, std::string_view file_name,
                                        std::span<const std::string> known_presets) {
  const std::string text(yaml_text);
  YAML::Node root;
  try {
    if (std::optional<YAML::Mark> second = second_document(text))
      return Error{detail::position(file_name, *second) + ": manifest: expected one YAML document, got a second one"};
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    return Error{detail::position(file_name, error.mark) + ": YAML syntax: " + error.msg};
  }
  return detail::ManifestParser(file_name, known_presets).parse(root);
}

}  // namespace confwl
