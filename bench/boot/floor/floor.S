// The boot-to-exit floor: the least a PVH guest can do. QEMU enters at
// pvh_entry in 32-bit protected mode (PVH boot ABI); writing 0 to the
// isa-debug-exit port ends QEMU at once with status (0 << 1) | 1 = 1.

    // Xen ELF note XEN_ELFNOTE_PHYS32_ENTRY (type 18): the 32-bit entry
    // address that marks this ELF as PVH-bootable.
    .section .note.Xen, "a", @note
    .p2align 2
    .long 4             // namesz: "Xen\0"
    .long 4             // descsz: one 32-bit address
    .long 18            // type: XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .long pvh_entry

    .text
    .code32
    .globl pvh_entry
pvh_entry:
    xor %eax, %eax
    outl %eax, $0xf4
1:  hlt             // only reached if the exit device is missing
    jmp 1b
