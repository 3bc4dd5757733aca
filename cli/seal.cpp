// `confwl seal`: manifest + workload ELF + kernel preset -> NAME.confwl and NAME.confwl.json,
// both written atomically, and neither left behind when anything fails.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.h"
#include "confwl/atomic_file.h"
#include "confwl/manifest.h"
#include "confwl/igvm/id_block.h"
#include "confwl/igvm/image_igvm.h"
#include "confwl/measure/image_launch.h"
#include "confwl/seal_manifest_json.h"
#include "confwl/sealed_image.h"
#include "confwl/workload_elf.h"
#include "seal_id_block.h"
#include "seal_inputs.h"

namespace confwl::cli {
namespace {

namespace fs = std::filesystem;

struct SealOptions {
  std::string manifest;
  std::string workload;
  std::string output;
  std::string kernel_dir;
  std::vector<std::string> files;  // --file GUEST=HOST
  std::string depfile;
  std::string id_key;      // --id-key: sign an SEV-SNP ID block
  std::string author_key;  // --author-key: sign the ID key
};

template <typename T>
T take(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(*result);
}

// Kernels live in <prefix>/share/confwl/kernel next to <prefix>/bin/confwl, in the build tree
// and in an installed prefix alike.
fs::path default_kernel_dir() {
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error) throw std::runtime_error("cannot locate the confwl executable: " + error.message());
  return executable.parent_path().parent_path() / "share" / "confwl" / "kernel";
}

// The presets the manifest may name: <preset>.elf files in the kernel directory, sorted.
std::vector<std::string> available_presets(const fs::path& kernel_dir) {
  std::vector<std::string> presets;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(kernel_dir, error))
    if (entry.path().extension() == ".elf") presets.push_back(entry.path().stem().string());
  std::sort(presets.begin(), presets.end());
  return presets;
}

// NAME.confwl -> NAME.igvm (any other name: NAME.igvm appended).
fs::path igvm_path_for(const fs::path& image_path) {
  fs::path path = image_path;
  if (path.extension() == ".confwl") return path.replace_extension(".igvm");
  return fs::path(image_path.string() + ".igvm");
}

