// Tiny PVH guests that each end in one way the kvm engine must report rather than crash or hang
// on (issue 7: "every exit reason is handled"), and the local APIC model's edges (a refused
// register, a halt that waits for its timer). Assembled once per scenario with -DSCENARIO_<X>
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
#elif defined(SCENARIO_APIC_ICR)
    movl $0x4500, 0xfee00300        // the local APIC's ICR (an INIT IPI): not in the model
#elif defined(SCENARIO_HALT_INTERRUPTS_ON)
    sti
    hlt                             // interrupts on, but no timer armed: nothing will wake it
#elif defined(SCENARIO_TIMER_WAKES_HALT)
    // Gate 32 -> timer_tick (32-bit interrupt gate, Intel SDM vol. 3A, 6.11), then a one-shot
    // local APIC timer of 20 ms; the halt must last until its interrupt (else: status 99 below).
    mov $stack_top, %esp            // the interrupt pushes EFLAGS, CS, EIP; PVH gives no stack
    mov $timer_tick, %eax
    mov %ax, idt + 32 * 8
    movw $0x08, idt + 32 * 8 + 2    // the boot GDT's code selector
    movw $0x8e00, idt + 32 * 8 + 4  // present, DPL 0, 32-bit interrupt gate
    shr $16, %eax
    mov %ax, idt + 32 * 8 + 6
    lidt idt_register
    movl $0x1ff, 0xfee000f0         // SVR: software enable, spurious vector 0xff
    movl $0xb, 0xfee003e0           // divide by 1: the count is in nanoseconds
    movl $32, 0xfee00320            // LVT timer: one-shot, vector 32, unmasked
    movl $20000000, 0xfee00380      // initial count: 20 ms
    sti
    hlt
#else
#error "define one SCENARIO_..."
#endif
    mov $99, %al                    // not reached: the engine has ended the run
    outb %al, $0xf4
    jmp .

#if defined(SCENARIO_TIMER_WAKES_HALT)
timer_tick:
    movl $0, 0xfee000b0             // EOI
    mov $32, %al                    // the vector, as the exit status
    outb %al, $0xf4
    jmp .

    .data
    .balign 8
idt_register:
    .word 33 * 8 - 1
    .long idt
    .bss
    .balign 8
idt:
    .skip 33 * 8
    .skip 256
stack_top:
#endif
