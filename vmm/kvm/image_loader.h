// Puts a sealed image into guest RAM the way a PVH loader does: each PT_LOAD segment's file bytes
// at its guest-physical address, the rest of its memory size zero. parse_sealed_image has checked
// the image's own structure; this checks every segment again against the file and against *this*
// guest's RAM, which the image did not choose (--memory can shrink it).
#pragma once
#include <confwl/result.h>
#include <confwl/sealed_image.h>

#include <cstddef>
#include <span>

namespace confwl::vmm::kvm {

// Refuses (naming the segment and the rule) a segment whose file range lies outside the file,
// whose file size exceeds its memory size, whose address is not page aligned, that reaches into
// the loader's first MiB or past the end of RAM, or that overlaps or precedes the one before it.
// Writes nothing unless every segment passes.
Status load_image_segments(std::span<const std::byte> image_file, std::span<const SegmentInfo> segments,
                           std::span<std::byte> guest_memory);

}  // namespace confwl::vmm::kvm
