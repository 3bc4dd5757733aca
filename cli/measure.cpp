// `confwl measure`: the SEV-SNP launch digest or TDX MRTD of a sealed image, or the SNP launch
// digest of an OVMF guest (--ovmf), with --explain listing every measured step.
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "command.h"
#include "confwl/atomic_file.h"
#include "confwl/hex.h"
#include "confwl/igvm/launch.h"
#include "confwl/measure/image_launch.h"
#include "confwl/measure/ovmf_launch.h"
#include "confwl/sealed_image.h"

namespace confwl::cli {
namespace {

using namespace confwl::measure;

struct MeasureOptions {
  std::string image;
  std::string platform = "snp";
  std::string ovmf;
  std::string kernel;
  std::string initrd;
  std::string append;
  CLI::Option* append_option = nullptr;
  std::vector<CLI::Option*> vmsa_options;  // fixed by an IGVM file's VMSA
  unsigned vcpus = 1;
  std::string vcpu_type = kDefaultVcpuType;
  std::string vcpu_signature;
  std::string guest_features = "0x1";
  std::string vmm_type = "qemu";
  bool explain = false;
};

template <typename T>
T take(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(*result);
}

uint64_t parse_hex(const std::string& text, const char* option) {
  size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used, 16);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) throw std::runtime_error(std::string(option) + " '" + text + "': expected a hexadecimal number");
  return value;
}

VcpuConfig vcpu_config(const MeasureOptions& options) {
  VcpuConfig vcpu;
  vcpu.signature = options.vcpu_signature.empty() ? take(vcpu_type_signature(options.vcpu_type))
                                                  : static_cast<uint32_t>(parse_hex(options.vcpu_signature, "--vcpu-signature"));
  vcpu.guest_features = parse_hex(options.guest_features, "--guest-features");
  vcpu.vmm = take(parse_vmm_profile(options.vmm_type));
  return vcpu;
}

void explain_snp(SnpLaunchDigest& digest) {
  std::printf("%-18s %-10s %-96s %s\n", "GPA", "TYPE", "CONTENTS", "DIGEST AFTER");
  digest.observe([](const SnpStep& step) {
    std::printf("0x%016llx %-10s %s %s\n", static_cast<unsigned long long>(step.gpa),
                std::string(snp_page_type_name(step.type)).c_str(), to_hex(step.contents).c_str(),
                to_hex(step.digest_after).c_str());
  });
}

void explain_tdx(TdxMrtd& mrtd) {
  std::printf("%-18s %-16s %s\n", "GPA", "OPERATION", "CONTENTS");
  mrtd.observe([](const TdxStep& step) {
    std::printf("0x%016llx %-16s %s\n", static_cast<unsigned long long>(step.gpa),
                std::string(tdx_operation_name(step.operation)).c_str(), to_hex(step.contents).c_str());
  });
}

bool is_igvm(std::span<const std::byte> bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "IGVM", 4) == 0;
}

// The independent path: the digests of applying the IGVM file's directives, whatever wrote them.
int measure_igvm(const MeasureOptions& options, std::span<const std::byte> bytes) {
  for (const CLI::Option* option : options.vmsa_options)
    if (option->count() > 0)
      throw std::runtime_error(option->get_name() + ": an IGVM file's VMSA fixes the vCPU signature, guest features and VMM profile");
  Result<igvm::File> file = igvm::read_igvm(bytes);
  if (!file) throw std::runtime_error(options.image + ": " + file.error().message);
  Result<Sha384> result = Error{};
  if (options.platform == "snp") {
    SnpLaunchDigest digest;
    if (options.explain) explain_snp(digest);
    Result<igvm::SnpLaunch> launch = igvm::snp_launch_digest(*file, options.vcpus, digest);
    result = launch ? Result<Sha384>(launch->digest) : Result<Sha384>(launch.error());
  } else {
    TdxMrtd mrtd;
    if (options.explain) explain_tdx(mrtd);
    result = igvm::tdx_mrtd(*file, mrtd);
  }
  if (!result) throw std::runtime_error(options.image + ": " + result.error().message);
  std::printf("%s\n", to_hex(*result).c_str());
  return 0;
}

