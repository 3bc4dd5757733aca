#include "loader/elf_plan.h"

#include "lib/checked.h"
#include "lib/string.h"
#include "loader/elf.h"

namespace kernel {
namespace {

using Planned = Expected<LoadPlan, LoadError>;
constexpr uint64_t kPage = 0x1000;
constexpr uint16_t kMaxProgramHeaders = 64;

Expected<Unit, LoadError> check_header(const elf::Header& header, uint64_t size) {
  static constexpr uint8_t kMagic[4] = {0x7F, 'E', 'L', 'F'};
  if (memcmp(header.ident, kMagic, 4) != 0) return LoadError{"workload: not an ELF file"};
  if (header.ident[4] != elf::kClass64 || header.ident[5] != elf::kDataLittleEndian) {
    return LoadError{"workload: not a 64-bit little-endian ELF"};
  }
  if (header.ident[6] != elf::kVersionCurrent || header.version != elf::kVersionCurrent) {
    return LoadError{"workload: unknown ELF version"};
  }
  if (header.machine != elf::kMachineX86_64) return LoadError{"workload: not an x86-64 ELF"};
  if (header.type != elf::kTypeExec && header.type != elf::kTypeDyn) {
    return LoadError{"workload: ELF type is neither ET_EXEC nor ET_DYN (static-PIE)"};
  }
  if (header.phentsize != sizeof(elf::ProgramHeader)) return LoadError{"workload: e_phentsize is not 56"};
  if (header.phnum == 0 || header.phnum > kMaxProgramHeaders) return LoadError{"workload: e_phnum must be 1..64"};
  if (!range_within(header.phoff, uint64_t{header.phnum} * sizeof(elf::ProgramHeader), size)) {
    return LoadError{"workload: program headers lie outside the file"};
  }
  return kOk;
}

uint32_t protection_of(uint32_t flags) {
  return ((flags & elf::kFlagRead) ? 1u : 0u) | ((flags & elf::kFlagWrite) ? 2u : 0u) |
         ((flags & elf::kFlagExec) ? 4u : 0u);
}

Expected<SegmentPlan, LoadError> plan_segment(const elf::ProgramHeader& ph, uint64_t size, uint64_t bias,
                                              uint64_t user_limit) {
  if ((ph.flags & elf::kFlagWrite) && (ph.flags & elf::kFlagExec)) {
    return LoadError{"workload: a segment is writable and executable (W^X)"};
  }
  if (!range_within(ph.offset, ph.filesz, size)) return LoadError{"workload: a segment lies outside the file"};
  if (ph.filesz > ph.memsz) return LoadError{"workload: a segment has p_filesz > p_memsz"};
  if (ph.memsz == 0) return LoadError{"workload: a PT_LOAD segment is empty"};
  if ((ph.vaddr % kPage) != (ph.offset % kPage)) return LoadError{"workload: p_vaddr and p_offset differ modulo the page size"};
  uint64_t address = 0, end = 0, page_end = 0;
  if (!checked_add(ph.vaddr, bias, &address) || !checked_add(address, ph.memsz, &end) ||
      !checked_align_up(end, kPage, &page_end)) {
    return LoadError{"workload: a segment's address overflows"};
  }
  if (address < kUserMinimumAddress || page_end > user_limit) {
    return LoadError{"workload: a segment lies outside user space [0x10000, stack)"};
  }
  // Cannot overflow: address + memsz rounded up (page_end) did not, and page_end <= user_limit.
  uint64_t file_end = align_down(address + ph.filesz + kPage - 1, kPage);
  uint64_t eager_end = page_end - file_end > kEagerZeroFillBytes ? file_end + kEagerZeroFillBytes : page_end;
  return SegmentPlan{align_down(address, kPage), page_end, eager_end, ph.offset, ph.filesz, address,
                     protection_of(ph.flags)};
}

// The lowest p_vaddr of any PT_LOAD, page aligned: what a static-PIE's bias is relative to.
uint64_t lowest_load_address(const elf::ProgramHeader* headers, uint16_t count) {
  uint64_t lowest = ~0ull;
  for (uint16_t i = 0; i < count; ++i) {
    if (headers[i].type == elf::kProgramLoad && headers[i].vaddr < lowest) lowest = headers[i].vaddr;
  }
  return align_down(lowest, kPage);
}

}  // namespace

Planned plan_load(const uint8_t* file, uint64_t size, uint64_t pie_base, uint64_t user_limit) {
  elf::Header header;
  if (size < sizeof header) return LoadError{"workload: file is shorter than an ELF header"};
  memcpy(&header, file, sizeof header);
  if (auto checked = check_header(header, size); !checked.ok()) return checked.error();

  elf::ProgramHeader headers[kMaxProgramHeaders];
  memcpy(headers, file + header.phoff, header.phnum * sizeof(elf::ProgramHeader));
  uint64_t bias = 0;
  if (header.type == elf::kTypeDyn) {
    uint64_t lowest = lowest_load_address(headers, header.phnum);
    if (lowest > pie_base) return LoadError{"workload: static-PIE segments start above the load base"};
    bias = pie_base - lowest;
  }

  LoadPlan plan{};
  uint64_t phdr_address = 0;
  for (uint16_t i = 0; i < header.phnum; ++i) {
    const elf::ProgramHeader& ph = headers[i];
    if (ph.type == elf::kProgramInterp) return LoadError{"workload: has PT_INTERP (dynamically linked); only static ELFs run"};
    if (ph.type == elf::kProgramPhdr) phdr_address = ph.vaddr + bias;
    if (ph.type != elf::kProgramLoad) continue;
    if (plan.segment_count == LoadPlan::kMaxSegments) return LoadError{"workload: more than 16 PT_LOAD segments"};
    auto segment = plan_segment(ph, size, bias, user_limit);
    if (!segment.ok()) return segment.error();
    const SegmentPlan& placed = segment.value();
    for (size_t j = 0; j < plan.segment_count; ++j) {
      if (placed.start < plan.segments[j].end && plan.segments[j].start < placed.end) {
        return LoadError{"workload: two PT_LOAD segments share a page"};
      }
    }
    // The program headers are in memory if a segment maps the file bytes that hold them.
    if (phdr_address == 0 && header.phoff >= ph.offset && header.phoff - ph.offset < ph.filesz) {
      phdr_address = placed.virtual_address + (header.phoff - ph.offset);
    }
    if (placed.end > plan.image_end) plan.image_end = placed.end;
    plan.segments[plan.segment_count++] = placed;
  }
  if (plan.segment_count == 0) return LoadError{"workload: no PT_LOAD segment"};
  uint64_t entry = header.entry + bias;
  bool entry_is_code = false;
  for (size_t j = 0; j < plan.segment_count; ++j) {
    const SegmentPlan& segment = plan.segments[j];
    if ((segment.protection & 4) && entry >= segment.virtual_address && entry < segment.end) entry_is_code = true;
  }
  if (!entry_is_code) return LoadError{"workload: the entry point is not in an executable segment"};
  plan.entry = entry;
  plan.program_headers = phdr_address;
  plan.program_header_count = header.phnum;
  return plan;
}

}  // namespace kernel
