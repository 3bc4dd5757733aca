// The boot config: a measured, versioned block the sealer writes at kBootConfigAddress and the
// kernel reads at start-up. It is the only way the sealed manifest reaches the guest.
//
// Layout (all offsets from the start of the header, all little-endian):
//   BootConfigHeader                       (version 2: 144 bytes, the syscall allowlist included)
//   BlobDescriptor[blob_count]             at blobs_offset
//   strings: argv then envp, each NUL-terminated, argc + envc of them, at strings_offset
// The kernel checks magic, then total_size, then version, then every offset and count against
// total_size before it reads anything else; a bad block is a boot failure, not a guess.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace confwl::abi {

inline constexpr uint64_t kBootConfigMagic = 0x3154'4f4f'424c'5743;  // "CWLBOOT1"
// Version 2 added tmpfs_size, syscall_policy and the syscall allowlist bitmap (issue 4).
inline constexpr uint32_t kBootConfigVersion = 2;

// Linux x86-64 syscall numbers below this fit the allowlist bitmap; every higher one is denied.
inline constexpr uint32_t kSyscallAllowlistBits = 512;
inline constexpr uint32_t kSyscallAllowlistWords = kSyscallAllowlistBits / 64;

// What the kernel does when the workload makes a syscall outside the allowlist (manifest
// kernel.on_denied). Either way the call is counted and reported in kSyscallCounts.
enum class SyscallPolicy : uint32_t {
  kDeny = 0,  // the call returns -ENOSYS and the workload goes on
  kKill = 1,  // the workload ends with status 128 + SIGSYS (159)
};

enum BootConfigFlags : uint32_t {
  // The manifest said runtime_args: true; the kernel asks the host for extra argv entries
  // (hostcall kArgsRequest) and appends them after the sealed ones.
  kBootFlagRuntimeArgs = 1u << 0,
};

struct [[gnu::packed]] BootConfigHeader {
  uint64_t magic;           // kBootConfigMagic
  uint32_t version;         // kBootConfigVersion
  uint32_t total_size;      // bytes, header included; <= kBootConfigMaxSize
  uint64_t memory_size;     // guest RAM the manifest asks for (resources.memory), bytes
  uint64_t image_end;       // first guest-physical address past every image segment, page aligned
  uint32_t flags;           // BootConfigFlags
  uint32_t argc;            // argv entries in the string table, argv[0] (the name) included
  uint32_t envc;            // "KEY=VALUE" entries following argv
  uint32_t strings_offset;
  uint32_t strings_size;
  uint32_t blob_count;
  uint32_t blobs_offset;
  uint32_t reserved;
  uint64_t tmpfs_size;      // bytes of RAM /tmp may hold (storage.tmp); 0 = there is no /tmp
  uint32_t syscall_policy;  // SyscallPolicy
  uint32_t reserved2;
  // Bit n (word n / 64, bit n % 64) allows Linux x86-64 syscall n. The kernel dispatches a call
  // only if its bit is set AND the kernel implements it; anything else is denied per the policy.
  uint64_t syscall_allowlist[kSyscallAllowlistWords];
};
static_assert(sizeof(BootConfigHeader) == 144);
static_assert(offsetof(BootConfigHeader, memory_size) == 16);
static_assert(offsetof(BootConfigHeader, image_end) == 24);
static_assert(offsetof(BootConfigHeader, flags) == 32);
static_assert(offsetof(BootConfigHeader, strings_offset) == 44);
static_assert(offsetof(BootConfigHeader, blobs_offset) == 56);
static_assert(offsetof(BootConfigHeader, tmpfs_size) == 64);
static_assert(offsetof(BootConfigHeader, syscall_policy) == 72);
static_assert(offsetof(BootConfigHeader, syscall_allowlist) == 80);

enum class BlobKind : uint32_t {
  kWorkloadElf = 1,  // the workload's static ELF, byte for byte as it was sealed
  // The sealed files (manifest files:): a cpio "newc" archive (magic 070701, no CRC), mounted
  // read-only at / in the guest. At most one; absent when the manifest seals no files.
  kSealedFiles = 2,
};

struct [[gnu::packed]] BlobDescriptor {
  uint32_t kind;            // BlobKind
  uint32_t reserved;
  uint64_t guest_address;   // page aligned, >= kBlobsBase
  uint64_t size;            // bytes of content (the segment is zero-padded to a page)
};
static_assert(sizeof(BlobDescriptor) == 24);

// Bounds the kernel and the sealer both enforce.
inline constexpr uint32_t kBootConfigMaxArgs = 256;
inline constexpr uint32_t kBootConfigMaxEnv = 256;
inline constexpr uint32_t kBootConfigMaxBlobs = 16;

}  // namespace confwl::abi
