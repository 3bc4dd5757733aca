// `confwl inspect IMAGE [--json]`: what a sealed image holds, read from the image itself. The
// kernel preset is not in the image; it is shown from NAME.confwl.json when that file describes
// exactly this image.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "command.h"
#include "confwl/atomic_file.h"
#include "confwl/seal_manifest_json.h"
#include "confwl/sealed_image.h"
#include "confwl/size.h"
#include "inspect_igvm.h"
#include "inspect_surface.h"

namespace confwl::cli {
namespace {

struct InspectOptions {
  std::string image;
  std::string igvm;
  bool json = false;
};

// Strings in an image, or in the sidecar next to it, are untrusted: control characters are
// escaped, not sent to the terminal. So is every byte above 0x7e, as git quotes paths: UTF-8 has
// C1 controls too (U+009B is CSI to xterm), and the bytes need not be UTF-8 at all.
std::string escaped(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char escape[5];
      std::snprintf(escape, sizeof(escape), "\\x%02x", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string quoted(const std::string& text) { return '"' + escaped(text) + '"'; }

// object[key], or nullptr. The sidecar may have any shape: json::value() with a JSON pointer throws
// when the path crosses an array ("kernel": []).
const nlohmann::json* member(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

// "minimal (subsystems: core, signals)", if NAME.confwl.json describes this very image. That file
// is no more trusted than the image: one of another shape is ignored, and its names are escaped.
std::optional<std::string> kernel_from_sidecar(const std::string& image_path, const SealedImage& image) {
  Result<std::vector<std::byte>> bytes = read_file(image_path + ".json");
  if (!bytes) return std::nullopt;
  const nlohmann::json sidecar = nlohmann::json::parse(
      reinterpret_cast<const char*>(bytes->data()), reinterpret_cast<const char*>(bytes->data() + bytes->size()),
      nullptr, /*allow_exceptions=*/false);
  const nlohmann::json* kernel = member(sidecar, "kernel");
  const nlohmann::json* preset = kernel ? member(*kernel, "preset") : nullptr;
  const nlohmann::json* image_entry = member(sidecar, "image");
  const nlohmann::json* sha384 = image_entry ? member(*image_entry, "sha384") : nullptr;
  if (!preset || !preset->is_string() || !sha384 || *sha384 != to_hex(image.image_sha384)) return std::nullopt;
  std::string text = escaped(preset->get<std::string>());
  const nlohmann::json* subsystems = member(*kernel, "subsystems");
  if (subsystems && subsystems->is_array()) {
    std::string names;
    for (const nlohmann::json& name : *subsystems)
      if (name.is_string()) names += (names.empty() ? "" : ", ") + escaped(name.get<std::string>());
    text += " (subsystems: " + names + ")";
  }
  return text;
}

void print_table(const std::string& path, const SealedImage& image) {
  std::printf("%s: %llu bytes, PVH entry %s\nsha384 %s\n\n", path.c_str(),
              static_cast<unsigned long long>(image.image_size), hex_number(image.pvh_entry).c_str(),
              to_hex(image.image_sha384).c_str());
  std::printf("%-12s %12s %12s %12s  %s\n", "SEGMENT", "ADDRESS", "FILE SIZE", "MEMORY SIZE", "SHA-384");
  for (const SegmentInfo& segment : image.segments)
    std::printf("%-12s %12s %12llu %12llu  %s\n", std::string(segment_role_name(segment.role)).c_str(),
                hex_number(segment.guest_address).c_str(), static_cast<unsigned long long>(segment.file_size),
                static_cast<unsigned long long>(segment.memory_size), to_hex(segment.sha384).c_str());

  const BootConfig& config = image.boot_config;
  std::printf("\nboot config\n  %-14s %s (%llu bytes)\n", "memory", format_size(config.memory_size).c_str(),
              static_cast<unsigned long long>(config.memory_size));
  std::printf("  %-14s %s\n", "runtime args", config.runtime_args ? "allowed" : "not allowed");
  std::string argv;
  for (const std::string& arg : config.argv) argv += (argv.empty() ? "" : " ") + quoted(arg);
  std::printf("  %-14s %s\n", "argv", argv.c_str());
  if (config.envp.empty()) std::printf("  %-14s (none)\n", "env");
  for (size_t index = 0; index < config.envp.size(); ++index)
    std::printf("  %-14s %s\n", index == 0 ? "env" : "", quoted(config.envp[index]).c_str());
  const std::optional<std::string> preset = kernel_from_sidecar(path, image);
  std::printf("  %-14s %s\n", "kernel preset",
              preset ? (*preset + " (from " + path + ".json)").c_str() : "unknown (no matching .json next to the image)");
  print_attack_surface(image);
}

int inspect_igvm(const InspectOptions& options) {
  Result<std::vector<std::byte>> bytes = read_file(options.igvm);
  if (!bytes) throw std::runtime_error(bytes.error().message);
  Result<igvm::File> file = igvm::read_igvm(*bytes);
  if (!file) throw std::runtime_error(options.igvm + ": " + file.error().message);
  if (options.json)
    std::fputs(igvm_json(*file).c_str(), stdout);
  else
    print_igvm_table(options.igvm, bytes->size(), *file);
  return 0;
}

int inspect(const InspectOptions& options) {
  if (options.image.empty() == options.igvm.empty()) throw std::runtime_error("inspect: give either IMAGE or --igvm FILE");
  if (!options.igvm.empty()) return inspect_igvm(options);
  Result<std::vector<std::byte>> bytes = read_file(options.image);
  if (!bytes) throw std::runtime_error(bytes.error().message);
  Result<SealedImage> image = parse_sealed_image(*bytes);
  if (!image) throw std::runtime_error(options.image + ": " + image.error().message);
  if (options.json) {
    std::fputs(sealed_image_json(*image).c_str(), stdout);
  } else {
    print_table(options.image, *image);
  }
  return 0;
}

}  // namespace

void attach_inspect(CLI::App& app, int& exit_code) {
  static InspectOptions options;
  CLI::App* command = app.add_subcommand("inspect", "Show the segments, measurements and boot config of a sealed image");
  command->add_option("IMAGE", options.image, "Sealed image (NAME.confwl)");
  command->add_option("--igvm", options.igvm, "List the directives of an IGVM file (NAME.igvm) instead");
  command->add_flag("--json", options.json, "Print JSON instead of a table");
  command->callback([&exit_code] { exit_code = inspect(options); });
}

}  // namespace confwl::cli
