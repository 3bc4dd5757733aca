// The TDX MRTD: one SHA-384 over the stream of 128-byte blocks the TDX module appends for
// TDH.MEM.PAGE.ADD and TDH.MR.EXTEND between TDH.MNG.INIT and TDH.MR.FINALIZE. Layout: Intel TDX
// Module Base Architecture Specification, "TD Measurement" (MRTD extension by TDH.MEM.PAGE.ADD:
// 128 bytes; by TDH.MR.EXTEND: 128 bytes followed by the 256-byte chunk).
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "confwl/measure/page_hasher.h"
#include "confwl/sha384.h"

namespace confwl::measure {

static_assert(std::endian::native == std::endian::little);

struct [[gnu::packed]] TdxMrtdBlock {
  char operation[16];  // "MEM.PAGE.ADD" or "MR.EXTEND", zero padded
  uint64_t gpa;        // the page (PAGE.ADD) or the 256-byte chunk (MR.EXTEND)
  uint8_t reserved[104];
};
static_assert(sizeof(TdxMrtdBlock) == 128);
static_assert(offsetof(TdxMrtdBlock, gpa) == 0x10);
static_assert(offsetof(TdxMrtdBlock, reserved) == 0x18);

inline constexpr size_t kTdxExtendChunk = 256;
inline constexpr size_t kTdxExtendsPerPage = kPageSize / kTdxExtendChunk;  // 16

enum class TdxOperation { kPageAdd, kPageAddAndExtend };
std::string_view tdx_operation_name(TdxOperation operation);  // "PAGE.ADD", "PAGE.ADD+EXTEND"

struct TdxStep {
  uint64_t gpa;
  TdxOperation operation;
  Sha384 contents;  // SHA-384 of the page when extended, zero otherwise
};

class TdxMrtd {
 public:
  TdxMrtd();

  // TDH.MEM.PAGE.ADD only: the page's GPA is measured, its contents are not.
  void add_page(uint64_t gpa);
  // TDH.MEM.PAGE.ADD, then TDH.MR.EXTEND over the 16 chunks of the page (the order KVM uses).
  void add_measured_page(uint64_t gpa, Page page);

  void observe(std::function<void(const TdxStep&)> observer) { observer_ = std::move(observer); }

  Sha384 finish();  // TDH.MR.FINALIZE; the object cannot be used afterwards

 private:
  void append_block(std::string_view operation, uint64_t gpa);

  Sha384Hasher stream_;
  std::function<void(const TdxStep&)> observer_;
};

}  // namespace confwl::measure
