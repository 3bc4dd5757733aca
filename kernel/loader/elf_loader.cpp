#include "loader/elf_loader.h"

#include "lib/print.h"
#include "lib/string.h"
#include "mm/physical.h"

namespace kernel {
namespace {

bool fill_segment(AddressSpace& memory, const SegmentPlan& segment, const uint8_t* file) {
  uint64_t data_end = segment.virtual_address + segment.file_size;
  for (uint64_t page = segment.start; page < data_end; page += kPageSize) {
    uint64_t frame = memory.populate(page);
    if (frame == 0) return false;
    uint64_t from = page > segment.virtual_address ? page : segment.virtual_address;
    uint64_t to = page + kPageSize < data_end ? page + kPageSize : data_end;
    memcpy(physical_to_virtual<uint8_t>(frame) + (from - page),
           file + segment.file_offset + (from - segment.virtual_address), to - from);
  }
  return true;
}

}  // namespace

Expected<LoadPlan, LoadError> load_program(Workload& target, const uint8_t* file, uint64_t size) {
  auto planned = plan_load(file, size, confwl::abi::kPieLoadBase, kMmapCeiling);
  if (!planned.ok()) return planned.error();
  const LoadPlan& plan = planned.value();
  for (size_t i = 0; i < plan.segment_count; ++i) {
    const SegmentPlan& segment = plan.segments[i];
    bool code = (segment.protection & prot::kExec) != 0;
    if (!target.memory.add(segment.start, segment.end, segment.protection, code, true).ok()) {
      return LoadError{"a segment cannot be mapped"};
    }
    if (!fill_segment(target.memory, segment, file)) return LoadError{"out of memory while loading the program"};
  }
  if (!target.memory.add(kStackBottom, kStackTop, prot::kRead | prot::kWrite, false).ok()) {
    return LoadError{"the image overlaps the stack"};
  }
  target.heap_start = plan.image_end;
  target.brk = plan.image_end;
  return plan;
}

LoadPlan load_workload(const Blob& blob) {
  auto loaded = load_program(workload(), physical_to_virtual<uint8_t>(blob.guest_address), blob.size);
  if (!loaded.ok()) panic("workload: %s", loaded.error().message);
  return loaded.value();
}

}  // namespace kernel
