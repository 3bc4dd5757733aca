#include "arch/x86_64/descriptors.h"

#include "arch/x86_64/lapic_timer.h"

namespace kernel::x86 {

extern "C" const uint64_t exception_stubs[32];  // exception_entry.S
extern "C" char timer_interrupt_stub[], spurious_interrupt_stub[];  // interrupt_entry.S

namespace {

constexpr uint64_t kKernelCode64 = 0x00AF'9A00'0000'FFFF;
constexpr uint64_t kKernelData = 0x00CF'9200'0000'FFFF;
constexpr uint64_t kUserData = 0x00CF'F200'0000'FFFF;
constexpr uint64_t kUserCode64 = 0x00AF'FA00'0000'FFFF;
constexpr uint8_t kInterruptGateRing0 = 0x8E;
constexpr uint8_t kTssAvailable = 0x89;

// Vectors that can arrive while RSP is not a kernel stack get a stack of their own (IST): the first
// instructions of the syscall entry run on the program's RSP in ring 0, where an NMI or #MC (which
// the host can inject) would otherwise push its frame to any address the program chose; a double
// fault comes when a stack is unusable. (#DB cannot hit that window: SFMASK clears TF, and a
// program cannot set debug registers.) From user mode these vectors take the whole fault path, a
// process's end included, so each stack is as large as the kernel stack (boot.S). They are .bss:
// they cost the image nothing.
constexpr unsigned kDedicatedStackVectors[] = {2, 8, 18};  // NMI, #DF, #MC
constexpr size_t kDedicatedStackCount = sizeof kDedicatedStackVectors / sizeof kDedicatedStackVectors[0];
alignas(16) uint8_t dedicated_stacks[kDedicatedStackCount][16384];

alignas(16) uint64_t gdt[8];
alignas(16) TaskStateSegment tss;
alignas(16) IdtGate idt[kSpuriousVector + 1];  // the exceptions, then the local APIC's vectors

void fill_tss_descriptor() {
  auto base = reinterpret_cast<uint64_t>(&tss);
  uint64_t limit = sizeof(tss) - 1;
  gdt[6] = (limit & 0xFFFF) | ((base & 0xFF'FFFF) << 16) | (static_cast<uint64_t>(kTssAvailable) << 40) |
           (((base >> 24) & 0xFF) << 56);
  gdt[7] = base >> 32;
}

// An interrupt gate: IF is clear in the handler (the kernel is not reentrant).
IdtGate gate(uint64_t handler, uint8_t ist) {
  return IdtGate{
      .offset_low = static_cast<uint16_t>(handler),
      .selector = kKernelCodeSelector,
      .ist = ist,
      .type_attributes = kInterruptGateRing0,
      .offset_middle = static_cast<uint16_t>(handler >> 16),
      .offset_high = static_cast<uint32_t>(handler >> 32),
      .reserved = 0,
  };
}

// For each exception vector, the IST slot (1-based) of its dedicated stack, 0 for the current
// stack. Worked out at compile time: under TCG every loop at boot is code to translate.
struct IstSlots {
  uint8_t of_vector[32];
};
constexpr IstSlots ist_slots() {
  IstSlots slots{};
  for (size_t i = 0; i < kDedicatedStackCount; ++i) {
    slots.of_vector[kDedicatedStackVectors[i]] = static_cast<uint8_t>(i + 1);
  }
  return slots;
}
constexpr IstSlots kIstSlots = ist_slots();

void fill_idt() {
  for (unsigned vector = 0; vector < 32; ++vector) {
    idt[vector] = gate(exception_stubs[vector], kIstSlots.of_vector[vector]);
  }
  idt[kTimerVector] = gate(reinterpret_cast<uint64_t>(timer_interrupt_stub), 0);
  idt[kSpuriousVector] = gate(reinterpret_cast<uint64_t>(spurious_interrupt_stub), 0);
}

}  // namespace

void init_descriptors(uint64_t kernel_stack_top) {
  gdt[0] = 0;
  gdt[1] = kKernelCode64;
  gdt[2] = kKernelData;
  gdt[3] = 0;  // kSysretBaseSelector: 32-bit user code, unused
  gdt[4] = kUserData;
  gdt[5] = kUserCode64;
  tss.rsp[0] = kernel_stack_top;
  for (size_t i = 0; i < kDedicatedStackCount; ++i) {
    tss.ist[i] = reinterpret_cast<uint64_t>(dedicated_stacks[i] + sizeof dedicated_stacks[i]);
  }
  tss.io_map_base = sizeof(tss);  // no I/O bitmap: ring 3 gets no ports
  fill_tss_descriptor();
  fill_idt();

  DescriptorPointer gdt_pointer{sizeof(gdt) - 1, reinterpret_cast<uint64_t>(gdt)};
  DescriptorPointer idt_pointer{sizeof(idt) - 1, reinterpret_cast<uint64_t>(idt)};
  asm volatile(
      "lgdt %0\n\t"
      "pushq %[code]\n\t"
      "leaq 1f(%%rip), %%rax\n\t"
      "pushq %%rax\n\t"
      "lretq\n"
      "1:\n\t"
      "mov %[data], %%ds\n\t"
      "mov %[data], %%es\n\t"
      "mov %[data], %%ss\n\t"
      "ltr %[tss]\n\t"
      "lidt %1"
      :
      : "m"(gdt_pointer), "m"(idt_pointer), [code] "i"(kKernelCodeSelector),
        [data] "r"(static_cast<uint32_t>(kKernelDataSelector)), [tss] "r"(kTssSelector)
      : "rax", "memory");
}

}  // namespace kernel::x86
