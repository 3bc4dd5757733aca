// What is mapped at load and what on first touch: every page of a PT_LOAD that holds file bytes,
// plus up to kEagerZeroFillBytes of its zero-fill tail (elf_plan.h says why the bound), and the
// stack pages the start state takes with kStartCodeStackBytes below them for the C library's start
// code (stack_layout.h). So a usual program starts without a page fault: each costs far more than
// mapping the page here, above all under QEMU's TCG. The rest of a large .bss and of the stack
// stays demand-zero (AddressSpace::handle_fault).
#include "loader/elf_loader.h"

#include "lib/checked.h"
#include "lib/print.h"
#include "lib/string.h"
#include "loader/stack_layout.h"
#include "mm/physical.h"

namespace kernel {
namespace {

const LoadError kOutOfMemory{"out of memory while loading the program", true};

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

// Maps the pages of [start, end) that are not yet mapped, zeroed.
bool populate_pages(AddressSpace& memory, uint64_t start, uint64_t end) {
  for (uint64_t page = start; page < end; page += kPageSize) {
    if (memory.populate(page) == 0) return false;
  }
  return true;
}

Expected<Unit, LoadError> map_stack(AddressSpace& memory, const ProgramArguments& arguments) {
  if (!memory.add(kStackBottom, kStackTop, prot::kRead | prot::kWrite, false).ok()) {
    return LoadError{"the image overlaps the stack"};
  }
  uint64_t rsp = initial_stack_pointer(arguments, kStackTop);
  if (rsp < kStackBottom + kStartCodeStackBytes) return LoadError{"the arguments do not fit on the stack"};
  if (!populate_pages(memory, align_down(rsp - kStartCodeStackBytes, kPageSize), kStackTop)) return kOutOfMemory;
  return kOk;
}

}  // namespace

Expected<LoadPlan, LoadError> load_program(Workload& target, const uint8_t* file, uint64_t size,
                                           const ProgramArguments& arguments) {
  auto planned = plan_load(file, size, confwl::abi::kPieLoadBase, kMmapCeiling);
  if (!planned.ok()) return planned.error();
  const LoadPlan& plan = planned.value();
  for (size_t i = 0; i < plan.segment_count; ++i) {
    const SegmentPlan& segment = plan.segments[i];
    bool code = (segment.protection & prot::kExec) != 0;
    if (!target.memory.add(segment.start, segment.end, segment.protection, code, true).ok()) {
      return LoadError{"a segment cannot be mapped"};
    }
    if (!fill_segment(target.memory, segment, file) ||
        !populate_pages(target.memory, segment.start, segment.eager_end)) {
      return kOutOfMemory;
    }
  }
  if (auto stack = map_stack(target.memory, arguments); !stack.ok()) return stack.error();
  target.heap_start = plan.image_end;
  target.brk = plan.image_end;
  return plan;
}

LoadPlan load_workload(const Blob& blob, const ProgramArguments& arguments) {
  auto loaded = load_program(workload(), physical_to_virtual<uint8_t>(blob.guest_address), blob.size, arguments);
  if (!loaded.ok()) panic("workload: %s", loaded.error().message);
  return loaded.value();
}

}  // namespace kernel
