#include "confwl/kernel_features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "fixture.h"

namespace confwl {
namespace {

namespace abi = confwl::abi;
using test::fixture;

constexpr uint32_t kCoreAndSignals =
    abi::subsystem_bit(abi::KernelSubsystem::kCore) | abi::subsystem_bit(abi::KernelSubsystem::kSignals);

// pvh-kernel.elf's .confwl.features bytes start at its magic (data/README.md).
size_t features_offset(const std::vector<std::byte>& kernel) {
  uint64_t magic = abi::kKernelFeaturesMagic;
  const auto* first = reinterpret_cast<const std::byte*>(&magic);
  auto found = std::search(kernel.begin(), kernel.end(), first, first + sizeof magic);
  EXPECT_NE(found, kernel.end());
  return static_cast<size_t>(found - kernel.begin());
}

std::string read_error(const std::vector<std::byte>& kernel) {
  Result<KernelFeatures> features = read_kernel_features(kernel);
  return features ? "(read)" : features.error().message;
}

WorkloadManifest minimal_manifest() {
  WorkloadManifest manifest;
  manifest.name = "tool";
  manifest.kernel_preset = "minimal";
  return manifest;
}

KernelFeatures core_and_signals_kernel() {
  KernelFeatures kernel{kCoreAndSignals, {}, {}};
  for (uint32_t number : {0u, 1u, 13u, 60u, 231u}) kernel.syscalls.set(number);
  kernel.implemented = kernel.syscalls;
  kernel.implemented.set(57);  // fork: implemented, but in the processes subsystem
  return kernel;
}

TEST(KernelFeatures, ReadsWhatTheKernelSays) {
  Result<KernelFeatures> features = read_kernel_features(fixture("pvh-kernel.elf"));
  ASSERT_TRUE(features.ok()) << features.error().message;
  EXPECT_EQ(features->subsystems, 0x3fu);
  EXPECT_TRUE(features->syscalls.all());
  EXPECT_TRUE(features->implemented.all());
  EXPECT_EQ(subsystem_names(features->subsystems),
            (std::vector<std::string>{"core", "files", "attestation", "threads", "signals", "processes"}));
  EXPECT_EQ(subsystem_names(kCoreAndSignals), (std::vector<std::string>{"core", "signals"}));
}

TEST(KernelFeatures, RefusesAMissingOrMalformedSection) {
  EXPECT_EQ(read_error(fixture("kernel-without-features.elf")),
            "the kernel has no .confwl.features section; expected a ConfWL kernel that says which subsystems and "
            "syscalls it has");
  const std::vector<std::byte> good = fixture("pvh-kernel.elf");
  const size_t offset = features_offset(good);
  std::vector<std::byte> bad_magic = good;
  bad_magic[offset] = std::byte{'X'};
  EXPECT_EQ(read_error(bad_magic), "the kernel has a .confwl.features section without its magic");
  std::vector<std::byte> bad_version = good;
  bad_version[offset + 8] = std::byte{2};
  EXPECT_EQ(read_error(bad_version), "the kernel has a .confwl.features section of version 2, expected 1");
  std::vector<std::byte> unknown_subsystem = good;
  unknown_subsystem[offset + 12] = std::byte{0x7f};
  EXPECT_EQ(read_error(unknown_subsystem),
            "the kernel has a .confwl.features section naming unknown subsystems or lacking core");
  std::vector<std::byte> no_core = good;
  no_core[offset + 12] = std::byte{0x3e};
  EXPECT_EQ(read_error(no_core), "the kernel has a .confwl.features section naming unknown subsystems or lacking core");
  // Cut inside the section: the section headers, at the end of the file, are gone as well.
  const std::string truncated = read_error(std::vector<std::byte>(good.begin(), good.begin() + static_cast<ptrdiff_t>(offset) + 20));
  EXPECT_EQ(truncated.rfind("the kernel is unusable: the section headers (offset 0x", 0), 0u) << truncated;
  EXPECT_NE(truncated.find("end past the end of the file (" + std::to_string(offset + 20) + " bytes)"), std::string::npos)
      << truncated;
}

TEST(KernelFeatures, AWorkloadWithinTheKernelFits) {
  SyscallAllowlist allowlist;
  allowlist.set(0).set(1).set(60);
  EXPECT_FALSE(check_workload_fits_kernel(core_and_signals_kernel(), minimal_manifest(), allowlist, false));
  allowlist.set(425);  // io_uring_setup: implemented nowhere, so allowing it changes nothing (ENOSYS)
  EXPECT_FALSE(check_workload_fits_kernel(core_and_signals_kernel(), minimal_manifest(), allowlist, false));
}

TEST(KernelFeatures, RefusesWhatTheKernelLeftOut) {
  const KernelFeatures kernel = core_and_signals_kernel();
  const std::string description = "kernel preset 'minimal' (subsystems: core, signals)";
  SyscallAllowlist allowlist = kernel.syscalls;
  allowlist.set(57);
  auto error = check_workload_fits_kernel(kernel, minimal_manifest(), allowlist, false);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "kernel.syscalls.allow: fork is not compiled into " + description +
                                "; expected a kernel.preset whose subsystems include it");
  error = check_workload_fits_kernel(kernel, minimal_manifest(), kernel.syscalls, true);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "files: " + description + " has no files subsystem to hold them; expected a kernel.preset with files");
  WorkloadManifest with_tmp = minimal_manifest();
  with_tmp.tmp_bytes = 65536;
  error = check_workload_fits_kernel(kernel, with_tmp, kernel.syscalls, false);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "storage.tmp: " + description + " has no files subsystem for a /tmp; expected a kernel.preset with files");
  KernelFeatures with_files = kernel;
  with_files.subsystems |= abi::subsystem_bit(abi::KernelSubsystem::kFiles);
  EXPECT_FALSE(check_workload_fits_kernel(with_files, with_tmp, kernel.syscalls, true));
}

}  // namespace
}  // namespace confwl
