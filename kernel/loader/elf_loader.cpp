#include "loader/elf_loader.h"

#include "lib/print.h"
#include "lib/string.h"
#include "mm/physical.h"
#include "process/workload.h"

namespace kernel {
namespace {

void fill_segment(const SegmentPlan& segment, const uint8_t* file) {
  uint64_t data_end = segment.virtual_address + segment.file_size;
  for (uint64_t page = segment.start; page < data_end; page += kPageSize) {
    uint64_t frame = workload().memory.populate(page);
    if (frame == 0) panic("out of memory while loading the workload");
    uint64_t from = page > segment.virtual_address ? page : segment.virtual_address;
    uint64_t to = page + kPageSize < data_end ? page + kPageSize : data_end;
    memcpy(physical_to_virtual<uint8_t>(frame) + (from - page),
           file + segment.file_offset + (from - segment.virtual_address), to - from);
  }
}

}  // namespace

LoadPlan load_workload(const Blob& blob) {
  const uint8_t* file = physical_to_virtual<uint8_t>(blob.guest_address);
  auto planned = plan_load(file, blob.size, confwl::abi::kPieLoadBase, kMmapCeiling);
  if (!planned.ok()) panic("%s", planned.error().message);
  const LoadPlan& plan = planned.value();

  Workload& process = workload();
  for (size_t i = 0; i < plan.segment_count; ++i) {
    const SegmentPlan& segment = plan.segments[i];
    bool code = (segment.protection & prot::kExec) != 0;
    if (!process.memory.add(segment.start, segment.end, segment.protection, code).ok()) {
      panic("workload: cannot map segment %lu at 0x%lx", i, segment.start);
    }
    fill_segment(segment, file);
  }
  if (!process.memory.add(kStackBottom, kStackTop, prot::kRead | prot::kWrite, false).ok()) {
    panic("workload: the image overlaps the stack");
  }
  process.heap_start = plan.image_end;
  process.brk = plan.image_end;
  return plan;
}

}  // namespace kernel
