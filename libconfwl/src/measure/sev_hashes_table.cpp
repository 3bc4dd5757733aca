#include "confwl/measure/sev_hashes_table.h"

#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>

#include "confwl/hex.h"

namespace confwl::measure {
namespace {

SevHashTableEntry entry(const Guid& guid, std::span<const std::byte> blob) {
  SevHashTableEntry out{guid, sizeof(SevHashTableEntry), {}};
  unsigned int length = 0;
  if (EVP_Digest(blob.data(), blob.size(), out.hash, &length, EVP_sha256(), nullptr) != 1 || length != 32)
    throw std::runtime_error("OpenSSL SHA-256 failed");
  return out;
}

}  // namespace

Result<std::array<std::byte, kPageSize>> sev_hashes_page(const DirectBoot& boot, uint64_t offset_in_page) {
  if (offset_in_page > kPageSize - kSevHashTablePaddedSize)
    return Error{"SEV hashes table at page offset " + hex_number(offset_in_page) + " does not fit in its page"};
  const std::string cmdline = boot.append.value_or("") + '\0';
  const SevHashTable table{kSevHashTableHeaderGuid, sizeof(SevHashTable),
                           entry(kSevCmdlineEntryGuid, std::as_bytes(std::span(cmdline))),
                           entry(kSevInitrdEntryGuid, boot.initrd), entry(kSevKernelEntryGuid, boot.kernel)};
  std::array<std::byte, kPageSize> page{};
  std::memcpy(page.data() + offset_in_page, &table, sizeof(table));
  return page;
}

}  // namespace confwl::measure
