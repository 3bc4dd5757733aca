// Guest-physical and kernel-virtual addresses that the sealer, the kernel and every VMM engine
// agree on. Each one says why it is where it is.
#pragma once
#include <stdint.h>

namespace confwl::abi {

// [0, 1 MiB) belongs to the VMM: the PVH loader puts hvm_start_info, the memory map and the
// command line there. The kernel copies what it needs out of it before reusing that memory.
inline constexpr uint64_t kVmmScratchEnd = 0x0010'0000;

// The IGVM launch (NAME.igvm, docs/measurement.md) adds three pages in that low memory, just above
// the PVH parameter area [0x6000, 0x8000) and far below the kernel: the kernel never hands out
// memory below the end of the sealed image, so none of them can be reused as RAM.
//   the IGVM memory-map parameter area: written by the VMM (untrusted, unmeasured), an
//   IGVM_VHS_MEMORY_MAP_ENTRY array ended by an entry of zero pages;
//   the SEV-SNP SECRETS page (filled by the PSP: VMPCKs for guest messages);
//   the SEV-SNP CPUID page (the host's CPUID table, checked by the PSP).
inline constexpr uint64_t kIgvmMemoryMapGpa = 0x8000;
inline constexpr uint64_t kSnpSecretsPageGpa = 0x9000;
inline constexpr uint64_t kSnpCpuidPageGpa = 0xA000;
// TDX vCPUs start at the reset vector 0xFFFFFFF0 in 32-bit protected mode; the IGVM file's
// measured TDX reset page at the top of 4 GiB jumps from there to the PVH entry.
inline constexpr uint64_t kTdxResetPageGpa = 0xFFFF'F000;

// The kernel's PT_LOAD segments are linked at 1 MiB, the conventional PVH load address, and must
// end below kBootConfigAddress; the sealer refuses a kernel that does not fit.
inline constexpr uint64_t kKernelPhysicalBase = 0x0010'0000;
inline constexpr uint64_t kKernelPhysicalLimit = 0x0040'0000;

// The boot config sits at a fixed address so the kernel can find it without any input from the
// (untrusted) host: it is part of the measured image.
inline constexpr uint64_t kBootConfigAddress = 0x0040'0000;
inline constexpr uint64_t kBootConfigMaxSize = 0x0001'0000;

// Blobs (the workload ELF, later the sealed-files archive) follow the boot config, each page
// aligned, in the order the boot config lists them.
inline constexpr uint64_t kBlobsBase = kBootConfigAddress + kBootConfigMaxSize;

inline constexpr uint64_t kPageSize = 0x1000;

// The kernel runs in the top 2 GiB (-mcmodel=kernel) and maps all of RAM at kDirectMapBase.
inline constexpr uint64_t kKernelVirtualBase = 0xFFFF'FFFF'8000'0000;
inline constexpr uint64_t kDirectMapBase = 0xFFFF'8000'0000'0000;

// User space is the lower half; a static-PIE workload is loaded at kPieLoadBase.
inline constexpr uint64_t kUserSpaceEnd = 0x0000'7FFF'FFFF'F000;
inline constexpr uint64_t kPieLoadBase = 0x0000'0000'1000'0000;
// The top of user space is the stack, with an unmapped guard gap below it; a program's segments
// and its mmaps stay below kUserLoadCeiling (the kernel's loader refuses segments above it, and so
// does the sealer, with the same code: kernel/loader/elf_plan.h).
inline constexpr uint64_t kUserStackSize = 8ull << 20;
inline constexpr uint64_t kUserStackGuard = 1ull << 20;
inline constexpr uint64_t kUserLoadCeiling = kUserSpaceEnd - kUserStackSize - kUserStackGuard;

// Smallest guest RAM the sealer accepts (manifest resources.memory): the kernel needs room for
// page tables, the user stack and heap beyond the image itself.
inline constexpr uint64_t kMinimumGuestMemory = 16ull << 20;
inline constexpr uint64_t kDefaultGuestMemory = 64ull << 20;
inline constexpr uint64_t kMaximumGuestMemory = 64ull << 30;

}  // namespace confwl::abi
