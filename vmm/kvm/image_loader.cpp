#include "image_loader.h"

#include <cstring>
#include <string>

#include "confwl/abi/guest_layout.h"
#include "confwl/checked.h"
#include "confwl/hex.h"

namespace confwl::vmm::kvm {
namespace {

Error refused(const SegmentInfo& segment, const std::string& why) {
  return Error{"image segment at " + hex_number(segment.guest_address) + " (" +
               std::string(segment_role_name(segment.role)) + "): " + why};
}

Status check_segment(std::span<const std::byte> image_file, const SegmentInfo& segment,
                     uint64_t previous_end, uint64_t memory_size) {
  if (!range_within(segment.file_offset, segment.file_size, image_file.size()))
    return refused(segment, "file bytes [" + hex_number(segment.file_offset) + ", +" +
                                std::to_string(segment.file_size) + ") lie outside the " +
                                std::to_string(image_file.size()) + "-byte image");
  if (segment.file_size > segment.memory_size)
    return refused(segment, "file size " + std::to_string(segment.file_size) + " exceeds memory size " +
                                std::to_string(segment.memory_size));
  if (segment.guest_address % abi::kPageSize != 0)
    return refused(segment, "address is not aligned to 4 KiB");
  if (segment.guest_address < abi::kVmmScratchEnd)
    return refused(segment, "lies in the loader's first MiB (below " + hex_number(abi::kVmmScratchEnd) + ")");
  if (segment.guest_address < previous_end)
    return refused(segment, "overlaps or precedes the previous segment (which ends at " +
                                hex_number(previous_end) + ")");
  if (!range_within(segment.guest_address, segment.memory_size, memory_size))
    return refused(segment, std::to_string(segment.memory_size) + " bytes do not fit in " +
                                std::to_string(memory_size) + " bytes of guest memory");
  return Ok{};
}

}  // namespace

Status load_image_segments(std::span<const std::byte> image_file, std::span<const SegmentInfo> segments,
                           std::span<std::byte> guest_memory) {
  if (segments.empty()) return Error{"the image has no PT_LOAD segment to load"};
  uint64_t previous_end = 0;
  for (const SegmentInfo& segment : segments) {
    if (Status status = check_segment(image_file, segment, previous_end, guest_memory.size()); !status)
      return status;
    previous_end = segment.guest_address + segment.memory_size;  // checked by range_within above
  }
  for (const SegmentInfo& segment : segments) {
    std::byte* destination = guest_memory.data() + segment.guest_address;
    std::memcpy(destination, image_file.data() + segment.file_offset, segment.file_size);
    std::memset(destination + segment.file_size, 0, segment.memory_size - segment.file_size);
  }
  return Ok{};
}

}  // namespace confwl::vmm::kvm
