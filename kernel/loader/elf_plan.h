// Validating a static workload ELF and deciding where each segment goes. Pure logic over the
// file's bytes (no page tables), so tests/kernel checks it on the host with malformed files.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

struct LoadError {
  const char* message;
  bool out_of_memory = false;  // no frame for a page it had to map: execve's ENOMEM, not ENOEXEC
};

struct SegmentPlan {
  uint64_t start;        // first page, load bias applied
  uint64_t end;          // end of the last page
  uint64_t eager_end;    // [start, eager_end) is mapped at load, the rest on first touch
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

// How much of a segment's zero-fill tail (p_memsz beyond p_filesz: .bss) the loader maps at load
// besides the pages holding file bytes. A demand fault costs more than zeroing a page (under QEMU's
// TCG, ~136 translated blocks the first time the fault path runs), and a usual program's .bss is far
// smaller than this, so it starts without a fault. The rest stays demand-zero: a program with a
// huge static array that it touches sparsely must still load in little memory, and zeroing all of
// it at boot would be slow under TCG.
inline constexpr uint64_t kEagerZeroFillBytes = 64 * 1024;

// Lowest address a segment may use: page zero and the pages above it stay unmapped so that null
// dereferences fault (Linux's default vm.mmap_min_addr).
inline constexpr uint64_t kUserMinimumAddress = 0x10000;

// Checks the ELF header, every program header and every segment (bounds, overflow, alignment,
// no PT_INTERP, no writable + executable segment, no two segments sharing a page), and places
// the segments: at their addresses for ET_EXEC, at pie_base for ET_DYN (static-PIE).
// user_limit bounds every segment's end. Each segment is mapped at load up to the end of its file
// bytes' pages plus kEagerZeroFillBytes of its zero-fill tail (eager_end).
Expected<LoadPlan, LoadError> plan_load(const uint8_t* file, uint64_t size, uint64_t pie_base, uint64_t user_limit);

}  // namespace kernel
