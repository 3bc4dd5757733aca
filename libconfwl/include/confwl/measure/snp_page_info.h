// The SEV-SNP launch digest: the PSP's running SHA-384 over one PAGE_INFO per 4 KiB page given to
// SNP_LAUNCH_UPDATE. Layout: AMD "SEV Secure Nested Paging Firmware ABI Specification" (pub.
// 56860), section 8.17 SNP_LAUNCH_UPDATE, table "Layout of the PAGE_INFO Structure".
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "confwl/measure/page_hasher.h"
#include "confwl/result.h"
#include "confwl/sha384.h"

namespace confwl::measure {

// The firmware structures are little-endian; they are filled in place on a little-endian host.
static_assert(std::endian::native == std::endian::little);

// SNP_LAUNCH_UPDATE PAGE_TYPE (ABI section 8.17, table "Encodings for the PAGE_TYPE Field").
enum class SnpPageType : uint8_t {
  kNormal = 0x1,      // CONTENTS = SHA-384 of the page
  kVmsa = 0x2,        // CONTENTS = SHA-384 of the VMSA page
  kZero = 0x3,        // the PSP zeroes the page; CONTENTS = 0
  kUnmeasured = 0x4,  // contents left to the host; CONTENTS = 0
  kSecrets = 0x5,     // the PSP fills it; CONTENTS = 0
  kCpuid = 0x6,       // the PSP checks it against the hardware; CONTENTS = 0
};

// "NORMAL", "VMSA", "ZERO", "UNMEASURED", "SECRETS", "CPUID" (the ABI's names).
std::string_view snp_page_type_name(SnpPageType type);
Result<SnpPageType> parse_snp_page_type(std::string_view name);

struct [[gnu::packed]] SnpPageInfo {
  uint8_t digest_cur[48];  // the launch digest before this page
  uint8_t contents[48];
  uint16_t length;  // sizeof(SnpPageInfo)
  uint8_t page_type;
  uint8_t imi_page;  // bit 0: page of a migration image; 0 for a launch
  // VMPL permission masks; 0 for every page under KVM/QEMU. (sev-snp-measure's order, which
  // follows the ABI table; coconut-svsm's igvmmeasure names them VMPL1..3: equal while all zero.)
  uint8_t vmpl3_perms;
  uint8_t vmpl2_perms;
  uint8_t vmpl1_perms;
  uint8_t reserved;
  uint64_t gpa;  // guest-physical address of the page (bits 51:12 significant)
};
static_assert(sizeof(SnpPageInfo) == 0x70);
static_assert(offsetof(SnpPageInfo, digest_cur) == 0x00);
static_assert(offsetof(SnpPageInfo, contents) == 0x30);
static_assert(offsetof(SnpPageInfo, length) == 0x60);
static_assert(offsetof(SnpPageInfo, page_type) == 0x62);
static_assert(offsetof(SnpPageInfo, imi_page) == 0x63);
static_assert(offsetof(SnpPageInfo, vmpl3_perms) == 0x64);
static_assert(offsetof(SnpPageInfo, reserved) == 0x67);
static_assert(offsetof(SnpPageInfo, gpa) == 0x68);

// KVM passes every VMSA to SNP_LAUNCH_UPDATE at GPA -1; the PSP keeps bits 51:12 of it.
inline constexpr uint64_t kKvmVmsaGpa = 0x0000'FFFF'FFFF'F000;

// One SNP_LAUNCH_UPDATE step, as --explain prints it.
struct SnpStep {
  uint64_t gpa;
  SnpPageType type;
  Sha384 contents;     // the CONTENTS field (zero for ZERO/UNMEASURED/SECRETS/CPUID)
  Sha384 digest_after;
};

class SnpLaunchDigest {
 public:
  SnpLaunchDigest() = default;  // SNP_LAUNCH_START: 48 zero bytes
  explicit SnpLaunchDigest(const Sha384& start) : digest_(start) {}

  // NORMAL and VMSA pages: CONTENTS is the SHA-384 of the page.
  void add_page(SnpPageType type, uint64_t gpa, Page page);
  // ZERO, UNMEASURED, SECRETS and CPUID pages: CONTENTS is zero.
  void add_empty_page(SnpPageType type, uint64_t gpa);
  // The step with a precomputed CONTENTS field.
  void add_step(SnpPageType type, uint64_t gpa, const Sha384& contents);

  // Called after every step (for --explain); empty by default.
  void observe(std::function<void(const SnpStep&)> observer) { observer_ = std::move(observer); }

  const Sha384& digest() const { return digest_; }

 private:
  Sha384 digest_{};
  PageHasher hasher_;
  std::function<void(const SnpStep&)> observer_;
};

}  // namespace confwl::measure
