// `confwl run IMAGE [-- ARGS]`: boots a sealed image and exits with the workload's status, 124 on
// timeout, 125 when confwl cannot run the image. The image file is read once; those very bytes
// are checked here and booted by the engine.
#include <confwl/abi/boot_config.h>
#include <confwl/abi/guest_layout.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "confwl/atomic_file.h"
#include "confwl/hex.h"
#include "confwl/sealed_image.h"
#include "confwl/size.h"
#include "confwl/snp_id/id_block_record.h"
#include "confwl/vmm/supervisor.h"

namespace confwl::cli {
namespace {

static_assert(vmm::kRunTimedOut == kExitRunTimeout, "the supervisor's timeout status is confwl's");

struct RunOptions {
  std::string image;
  std::optional<double> timeout_seconds;
  std::optional<std::string> memory;
  std::string engine = "auto";
  bool verbose = false;
  std::optional<std::string> qemu;
  std::vector<std::string> args;
};

Result<uint64_t> guest_memory(const RunOptions& options, const SealedImage& image) {
  if (!options.memory) return image.boot_config.memory_size;
  Result<uint64_t> bytes = parse_size(*options.memory);
  if (!bytes) return Error{"--memory " + *options.memory + ": " + bytes.error().message};
  if (*bytes < abi::kMinimumGuestMemory || *bytes > abi::kMaximumGuestMemory)
    return Error{"--memory " + *options.memory + ": expected between " +
                 format_size(abi::kMinimumGuestMemory) + " and " + format_size(abi::kMaximumGuestMemory)};
  return *bytes;
}

// The SEV-SNP ID block `confwl seal --id-key` recorded in IMAGE.json, which the host hands to
// the (simulated) PSP with the launch, as QEMU's id-block/id-auth; none without that file or key.
Result<std::optional<snp_id::IdBlockRecord>> image_id_block(const std::string& image_path) {
  const std::string json_path = image_path + ".json";
  std::error_code error;
  if (!std::filesystem::exists(json_path, error)) return std::optional<snp_id::IdBlockRecord>();
  Result<std::vector<std::byte>> json = read_file(json_path);
  if (!json) return json.error();
  return snp_id::read_id_block_record(*json, json_path);
}

// CLI::PositiveNumber let NaN through, and a timeout beyond what std::chrono's nanoseconds hold
// (about 9.2e9 s) overflowed into a deadline in the past: either killed the guest at once.
std::string check_timeout(const std::string& text) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error == std::errc() && end == text.data() + text.size() && seconds > 0 && seconds <= vmm::kMaxTimeoutSeconds)
    return "";
  return "expected a number of seconds greater than 0 and at most " + std::to_string(vmm::kMaxTimeoutSeconds) +
         ", got " + text;
}

// Everything that can be refused before booting, then the run itself.
Result<int> run(const RunOptions& options) {
  Result<std::vector<std::byte>> bytes = read_file(options.image);
  if (!bytes) return bytes.error();
  // The run uses none of the parser's digests (the simulated PSP measures these bytes itself):
  // starting OpenSSL and hashing here would only delay the guest's start (bench/README.md).
  Result<SealedImage> image = parse_sealed_image(*bytes, Digests::kSkip);
  if (!image) return Error{options.image + ": " + image.error().message};
  const BootConfig& boot_config = image->boot_config;
  if (!options.args.empty() && !boot_config.runtime_args)
    return Error{options.image + " does not take runtime arguments (its manifest has runtime_args: "
                 "false), but `-- ARGS` gave " + std::to_string(options.args.size())};
  if (boot_config.argv.size() + options.args.size() > abi::kBootConfigMaxArgs)
    return Error{"too many arguments: the image has " + std::to_string(boot_config.argv.size()) +
                 " and the guest takes at most " + std::to_string(abi::kBootConfigMaxArgs)};
  Result<uint64_t> memory = guest_memory(options, *image);
  if (!memory) return memory.error();
  Result<std::optional<snp_id::IdBlockRecord>> id_block = image_id_block(options.image);
  if (!id_block) return id_block.error();

  vmm::GuestRunOptions run_options;
  run_options.qemu = options.qemu;
  run_options.memory_bytes = *memory;
  run_options.timeout_seconds = options.timeout_seconds;
  run_options.verbose = options.verbose;
  run_options.hostcall.runtime_args_allowed = boot_config.runtime_args;
  run_options.hostcall.runtime_args = options.args;
  run_options.id_block = std::move(*id_block);
  run_options.engine = options.engine == "kvm"    ? vmm::Engine::kKvm
                       : options.engine == "qemu" ? vmm::Engine::kQemu
                                                  : vmm::Engine::kAuto;  // resolved by run_guest
  if (options.verbose)
    std::fprintf(stderr, "confwl: image %s sha384 %s, engine %s, memory %s\n", options.image.c_str(),
                 to_hex(sha384(*bytes)).c_str(), vmm::engine_name(run_options.engine),
                 format_size(*memory).c_str());
  return vmm::run_guest(*bytes, run_options);
}

}  // namespace

void attach_run(CLI::App& app, int& exit_code) {
  static RunOptions options;
  CLI::App* command = app.add_subcommand("run", "Boot a sealed image and exit with the workload's status "
                                                "(124: timed out, 125: could not run it)");
  command->add_option("IMAGE", options.image, "Sealed image (NAME.confwl)")->required();
  command->add_option("--timeout", options.timeout_seconds,
                      "Kill the guest after SECONDS, at most " + std::to_string(vmm::kMaxTimeoutSeconds) + " (exit 124)")
      ->check(CLI::Validator(check_timeout, "SECONDS"));
  command->add_option("--memory", options.memory, "Guest RAM, e.g. 128M (default: the manifest's)");
  command->add_option("--engine", options.engine, "Engine: kvm, qemu, or auto (kvm when /dev/kvm is usable, else qemu)")
      ->check(CLI::IsMember({"kvm", "qemu", "auto"}));
  command->add_flag("--verbose", options.verbose, "Print the QEMU command line, its stderr and ENOSYS counts");
  command->add_option("--qemu", options.qemu, "qemu-system-x86_64 to use (default: $CONFWL_QEMU, then $PATH)");
  command->add_option("ARGS", options.args, "Runtime arguments after `--` (if the image allows them)");
  command->callback([&exit_code] {
    const Result<int> status = run(options);
    if (status) {
      exit_code = *status;
      return;
    }
    std::fprintf(stderr, "confwl: %s\n", status.error().message.c_str());
    exit_code = kExitRunError;
  });
}

}  // namespace confwl::cli
