// Checks that a workload is something the ConfWL kernel can load: a static x86-64 ELF64.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "confwl/result.h"

namespace confwl {

enum class WorkloadKind {
  kStaticExecutable,  // ET_EXEC, loaded at its link addresses
  kStaticPie,         // ET_DYN without PT_INTERP or DT_NEEDED, loaded at abi::kPieLoadBase
};

struct WorkloadElfInfo {
  WorkloadKind kind;
  uint64_t entry;  // e_entry, relative to the load base for a static PIE
};

// Accepts an ELF64 little-endian EM_X86_64 file that is ET_EXEC, or ET_DYN with no PT_INTERP and
// no DT_NEEDED, whose PT_LOAD segments lie within the file and within user space and whose entry
// point is inside one of them. Errors start with `display_name`: "hello is not an ELF file",
// "hello is a dynamically linked executable (PT_INTERP /lib/ld-musl-x86_64.so.1), expected ...".
Result<WorkloadElfInfo> check_workload_elf(std::span<const std::byte> bytes,
                                           std::string_view display_name);

}  // namespace confwl