std::span<const std::byte> as_bytes(const std::string& text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

struct Output {
  fs::path path;
  std::span<const std::byte> bytes;
};

// Every output is written to a temporary file before any is renamed into place, so that failing to
// write one (a full disk, a bad --depfile) leaves no new output behind; a failed rename removes the
// outputs renamed before it, since a lone image without its IGVM file or manifest is half an output.
void write_outputs(std::span<const Output> outputs) {
  std::vector<PendingFile> pending;
  for (const Output& output : outputs) pending.push_back(take(PendingFile::write(output.path, output.bytes)));
  for (size_t index = 0; index < pending.size(); ++index) {
    if (Status committed = pending[index].commit(); !committed) {
      std::error_code ignored;
      for (size_t renamed = 0; renamed < index; ++renamed) fs::remove(outputs[renamed].path, ignored);
      throw std::runtime_error(committed.error().message);
    }
  }
}

// `--output hello` next to a workload called hello would replace the program with its image (the
// inputs are read before anything is written, so the seal itself would succeed), as would any
// output path that names an input; gcc and ld refuse this too. Two outputs on one path (`--depfile`
// naming the image) would leave only the last one written.
void check_output_paths(std::span<const Output> outputs, std::span<const fs::path> inputs) {
  for (size_t index = 0; index < outputs.size(); ++index) {
    const fs::path& path = outputs[index].path;
    for (const fs::path& input : inputs) {
      std::error_code error;
      if (fs::equivalent(path, input, error))
        throw std::runtime_error(path.string() + " is also an input of this seal (" + input.string() +
                                 "); refusing to overwrite it");
    }
    for (size_t other = 0; other < index; ++other) {
      if (fs::weakly_canonical(path) == fs::weakly_canonical(outputs[other].path))
        throw std::runtime_error(path.string() + " is also where " + outputs[other].path.string() +
                                 " goes; expected a separate path for each output");
    }
  }
}

int seal(const SealOptions& options) {
  const fs::path kernel_dir = options.kernel_dir.empty() ? default_kernel_dir() : fs::path(options.kernel_dir);
  const std::vector<std::string> presets = available_presets(kernel_dir);
  const std::vector<std::byte> manifest_bytes = take(read_file(options.manifest));
  const std::string manifest_text(reinterpret_cast<const char*>(manifest_bytes.data()), manifest_bytes.size());
  const WorkloadManifest manifest = take(parse_manifest(manifest_text, options.manifest, presets));
  const std::optional<IdBlockKeys> id_block_keys = load_id_block_keys(options.id_key, options.author_key);

  const std::vector<std::byte> workload = take(read_file(options.workload));
  take(check_workload_elf(workload, options.workload));

  const fs::path kernel_path = kernel_dir / (manifest.kernel_preset + ".elf");
  if (!fs::exists(kernel_path))
    throw std::runtime_error("kernel preset '" + manifest.kernel_preset + "' not found: " +
                             kernel_path.string() + " does not exist (use --kernel-dir DIR)");
  const std::vector<std::byte> kernel = take(read_file(kernel_path));
  const fs::path preset_path = kernel_dir / (manifest.kernel_preset + ".yaml");
  std::vector<fs::path> inputs{options.manifest, options.workload, kernel_path, preset_path};
  const KernelPreset preset = read_kernel_preset(preset_path);
  const std::vector<SealedFile> files = read_sealed_files(manifest, options.manifest, options.files, inputs);
  const std::vector<std::byte> archive = files.empty() ? std::vector<std::byte>{} : take(build_sealed_files_archive(files));
  const SealAdditions additions{take(workload_allowlist(preset, manifest)), archive};
  Result<SealOutput> sealed = seal_image(kernel, manifest, workload, additions);
  if (!sealed)
    throw std::runtime_error("cannot seal " + manifest.name + " with kernel " + kernel_path.string() +
                             ": " + sealed.error().message);

  // The launch the manifest records is NAME.igvm's: its measurements are those of the file.
  measure::SnpImageLaunch snp_launch = take(measure::default_snp_image_launch());
  snp_launch.policy = manifest.sev_snp.policy;
  const igvm::SealedIgvm launch = take(igvm::seal_igvm(sealed->bytes, snp_launch));
  const std::optional<snp_id::SignedIdBlock> id_block =
      seal_id_block(id_block_keys, manifest.sev_snp, launch.measurements.snp_launch_digest);
  if (id_block_keys) inputs.insert(inputs.end(), id_block_keys->files.begin(), id_block_keys->files.end());
  const std::string json = seal_manifest_json(manifest, sealed->image, CONFWL_VERSION, &launch.measurements,
                                              id_block ? &*id_block : nullptr, sealed->kernel_subsystems);
  // A signed launch: NAME.igvm also carries the ID block (which does not change the digests).
  const igvm::Bytes igvm_file =
      id_block ? take(igvm::write_igvm(take(igvm::image_igvm(sealed->bytes, snp_launch, igvm::igvm_id_block(*id_block)))))
               : launch.file;
  const fs::path image_path = options.output;
  const fs::path igvm_path = igvm_path_for(image_path);
  std::vector<Output> outputs{
      {image_path, sealed->bytes}, {igvm_path, igvm_file}, {options.output + ".json", as_bytes(json)}};
  const std::string depfile = options.depfile.empty() ? "" : depfile_text(image_path, inputs);
  if (!options.depfile.empty()) outputs.push_back({options.depfile, as_bytes(depfile)});
  check_output_paths(outputs, inputs);
  write_outputs(outputs);
  std::printf("sealed %s (%llu bytes, sha384 %s) and %s\n", image_path.c_str(),
              static_cast<unsigned long long>(sealed->bytes.size()), to_hex(sealed->image.image_sha384).c_str(),
              igvm_path.c_str());
  return 0;
}

}  // namespace

void attach_seal(CLI::App& app, int& exit_code) {
  static SealOptions options;
  CLI::App* command = app.add_subcommand("seal", "Seal a static workload ELF and its manifest with a kernel into NAME.confwl");
  command->add_option("--manifest", options.manifest, "Workload manifest (YAML)")->required();
  command->add_option("--workload", options.workload, "Static x86-64 ELF of the workload")->required();
  command->add_option("--output", options.output, "Image to write (NAME.confwl; NAME.confwl.json and NAME.igvm go next to it)")->required();
  command->add_option("--kernel-dir", options.kernel_dir,
                      "Directory holding <preset>.elf kernels (default: <confwl dir>/../share/confwl/kernel)");
  command->add_option("--file", options.files,
                      "Seal a host file read-only at a guest path, GUEST=HOST (repeatable; adds to the manifest's files:)");
  command->add_option("--depfile", options.depfile, "Write the inputs read, as a Makefile depfile for build systems");
  command->add_option("--id-key", options.id_key,
                      "Sign an SEV-SNP ID block over the launch digest with this ECDSA P-384 key (PEM; `confwl keygen`)");
  command->add_option("--author-key", options.author_key, "Also sign the ID key with this ECDSA P-384 author key (PEM)");
  command->callback([&exit_code] { exit_code = seal(options); });
}

}  // namespace confwl::cli
