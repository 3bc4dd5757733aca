// The ELF64 structures the loader reads (System V gABI, ELF-64 Object File Format 1.5; x86-64
// psABI). Defined here because the kernel has no libc headers.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace kernel::elf {

struct Header {
  uint8_t ident[16];
  uint16_t type;
  uint16_t machine;
  uint32_t version;
  uint64_t entry;
  uint64_t phoff;
  uint64_t shoff;
  uint32_t flags;
  uint16_t ehsize;
  uint16_t phentsize;
  uint16_t phnum;
  uint16_t shentsize;
  uint16_t shnum;
  uint16_t shstrndx;
};
static_assert(sizeof(Header) == 64);
static_assert(offsetof(Header, entry) == 24);
static_assert(offsetof(Header, phoff) == 32);
static_assert(offsetof(Header, phentsize) == 54);

struct ProgramHeader {
  uint32_t type;
  uint32_t flags;
  uint64_t offset;
  uint64_t vaddr;
  uint64_t paddr;
  uint64_t filesz;
  uint64_t memsz;
  uint64_t align;
};
static_assert(sizeof(ProgramHeader) == 56);

inline constexpr uint8_t kClass64 = 2;
inline constexpr uint8_t kDataLittleEndian = 1;
inline constexpr uint8_t kVersionCurrent = 1;
inline constexpr uint16_t kTypeExec = 2;
inline constexpr uint16_t kTypeDyn = 3;
inline constexpr uint16_t kMachineX86_64 = 62;

inline constexpr uint32_t kProgramLoad = 1;
inline constexpr uint32_t kProgramInterp = 3;
inline constexpr uint32_t kProgramPhdr = 6;

inline constexpr uint32_t kFlagExec = 1;
inline constexpr uint32_t kFlagWrite = 2;
inline constexpr uint32_t kFlagRead = 4;

}  // namespace kernel::elf
