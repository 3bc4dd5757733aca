// Tiny PVH guests that each end in one way the kvm engine must report rather than crash or hang
// on (issue 7: "every exit reason is handled"). Assembled once per scenario with -DSCENARIO_<X>
// and sealed as the image's kernel. Entered like any PVH kernel: 32-bit protected mode, paging
// off, the engine's boot IDT empty.
#include "confwl/abi/kernel_features.inc"
#include "confwl/abi/pvh_note.inc"
    PVH_PHYS32_ENTRY_NOTE _start
    STAND_IN_KERNEL_FEATURES

    .text
    .code32
    .globl _start
_start:
#if defined(SCENARIO_PORT)
    mov $0x42, %al
    outb %al, $0x80                 // the POST port: not in the device contract
#elif defined(SCENARIO_TRIPLE_FAULT)
    ud2                             // #UD with an empty IDT: #GP, #DF, then shutdown
#elif defined(SCENARIO_HALT)
    cli
    hlt                             // nothing will ever wake it
#elif defined(SCENARIO_MMIO)
    movl 0xf0000000, %eax           // far above guest RAM, where no device is emulated
#else
#error "define one SCENARIO_..."
#endif
    mov $99, %al                    // not reached: the engine has ended the run
    outb %al, $0xf4
    jmp .