int measure_ovmf(const MeasureOptions& options) {
  const std::vector<std::byte> firmware = take(read_file(options.ovmf));
  std::vector<std::byte> kernel, initrd;
  OvmfLaunch launch{firmware, std::nullopt, options.vcpus, vcpu_config(options)};
  if (!options.kernel.empty()) {
    kernel = take(read_file(options.kernel));
    if (!options.initrd.empty()) initrd = take(read_file(options.initrd));
    launch.direct_boot = DirectBoot{kernel, initrd, std::nullopt};
    if (options.append_option->count() > 0) launch.direct_boot->append = options.append;
  } else if (!options.initrd.empty() || options.append_option->count() > 0) {
    throw std::runtime_error("--initrd and --append need --kernel");
  }
  SnpLaunchDigest digest;
  if (options.explain) explain_snp(digest);
  Result<Sha384> result = ovmf_launch_digest(launch, digest);
  if (!result) throw std::runtime_error(options.ovmf + ": " + result.error().message);
  std::printf("%s\n", to_hex(*result).c_str());
  return 0;
}

int measure_image_file(const MeasureOptions& options) {
  const std::vector<std::byte> image = take(read_file(options.image));
  if (is_igvm(image)) return measure_igvm(options, image);
  if (Result<SealedImage> sealed = parse_sealed_image(image); !sealed)
    throw std::runtime_error(options.image + ": " + sealed.error().message);
  Result<Sha384> result = Error{};
  if (options.platform == "snp") {
    SnpImageLaunch launch;
    launch.vcpus = options.vcpus;
    launch.vcpu = vcpu_config(options);
    SnpLaunchDigest digest;
    if (options.explain) explain_snp(digest);
    result = snp_image_launch_digest(image, launch, digest);
  } else {
    TdxMrtd mrtd;
    if (options.explain) explain_tdx(mrtd);
    result = tdx_image_mrtd(image, mrtd);
  }
  if (!result) throw std::runtime_error(options.image + ": " + result.error().message);
  std::printf("%s\n", to_hex(*result).c_str());
  return 0;
}

int measure(const MeasureOptions& options) {
  if (options.ovmf.empty() == options.image.empty())
    throw std::runtime_error("measure: give either IMAGE or --ovmf FILE");
  if (options.vcpus == 0) throw std::runtime_error("--vcpus: expected at least 1");
  if (!options.ovmf.empty()) {
    if (options.platform != "snp") throw std::runtime_error("--ovmf measures SEV-SNP launches only (--platform snp)");
    return measure_ovmf(options);
  }
  return measure_image_file(options);
}

}  // namespace

void attach_measure(CLI::App& app, int& exit_code) {
  static MeasureOptions options;
  CLI::App* command = app.add_subcommand(
      "measure", "Compute the SEV-SNP launch digest or TDX MRTD of a sealed image, or of an OVMF guest (--ovmf)");
  command->add_option("IMAGE", options.image, "Sealed image (NAME.confwl) or IGVM file (NAME.igvm)");
  command->add_option("--platform", options.platform, "snp (launch digest) or tdx (MRTD)")
      ->check(CLI::IsMember({"snp", "tdx"}));
  command->add_option("--ovmf", options.ovmf, "OVMF firmware: measure an OVMF guest as QEMU/KVM launches it");
  command->add_option("--kernel", options.kernel, "With --ovmf: kernel for measured direct boot (SEV hashes table)");
  command->add_option("--initrd", options.initrd, "With --ovmf --kernel: initrd");
  options.append_option = command->add_option("--append", options.append, "With --ovmf --kernel: command line");
  command->add_option("--vcpus", options.vcpus, "Number of vCPUs (one VMSA each; default 1)");
  options.vmsa_options = {
      command->add_option("--vcpu-type", options.vcpu_type, "QEMU CPU model, e.g. EPYC-v4, EPYC-Milan, EPYC-Genoa (default EPYC-Milan)"),
      command->add_option("--vcpu-signature", options.vcpu_signature, "CPUID(1).EAX in hex, instead of --vcpu-type"),
      command->add_option("--guest-features", options.guest_features, "VMSA SEV_FEATURES in hex (default 0x1)"),
      command->add_option("--vmm-type", options.vmm_type, "qemu, ec2 or gce (default qemu)")};
  command->add_flag("--explain", options.explain, "Print every measured step: GPA, page type, SHA-384 of the contents");
  command->callback([&exit_code] { exit_code = measure(options); });
}

}  // namespace confwl::cli
