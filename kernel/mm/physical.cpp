#include "mm/physical.h"

#include "lib/string.h"

namespace kernel {

void FrameAllocator::init(const UsableMemory& memory) {
  memory_ = memory;
  current_range_ = 0;
  next_ = memory_.ranges[0].start;
  total_ = 0;
  for (size_t i = 0; i < memory_.count; ++i) total_ += (memory_.ranges[i].end - memory_.ranges[i].start) / kPageSize;
}

uint64_t FrameAllocator::allocate() {
  if (free_list_ != 0) {
    uint64_t frame = free_list_;
    free_list_ = *physical_to_virtual<uint64_t>(frame);
    ++in_use_;
    return frame;
  }
  while (current_range_ < memory_.count) {
    if (next_ < memory_.ranges[current_range_].end) {
      uint64_t frame = next_;
      next_ += kPageSize;
      ++in_use_;
      return frame;
    }
    if (++current_range_ < memory_.count) next_ = memory_.ranges[current_range_].start;
  }
  return 0;
}

uint64_t FrameAllocator::allocate_zeroed() {
  uint64_t frame = allocate();
  if (frame != 0) memset(physical_to_virtual(frame), 0, kPageSize);
  return frame;
}

void FrameAllocator::free(uint64_t frame) {
  *physical_to_virtual<uint64_t>(frame) = free_list_;
  free_list_ = frame;
  --in_use_;
}

FrameAllocator& frames() {
  static constinit FrameAllocator allocator;
  return allocator;
}

}  // namespace kernel
