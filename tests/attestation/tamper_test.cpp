// confwl_tamper_test IMAGE MANIFEST_JSON [COUNT]
//
// Tamper detection: COUNT (default 100) copies of IMAGE, each with one byte changed at a random
// offset inside a random PT_LOAD segment's file bytes, are each measured the way the supervisor
// measures what it boots, given a report by the simulated PSP, and verified against the original
// manifest: every one must fail the measurement check (and only it: the report itself is
// genuine). The untouched image must pass. The seed is printed, so a failure can be replayed.
#include <confwl/atomic_file.h>
#include <confwl/attestation/launch_measurement.h>
#include <confwl/attestation/parse_snp_report.h>
#include <confwl/attestation/verify_report.h>
#include <confwl/checked.h>
#include <confwl/hex.h>
#include <confwl/vmm/simulated_ca_store.h>
#include <confwl/vmm/simulated_psp.h>
#include <elf.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <stdexcept>
#include <string>

#include "or_throw.h"

namespace {

using namespace confwl;
using test::or_throw;

struct FileRange {
  uint64_t offset, size;
};

// The file bytes of every PT_LOAD segment with file contents.
std::vector<FileRange> loaded_ranges(const std::vector<std::byte>& image) {
  Elf64_Ehdr header;
  if (image.size() < sizeof header) throw std::runtime_error("image shorter than an ELF header");
  std::memcpy(&header, image.data(), sizeof header);
  std::vector<FileRange> ranges;
  for (uint16_t index = 0; index < header.e_phnum; ++index) {
    Elf64_Phdr segment;
    const uint64_t at = header.e_phoff + uint64_t{index} * sizeof segment;
    if (!range_within(at, sizeof segment, image.size())) throw std::runtime_error("program header out of the image");
    std::memcpy(&segment, image.data() + at, sizeof segment);
    if (segment.p_type != PT_LOAD || segment.p_filesz == 0) continue;
    if (!range_within(segment.p_offset, segment.p_filesz, image.size())) throw std::runtime_error("segment out of the image");
    ranges.push_back({segment.p_offset, segment.p_filesz});
  }
  if (ranges.empty()) throw std::runtime_error("no loaded segment");
  return ranges;
}

attestation::ReportVerdict verify_image(const std::vector<std::byte>& image, const attestation::SimulatedCa& ca,
                                        const Sha384& promised) {
  const vmm::SimulatedPsp psp(ca, vmm::SimulatedLaunch{or_throw(attestation::launch_measurement(image))});
  const abi::HostcallAttestationRequest request{};
  const attestation::SnpAttestationReport report = or_throw(psp.report(request));
  attestation::ReportExpectations expected;
  expected.measurement = promised;
  expected.allow_simulated = true;
  expected.simulated_root = ca.certificates.ark.get();
  expected.at = std::time(nullptr);
  return attestation::verify_report(attestation::report_bytes(report), &ca.certificates, expected);
}

// Only the measurement may fail: the report is genuine, the image is not what was promised.
bool only_measurement_fails(const attestation::ReportVerdict& verdict) {
  for (const attestation::CheckOutcome& check : verdict.checks)
    if (check.passed == (check.name == "measurement")) return false;
  return true;
}

int run(const std::string& image_path, const std::string& manifest_path, int count) {
  const std::vector<std::byte> image = or_throw(read_file(image_path));
  const Sha384 promised = or_throw(attestation::manifest_launch_measurement(or_throw(read_file(manifest_path)), manifest_path));
  const attestation::SimulatedCa ca = or_throw(vmm::load_or_create_simulated_ca(or_throw(vmm::simulated_ca_dir())));
  if (!verify_image(image, ca, promised).passed()) {
    std::fprintf(stderr, "FAIL: the untouched image does not verify against %s\n", manifest_path.c_str());
    return 1;
  }
  const std::vector<FileRange> ranges = loaded_ranges(image);
  const unsigned seed = std::random_device{}();
  std::printf("seed %u, %zu loaded segments\n", seed, ranges.size());
  std::mt19937_64 random(seed);
  int detected = 0;
  for (int round = 0; round < count; ++round) {
    const FileRange& range = ranges[random() % ranges.size()];
    const uint64_t offset = range.offset + random() % range.size;
    std::vector<std::byte> tampered = image;
    tampered[offset] ^= std::byte(1 + random() % 255);  // never 0: the byte always changes
    if (only_measurement_fails(verify_image(tampered, ca, promised))) {
      ++detected;
    } else {
      std::printf("NOT DETECTED: byte %s changed\n", hex_number(offset).c_str());
    }
  }
  std::printf("%d of %d tampered images failed the measurement check\n", detected, count);
  return detected == count ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s IMAGE MANIFEST_JSON [COUNT]\n", argv[0]);
    return 2;
  }
  try {
    return run(argv[1], argv[2], argc > 3 ? std::stoi(argv[3]) : 100);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "confwl_tamper_test: %s\n", error.what());
    return 1;
  }
}
