// What `confwl seal` reads from disk besides the manifest and the workload: the sealed files
// (manifest files: and --file) and the kernel preset's allowlist; and the depfile it writes for the
// build system. Errors are thrown as std::runtime_error with the file and what was expected.
#pragma once
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "confwl/kernel_preset.h"
#include "confwl/manifest.h"
#include "confwl/sealed_files.h"

namespace confwl::cli {

// The manifest's files (host paths relative to the manifest's directory) and the --file
// GUEST=HOST options (host paths relative to the working directory), read whole. Every host path
// read is appended to `inputs`.
std::vector<SealedFile> read_sealed_files(const WorkloadManifest& manifest, const std::filesystem::path& manifest_path,
                                          std::span<const std::string> file_options,
                                          std::vector<std::filesystem::path>& inputs);

// <kernel_dir>/<preset>.yaml, installed next to <preset>.elf.
KernelPreset read_kernel_preset(const std::filesystem::path& yaml_path);

// A Makefile-syntax depfile's text: `target: input...`, for add_custom_command(DEPFILE).
std::string depfile_text(const std::filesystem::path& target, std::span<const std::filesystem::path> inputs);

}  // namespace confwl::cli
