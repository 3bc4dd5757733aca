// Parsing the measured boot config block (include/confwl/abi/boot_config.h). Pure logic: it reads
// only the bytes it is given, so tests/kernel checks it on the host with malformed blocks.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "boot/memory_map.h"
#include "confwl/abi/boot_config.h"
#include "lib/result.h"

namespace kernel {

struct Blob {
  uint64_t guest_address;
  uint64_t size;
};

// A validated boot config: pointers into the block it was parsed from.
struct BootConfig {
  uint64_t memory_size;
  uint64_t image_end;
  uint32_t flags;
  uint32_t argc;
  uint32_t envc;
  const char* strings;       // argc + envc NUL-terminated strings, back to back
  uint32_t strings_size;
  Blob workload;
  Blob sealed_files;         // the cpio newc archive; size 0 when the image seals no files
  uint64_t tmpfs_size;       // 0: no /tmp
  confwl::abi::SyscallPolicy syscall_policy;
  uint64_t syscall_allowlist[confwl::abi::kSyscallAllowlistWords];

  bool runtime_args_allowed() const { return (flags & confwl::abi::kBootFlagRuntimeArgs) != 0; }
};

// Checks magic, then total_size (against available, the bytes readable at the block's address),
// then version, then every offset, count, string and blob, before it returns anything.
Expected<BootConfig, BootError> parse_boot_config(const uint8_t* block, size_t available);

// Calls visit(string) for each of the count NUL-terminated strings starting at strings.
template <typename Visitor>
void for_each_string(const char* strings, uint32_t count, Visitor visit) {
  const char* cursor = strings;
  for (uint32_t i = 0; i < count; ++i) {
    visit(cursor);
    while (*cursor != '\0') ++cursor;
    ++cursor;
  }
}

}  // namespace kernel
