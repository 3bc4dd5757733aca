#include "confwl/measure/image_launch.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <variant>
#include <vector>

#include "../elf_reader.h"
#include "confwl/checked.h"
#include "confwl/abi/guest_layout.h"
#include "confwl/igvm/image_igvm.h"
#include "confwl/igvm/launch.h"
#include "confwl/hex.h"

namespace confwl::measure {
namespace {

class LoadPager {
 public:
  explicit LoadPager(PageVisitor visit) : visit_(std::move(visit)) {}

  void add(uint64_t paddr, uint64_t memsz, std::span<const std::byte> file_bytes) {
    const uint64_t first = paddr & ~(kPageSize - 1);
    const uint64_t end = *align_up(paddr + memsz, kPageSize);  // parse_sealed_image bounded it
    for (uint64_t gpa = first; gpa < end; gpa += kPageSize) {
      if (!pending_ || pending_gpa_ != gpa) start(gpa);
      const uint64_t low = std::max(gpa, paddr);
      const uint64_t high = std::min(gpa + kPageSize, paddr + file_bytes.size());
      if (low < high) {
        std::memcpy(buffer_.data() + (low - gpa), file_bytes.data() + (low - paddr), high - low);
        has_data_ = true;
      }
    }
  }

  void finish() {
    if (pending_) visit_(pending_gpa_, has_data_ ? std::span<const std::byte>(buffer_) : std::span<const std::byte>());
    pending_ = false;
  }

 private:
  void start(uint64_t gpa) {
    finish();
    pending_ = true;
    pending_gpa_ = gpa;
    has_data_ = false;
    buffer_.fill(std::byte{0});
  }

  PageVisitor visit_;
  std::array<std::byte, kPageSize> buffer_{};
  uint64_t pending_gpa_ = 0;
  bool pending_ = false;
  bool has_data_ = false;
};

// PT_LOADs must lie above the low pages of the launch (the PVH parameter area, the IGVM memory
// map, the SNP SECRETS and CPUID pages), ascending, without overlap, and below the 52-bit
// physical address limit, so that every page is visited once and no page arithmetic overflows.
std::optional<Error> check_loads(std::span<const GElf_Phdr> loads) {
  constexpr uint64_t kPhysicalLimit = uint64_t{1} << 52;
  uint64_t floor = abi::kSnpCpuidPageGpa + kPageSize;
  for (const GElf_Phdr& load : loads) {
    if (load.p_filesz > load.p_memsz)
      return Error{"not a ConfWL image: segment at " + hex_number(load.p_paddr) + " has more file bytes than memory"};
    if (load.p_paddr < floor || !range_within(load.p_paddr, load.p_memsz, kPhysicalLimit))
      return Error{"not a ConfWL image: segment at " + hex_number(load.p_paddr) +
                   " overlaps the launch's low pages (below 0xb000), a previous segment or the physical address limit"};
    floor = load.p_paddr + load.p_memsz;
  }
  return std::nullopt;
}

}  // namespace

// The checks the measurement relies on, without hashing the whole file (parse_sealed_image does
// that, and `confwl measure` calls it first): a PVH ELF with well-ordered PT_LOADs.
Result<uint32_t> for_each_image_page(std::span<const std::byte> image, const PageVisitor& visit) {
  std::variant<elf::Reader, elf::Defect> opened = elf::Reader::open(image);
  if (const auto* defect = std::get_if<elf::Defect>(&opened))
    return Error{"not a ConfWL image: " + (defect->kind == elf::Defect::Kind::kNotElf ? "not an ELF file" : defect->detail)};
  const elf::Reader& reader = std::get<elf::Reader>(opened);
  std::optional<uint32_t> entry = reader.pvh_entry();
  if (!entry) return Error{"not a ConfWL image: no Xen PVH entry note (PHYS32_ENTRY)"};
  std::vector<GElf_Phdr> loads;
  for (const GElf_Phdr& segment : reader.program_headers())
    if (segment.p_type == PT_LOAD) loads.push_back(segment);
  if (auto error = check_loads(loads)) return *error;
  LoadPager pager(visit);
  for (const GElf_Phdr& load : loads) pager.add(load.p_paddr, load.p_memsz, reader.file_bytes(load));
  pager.finish();
  return *entry;
}

Result<SnpImageLaunch> default_snp_image_launch() {
  SnpImageLaunch launch;
  Result<uint32_t> signature = vcpu_type_signature(launch.vcpu_type);
  if (!signature) return signature.error();
  launch.vcpu.signature = *signature;
  return launch;
}

Result<Sha384> snp_image_launch_digest(std::span<const std::byte> image, const SnpImageLaunch& launch,
                                       SnpLaunchDigest& digest) {
  Result<igvm::File> file = igvm::image_igvm(image, launch);
  if (!file) return file.error();
  Result<igvm::SnpLaunch> snp = igvm::snp_launch_digest(*file, launch.vcpus, digest);
  if (!snp) return snp.error();
  return snp->digest;
}

Result<Sha384> tdx_image_mrtd(std::span<const std::byte> image, TdxMrtd& mrtd) {
  Result<igvm::File> file = igvm::image_igvm(image, SnpImageLaunch{});
  if (!file) return file.error();
  return igvm::tdx_mrtd(*file, mrtd);
}

Result<ImageMeasurements> measure_image(std::span<const std::byte> image, const SnpImageLaunch& launch) {
  Result<igvm::SealedIgvm> sealed = igvm::seal_igvm(image, launch);
  if (!sealed) return sealed.error();
  return sealed->measurements;
}

}  // namespace confwl::measure
