// libFuzzer target for the IGVM reader and the directive application behind `confwl measure
// NAME.igvm`: any bytes must give either a File that writes back and reads again with the same
// directives, or an error; never an out-of-bounds read (AddressSanitizer) or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "confwl/igvm/file.h"
#include "confwl/igvm/launch.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace confwl;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  Result<igvm::File> file = igvm::read_igvm(bytes);
  if (!file) return 0;
  for (const igvm::Directive& directive : file->directives)
    if (const auto* page = std::get_if<igvm::PageDataDirective>(&directive))
      require(page->data.empty() || page->data.size() == igvm::kPageSize);
  Result<igvm::Bytes> written = igvm::write_igvm(*file);
  require(written.ok());
  Result<igvm::File> again = igvm::read_igvm(*written);
  require(again.ok() && again->directives.size() == file->directives.size());
  measure::SnpLaunchDigest digest;
  (void)igvm::snp_launch_digest(*file, 1, digest);
  measure::TdxMrtd mrtd;
  (void)igvm::tdx_mrtd(*file, mrtd);
  return 0;
}
