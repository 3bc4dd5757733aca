/* PVH entry: QEMU (or any PVH loader) jumps here in 32-bit protected mode, paging off, flat
 * segments, %ebx = physical address of hvm_start_info. We zero .bss, build a temporary page table
 * (identity + direct map + higher half, all covering the first 1 GiB with 2 MiB pages), enter
 * long mode and call kernel_main(start_info_physical) in the higher half. kernel_main replaces
 * these tables with final ones built from the validated memory map. */

#define KERNEL_VIRTUAL_BASE 0xFFFFFFFF80000000
#define PHYS(symbol) ((symbol) - KERNEL_VIRTUAL_BASE)

#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PAGE_PRESENT_WRITABLE 0x3
#define PAGE_LARGE 0x80

#include "confwl/abi/pvh_note.inc"
  PVH_PHYS32_ENTRY_NOTE PHYS(pvh_start32)

  .section .boot.text, "ax", @progbits
  .code32
  .globl pvh_start32
pvh_start32:
  cli
  cld
  mov %ebx, %esi                          /* hvm_start_info, kept until kernel_main */
  mov $PHYS(boot_stack_top), %esp

  /* .bss, the boot page tables included, is zero as the loader leaves it: a PT_LOAD's bytes past
   * p_filesz are zero-filled (ELF; QEMU's PVH loader and vmm/kvm/image_loader.cpp do so), and a
   * TEE launch measures them as zero pages (docs/measurement.md). Zeroing it again here cost
   * ~0.4 ms per boot under TCG, where the first write to each guest page takes the slow path. */

  /* PML4[0] (identity, for the jump) and PML4[256] (direct map) lead to four page directories
   * mapping physical [0, 4 GiB); PML4[511] (kernel) maps its top 2 GiB onto [0, 1 GiB). */
  mov $PHYS(boot_pdpt_low), %eax
  or $PAGE_PRESENT_WRITABLE, %eax
  mov %eax, PHYS(boot_pml4)
  mov %eax, PHYS(boot_pml4) + 256 * 8
  mov $PHYS(boot_pdpt_high), %eax
  or $PAGE_PRESENT_WRITABLE, %eax
  mov %eax, PHYS(boot_pml4) + 511 * 8
  mov $PHYS(boot_pd), %eax
  or $PAGE_PRESENT_WRITABLE, %eax
  mov %eax, PHYS(boot_pdpt_high) + 510 * 8
  mov %eax, PHYS(boot_pdpt_low)
  add $4096, %eax
  mov %eax, PHYS(boot_pdpt_low) + 8
  add $4096, %eax
  mov %eax, PHYS(boot_pdpt_low) + 16
  add $4096, %eax
  mov %eax, PHYS(boot_pdpt_low) + 24
  mov $PHYS(boot_pd), %edi
  mov $(PAGE_PRESENT_WRITABLE | PAGE_LARGE), %eax
  mov $2048, %ecx
1:
  mov %eax, (%edi)
  add $0x200000, %eax
  add $8, %edi
  loop 1b

  mov %cr4, %eax
  or $CR4_PAE, %eax
  mov %eax, %cr4
  mov $PHYS(boot_pml4), %eax
  mov %eax, %cr3

  /* EFER.NXE only if the CPU has NX (CPUID 0x80000001 EDX bit 20); kernel_main refuses to run
   * without it, with a message, once the console works. */
  mov $0x80000001, %eax
  cpuid
  xor %ebx, %ebx
  bt $20, %edx
  jnc 2f
  mov $EFER_NXE, %ebx
2:
  mov $MSR_EFER, %ecx
  rdmsr
  or $EFER_LME, %eax
  or %ebx, %eax
  wrmsr

  mov %cr0, %eax
  or $(CR0_PE | CR0_PG | CR0_WP), %eax
  mov %eax, %cr0

  lgdt PHYS(boot_gdt_pointer)
  ljmp $0x08, $PHYS(long_mode_start)

  .code64
long_mode_start:
  movabs $higher_half_start, %rax
  jmp *%rax
higher_half_start:
  mov $0x10, %eax
  mov %eax, %ds
  mov %eax, %es
  mov %eax, %ss
  xor %eax, %eax
  mov %eax, %fs
  mov %eax, %gs
  movabs $boot_stack_top, %rsp
  mov %esi, %edi
  call kernel_main
  ud2

  .section .rodata
  .balign 8
boot_gdt:
  .quad 0
  .quad 0x00AF9A000000FFFF                /* 0x08: 64-bit code, ring 0 */
  .quad 0x00CF92000000FFFF                /* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdt_pointer:
  .word boot_gdt_end - boot_gdt - 1
  .long PHYS(boot_gdt)

  .section .bss
  .balign 4096
boot_pml4: .skip 4096
boot_pdpt_low: .skip 4096
boot_pdpt_high: .skip 4096
boot_pd: .skip 4 * 4096
  .globl boot_stack_bottom, boot_stack_top
boot_stack_bottom: .skip 16384
boot_stack_top:
