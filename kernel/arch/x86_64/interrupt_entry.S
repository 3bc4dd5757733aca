/* The interrupts the kernel takes (arch/x86_64/lapic_timer.h). The timer's goes the exceptions'
 * way (exception_entry.S): a TrapFrame with vector 32, handled by handle_exception, which may
 * switch threads by rewriting the frame before the IRETQ. A spurious interrupt needs no EOI
 * (SDM Vol. 3A, 11.9). */

  .text
  .balign 16
  .globl timer_interrupt_stub
timer_interrupt_stub:
  pushq $0                                /* error code */
  pushq $32                               /* kTimerVector */
  jmp exception_common

  .balign 16
  .globl spurious_interrupt_stub
spurious_interrupt_stub:
  iretq
