// The boot-to-exit floor: the least a PVH guest can do. QEMU enters at
// pvh_entry in 32-bit protected mode (PVH boot ABI); writing 0 to the
// isa-debug-exit port ends QEMU at once with status (0 << 1) | 1 = 1.

#include "confwl/abi/pvh_note.inc"
    PVH_PHYS32_ENTRY_NOTE pvh_entry

    .text
    .code32
    .globl pvh_entry
pvh_entry:
    xor %eax, %eax
    outl %eax, $0xf4
1:  hlt             // only reached if the exit device is missing
    jmp 1b
