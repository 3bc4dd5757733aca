#include "mm/kernel_map.h"

#include "arch/x86_64/cpu.h"
#include "confwl/abi/guest_layout.h"
#include "lib/checked.h"
#include "lib/print.h"
#include "mm/physical.h"

extern "C" char kernel_text_start[], kernel_text_end[], kernel_rodata_start[], kernel_rodata_end[];
extern "C" char kernel_data_start[], kernel_image_end[];

namespace kernel {
namespace {

constexpr uint64_t kLargePageSize = 2ull << 20;

PageTable table;

void check(Status status, const char* what) {
  if (!status.ok()) panic("out of memory while building the kernel page tables (%s)", what);
}

void map_direct(uint64_t end) {
  uint64_t aligned_end = 0;
  if (!checked_align_up(end, kLargePageSize, &aligned_end)) panic("direct map end overflows");
  for (uint64_t physical = 0; physical < aligned_end; physical += kLargePageSize) {
    check(table.map_large(confwl::abi::kDirectMapBase + physical, physical,
                          pte::kWritable | pte::kGlobal | pte::kNoExecute),
          "direct map");
  }
}

void map_kernel_section(const char* start, const char* end, uint64_t flags) {
  auto first = align_down(reinterpret_cast<uint64_t>(start), kPageSize);
  auto last = reinterpret_cast<uint64_t>(end);
  for (uint64_t address = first; address < last; address += kPageSize) {
    uint64_t physical = address - confwl::abi::kKernelVirtualBase;
    check(table.map(address, physical, flags | pte::kPresent | pte::kGlobal), "kernel image");
  }
}

}  // namespace

void init_kernel_address_space(uint64_t direct_map_end) {
  auto created = PageTable::create();
  check(created.ok() ? kOk : Status(created.error()), "top level");
  table = created.value();
  map_direct(direct_map_end);
  map_kernel_section(kernel_text_start, kernel_text_end, 0);
  map_kernel_section(kernel_rodata_start, kernel_rodata_end, pte::kNoExecute);
  map_kernel_section(kernel_data_start, kernel_image_end, pte::kWritable | pte::kNoExecute);
  x86::write_cr3(table.root());
}

PageTable& kernel_page_table() { return table; }

}  // namespace kernel
