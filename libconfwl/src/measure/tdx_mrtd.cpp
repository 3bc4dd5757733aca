#include "confwl/measure/tdx_mrtd.h"

#include <array>
#include <cstring>
#include <stdexcept>

namespace confwl::measure {
namespace {

void write_block(std::span<std::byte, sizeof(TdxMrtdBlock)> out, std::string_view operation, uint64_t gpa) {
  TdxMrtdBlock block{};
  std::memcpy(block.operation, operation.data(), operation.size());
  block.gpa = gpa;
  std::memcpy(out.data(), &block, sizeof(block));
}

}  // namespace

std::string_view tdx_operation_name(TdxOperation operation) {
  return operation == TdxOperation::kPageAdd ? "PAGE.ADD" : "PAGE.ADD+EXTEND";
}

TdxMrtd::TdxMrtd() = default;

void TdxMrtd::append_block(std::string_view operation, uint64_t gpa) {
  std::array<std::byte, sizeof(TdxMrtdBlock)> block{};
  write_block(block, operation, gpa);
  stream_.update(block);
}

void TdxMrtd::add_page(uint64_t gpa) {
  if (gpa % kPageSize != 0) throw std::invalid_argument("TDX page GPA not 4 KiB aligned");
  append_block("MEM.PAGE.ADD", gpa);
  if (observer_) observer_(TdxStep{gpa, TdxOperation::kPageAdd, Sha384{}});
}

void TdxMrtd::add_measured_page(uint64_t gpa, Page page) {
  if (gpa % kPageSize != 0) throw std::invalid_argument("TDX page GPA not 4 KiB aligned");
  // The page's whole contribution in one update: PAGE.ADD, then 16 x (MR.EXTEND block, chunk).
  constexpr size_t kExtendBytes = sizeof(TdxMrtdBlock) + kTdxExtendChunk;
  std::array<std::byte, sizeof(TdxMrtdBlock) + kTdxExtendsPerPage * kExtendBytes> stream{};
  write_block(std::span(stream).first<sizeof(TdxMrtdBlock)>(), "MEM.PAGE.ADD", gpa);
  for (size_t chunk = 0; chunk < kTdxExtendsPerPage; ++chunk) {
    std::byte* extend = stream.data() + sizeof(TdxMrtdBlock) + chunk * kExtendBytes;
    write_block(std::span<std::byte, sizeof(TdxMrtdBlock)>(extend, sizeof(TdxMrtdBlock)), "MR.EXTEND",
                gpa + chunk * kTdxExtendChunk);
    std::memcpy(extend + sizeof(TdxMrtdBlock), page.data() + chunk * kTdxExtendChunk, kTdxExtendChunk);
  }
  stream_.update(stream);
  if (observer_) observer_(TdxStep{gpa, TdxOperation::kPageAddAndExtend, sha384(page)});
}

Sha384 TdxMrtd::finish() { return stream_.finish(); }

}  // namespace confwl::measure
