/* One stub per exception vector 0..31: push a zero error code where the CPU does not push one,
 * push the vector, save the general registers in TrapFrame order (trap_frame.h) and call
 * handle_exception(TrapFrame*). If it returns (a demand-zero page was mapped, or a user-copy fault
 * was redirected to its fixup), restore and iretq. */

  .macro STUB vector, has_error_code
  .text
  .balign 16
exception_stub_\vector:
  .if \has_error_code == 0
  pushq $0
  .endif
  pushq $\vector
  jmp exception_common
  .section .rodata
  .quad exception_stub_\vector
  .endm

  .section .rodata
  .balign 8
  .globl exception_stubs
exception_stubs:
  STUB 0, 0
  STUB 1, 0
  STUB 2, 0
  STUB 3, 0
  STUB 4, 0
  STUB 5, 0
  STUB 6, 0
  STUB 7, 0
  STUB 8, 1
  STUB 9, 0
  STUB 10, 1
  STUB 11, 1
  STUB 12, 1
  STUB 13, 1
  STUB 14, 1
  STUB 15, 0
  STUB 16, 0
  STUB 17, 1
  STUB 18, 0
  STUB 19, 0
  STUB 20, 0
  STUB 21, 1
  STUB 22, 0
  STUB 23, 0
  STUB 24, 0
  STUB 25, 0
  STUB 26, 0
  STUB 27, 0
  STUB 28, 0
  STUB 29, 1
  STUB 30, 1
  STUB 31, 0

  .text
  .globl exception_common                 /* also the timer interrupt's (interrupt_entry.S) */
exception_common:
  pushq %rax
  pushq %rbx
  pushq %rcx
  pushq %rdx
  pushq %rsi
  pushq %rdi
  pushq %rbp
  pushq %r8
  pushq %r9
  pushq %r10
  pushq %r11
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  mov %rsp, %rdi
  /* The CPU aligned the frame to 16 bytes before pushing; 22 quadwords keep it aligned. */
  call handle_exception
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %r11
  popq %r10
  popq %r9
  popq %r8
  popq %rbp
  popq %rdi
  popq %rsi
  popq %rdx
  popq %rcx
  popq %rbx
  popq %rax
  add $16, %rsp                           /* vector and error code */
  iretq
