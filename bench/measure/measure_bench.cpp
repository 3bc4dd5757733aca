// bench/measure: SHA-384, SEV-SNP launch digest and TDX MRTD of a large PVH image against
// `openssl dgst -sha384` of the same file, in the same run. See bench/README.md.
//   confwl_measure_bench [--size-mib N] [--runs N] [--file PATH]
#include <sys/resource.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <elf.h>
#include <functional>
#include <string>
#include <vector>

#include "confwl/atomic_file.h"
#include "confwl/measure/image_launch.h"
#include "confwl/sha384.h"
#include "elf_builder.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace confwl;

// One PT_LOAD of `size` pseudo-random bytes at 1 MiB, with a Xen PHYS32_ENTRY note.
std::vector<std::byte> synthetic_image(size_t size) {
  const size_t data_offset = 0x1000;
  test::TestElf elf;
  elf.entry = 0x100000;
  elf.segments.push_back({PT_NOTE, PF_R, 0, 0, test::xen_entry_note(0x100000), 0, 4});
  elf.segments.push_back({PT_LOAD, PF_R | PF_X, 0x100000, 0x100000, {}, 0, 0x1000, data_offset, size});
  std::vector<std::byte> image = test::build_elf(elf);  // the load's bytes zeros, filled in below
  uint64_t state = 0x9E3779B97F4A7C15;
  for (size_t offset = data_offset; offset + 8 <= image.size(); offset += 8) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    std::memcpy(image.data() + offset, &state, 8);
  }
  return image;
}

// CPU seconds of this process and its waited-for children: on a loaded machine wall time mostly
// measures the other processes.
double cpu_seconds() {
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(self.ru_utime) + seconds(self.ru_stime) + seconds(children.ru_utime) + seconds(children.ru_stime);
}

struct Timing {
  double wall;  // medians over the runs
  double cpu;
};

Timing median_seconds(int runs, const std::function<void()>& work) {
  std::vector<double> wall, cpu;
  for (int run = 0; run < runs; ++run) {
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    work();
    cpu.push_back(cpu_seconds() - cpu_start);
    wall.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

void must(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "measure_bench: %s\n", what);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  size_t size_mib = 512;
  int runs = 5;
  std::string path = "/tmp/confwl-measure-bench.elf";
  for (int index = 1; index + 1 < argc; index += 2) {
    const std::string option = argv[index];
    if (option == "--size-mib") size_mib = std::stoul(argv[index + 1]);
    else if (option == "--runs") runs = std::stoi(argv[index + 1]);
    else if (option == "--file") path = argv[index + 1];
    else must(false, "usage: confwl_measure_bench [--size-mib N] [--runs N] [--file PATH]");
  }
  const std::vector<std::byte> image = synthetic_image(size_mib << 20);
  must(static_cast<bool>(write_file_atomically(path, image)), "cannot write the image file");
  const std::string openssl = "openssl dgst -sha384 " + path + " > /dev/null";
  must(std::system(openssl.c_str()) == 0, "openssl dgst failed");  // warms the page cache too

  const Timing t_openssl = median_seconds(runs, [&] { must(std::system(openssl.c_str()) == 0, "openssl dgst failed"); });
  const Timing t_read_sha = median_seconds(runs, [&] {
    Result<std::vector<std::byte>> bytes = read_file(path);
    must(static_cast<bool>(bytes), "cannot read the image file");
    (void)sha384(*bytes);
  });
  const Timing t_sha = median_seconds(runs, [&] { (void)sha384(image); });
  const measure::SnpImageLaunch launch = measure::default_snp_image_launch().value();
  const Timing t_snp = median_seconds(runs, [&] {
    measure::SnpLaunchDigest digest;
    must(static_cast<bool>(measure::snp_image_launch_digest(image, launch, digest)), "SNP digest failed");
  });
  const Timing t_tdx = median_seconds(runs, [&] {
    measure::TdxMrtd mrtd;
    must(static_cast<bool>(measure::tdx_image_mrtd(image, mrtd)), "MRTD failed");
  });

  const double mib = static_cast<double>(image.size()) / (1 << 20);
  std::printf("image %s: %.0f MiB, median of %d runs\n\n", path.c_str(), mib, runs);
  std::printf("| computation | wall | CPU | MiB/s (CPU) | CPU vs openssl |\n|---|---:|---:|---:|---:|\n");
  auto row = [&](const char* name, const Timing& timing) {
    std::printf("| %s | %.3f s | %.3f s | %.0f | %.2fx |\n", name, timing.wall, timing.cpu, mib / timing.cpu,
                timing.cpu / t_openssl.cpu);
  };
  row("`openssl dgst -sha384 FILE` (its own process)", t_openssl);
  row("confwl SHA-384, read the file + hash", t_read_sha);
  row("confwl SHA-384 of the image in memory", t_sha);
  row("SEV-SNP launch digest (in memory)", t_snp);
  row("TDX MRTD (in memory)", t_tdx);
  return 0;
}
