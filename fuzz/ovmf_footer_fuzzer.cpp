// libFuzzer target for the OVMF GUID table and SEV metadata parser: any bytes must give either an
// OvmfImage whose every span and section lies where the parser promises, or an error; never an
// out-of-bounds read (AddressSanitizer) or undefined behaviour (UBSan).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "confwl/measure/ovmf.h"

namespace {

using namespace confwl::measure;

void require(bool condition) {
  if (!condition) std::abort();
}

void check_entries(std::span<const std::byte> image, const std::vector<OvmfTableEntry>& entries) {
  for (const OvmfTableEntry& entry : entries)
    require(entry.data.data() >= image.data() && entry.data.data() + entry.data.size() <= image.data() + image.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const std::byte> raw(reinterpret_cast<const std::byte*>(data), size);
  if (auto table = parse_ovmf_table(raw)) check_entries(raw, *table);

  // parse_ovmf wants whole pages; the structures sit at the end, so pad at the front.
  std::vector<std::byte> image((0x1000 - size % 0x1000) % 0x1000);
  image.insert(image.end(), raw.begin(), raw.end());
  if (auto ovmf = parse_ovmf(image)) {
    check_entries(image, ovmf->table);
    require(ovmf->gpa + image.size() == kFirmwareEnd);
    for (const SevSection& section : ovmf->sections)
      require(section.size > 0 && section.size % 0x1000 == 0 && section.gpa % 0x1000 == 0 &&
              section.gpa + section.size <= ovmf->gpa);
  }
  return 0;
}
