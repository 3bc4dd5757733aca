// Validating a static workload ELF and deciding where each segment goes. Pure logic over the
// file's bytes (no page tables), so tests/kernel checks it on the host with malformed files.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

struct LoadError {
  const char* message;
};

struct SegmentPlan {
  uint64_t start;        // first page, load bias applied
  uint64_t end;          // end of the last page
  uint64_t file_offset;  // bytes [file_offset, +file_size) go to virtual_address
  uint64_t file_size;
  uint64_t virtual_address;
  uint32_t protection;   // PROT_* bits
};

struct LoadPlan {
  static constexpr size_t kMaxSegments = 16;
  SegmentPlan segments[kMaxSegments];
  size_t segment_count;
  uint64_t entry;            // bias applied
  uint64_t program_headers;  // AT_PHDR: where the program headers are in memory
  uint16_t program_header_count;
  uint64_t image_end;        // end of the highest segment: where the heap (brk) starts
};

// Lowest address a segment may use: page zero and the pages above it stay unmapped so that null
// dereferences fault (Linux's default vm.mmap_min_addr).
inline constexpr uint64_t kUserMinimumAddress = 0x10000;

// Checks the ELF header, every program header and every segment (bounds, overflow, alignment,
// no PT_INTERP, no writable + executable segment, no two segments sharing a page), and places
// the segments: at their addresses for ET_EXEC, at pie_base for ET_DYN (static-PIE).
// user_limit bounds every segment's end.
Expected<LoadPlan, LoadError> plan_load(const uint8_t* file, uint64_t size, uint64_t pie_base, uint64_t user_limit);

}  // namespace kernel
