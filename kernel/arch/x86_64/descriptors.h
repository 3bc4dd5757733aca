// GDT, TSS and IDT (Intel SDM Vol. 3A, 3.4.5, 7.2.3, 6.14.1). The selector layout is fixed by
// SYSCALL/SYSRET: user data must sit 8 bytes below 64-bit user code (SDM Vol. 2B, SYSRET).
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace kernel::x86 {

inline constexpr uint16_t kKernelCodeSelector = 0x08;
inline constexpr uint16_t kKernelDataSelector = 0x10;
inline constexpr uint16_t kSysretBaseSelector = 0x18;  // STAR[63:48]: SS = +8, CS = +16
inline constexpr uint16_t kUserDataSelector = 0x20 | 3;
inline constexpr uint16_t kUserCodeSelector = 0x28 | 3;
inline constexpr uint16_t kTssSelector = 0x30;

struct [[gnu::packed]] TaskStateSegment {
  uint32_t reserved0;
  uint64_t rsp[3];      // stack loaded on a privilege change to ring N
  uint64_t reserved1;
  uint64_t ist[7];      // interrupt stack table, ist[0] is IST1
  uint64_t reserved2;
  uint16_t reserved3;
  uint16_t io_map_base;
};
static_assert(sizeof(TaskStateSegment) == 104);
static_assert(offsetof(TaskStateSegment, rsp) == 4);
static_assert(offsetof(TaskStateSegment, ist) == 36);
static_assert(offsetof(TaskStateSegment, io_map_base) == 102);

struct [[gnu::packed]] IdtGate {
  uint16_t offset_low;
  uint16_t selector;
  uint8_t ist;
  uint8_t type_attributes;
  uint16_t offset_middle;
  uint32_t offset_high;
  uint32_t reserved;
};
static_assert(sizeof(IdtGate) == 16);

struct [[gnu::packed]] DescriptorPointer {
  uint16_t limit;
  uint64_t base;
};
static_assert(sizeof(DescriptorPointer) == 10);

// Loads the final GDT (with the TSS) and the IDT for the 32 exception vectors.
void init_descriptors(uint64_t kernel_stack_top);

}  // namespace kernel::x86
