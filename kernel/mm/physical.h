// Physical memory: the direct map (all RAM at kDirectMapBase) and the frame allocator.
#pragma once
#include <stdint.h>

#include "boot/memory_map.h"
#include "confwl/abi/guest_layout.h"

namespace kernel {

inline constexpr uint64_t kPageSize = confwl::abi::kPageSize;

template <typename T = void>
inline T* physical_to_virtual(uint64_t physical) {
  return reinterpret_cast<T*>(confwl::abi::kDirectMapBase + physical);
}

// Frames come from the usable ranges in address order (a bump pointer per range, so boot does not
// touch memory it does not use); freed frames go on a free list threaded through the direct map
// and are reused first.
class FrameAllocator {
 public:
  void init(const UsableMemory& memory);
  // 0 if memory is exhausted.
  uint64_t allocate();
  // A frame whose 4 KiB are zero; 0 if memory is exhausted.
  uint64_t allocate_zeroed();
  void free(uint64_t frame);
  // Frames of usable memory, and those not handed out now (sysinfo).
  uint64_t total_frames() const { return total_; }
  uint64_t free_frames() const { return total_ - in_use_; }

 private:
  UsableMemory memory_{};
  uint64_t total_ = 0;
  uint64_t in_use_ = 0;
  size_t current_range_ = 0;
  uint64_t next_ = 0;
  uint64_t free_list_ = 0;
};

FrameAllocator& frames();

}  // namespace kernel
