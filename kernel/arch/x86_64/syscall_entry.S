/* SYSCALL lands here (LSTAR) with IF cleared by SFMASK, %rcx = user rip, %r11 = user rflags, still
 * on the user stack. One CPU and no interrupts in the kernel (they are enabled only in user mode,
 * for the preemption timer): a global holds the user %rsp while we switch to the kernel stack.
 * Every user register is saved (layout: SyscallFrame in syscall_frame.h) and restored from the
 * frame, so the scheduler switches threads by rewriting it. */

  .text
  .globl syscall_entry
syscall_entry:
  mov %rsp, user_rsp_scratch(%rip)
  mov kernel_stack_top(%rip), %rsp
  pushq %r15
  pushq %r14
  pushq %r13
  pushq %r12
  pushq %rbp
  pushq %rbx
  pushq user_rsp_scratch(%rip)
  pushq %r11
  pushq %rcx
  pushq %r9
  pushq %r8
  pushq %r10
  pushq %rdx
  pushq %rsi
  pushq %rdi
  pushq %rax
  mov %rsp, %rdi
  /* 16 quadwords from a 16-byte aligned top: aligned for the call. */
  call dispatch_syscall
  cmpb $0, full_return_pending(%rip)
  jne full_return
  /* The frame may now hold another thread's registers (a thread switch): restore all of them from
   * it, not from what the C++ code preserved. %rax holds that thread's syscall result. */
  add $8, %rsp                            /* the syscall number */
  popq %rdi
  popq %rsi
  popq %rdx
  popq %r10
  popq %r8
  popq %r9
  popq %rcx
  popq %r11
  mov 8(%rsp), %rbx
  mov 16(%rsp), %rbp
  mov 24(%rsp), %r12
  mov 32(%rsp), %r13
  mov 40(%rsp), %r14
  mov 48(%rsp), %r15
  mov (%rsp), %rsp
  sysretq

/* rt_sigreturn (process/signal_frame.cpp) or a switch to a thread the timer preempted: %rcx and
 * %r11 get their own values back, which SYSRET cannot do, so return with IRETQ. The frame's rip is a checked user address. */
full_return:
  movb $0, full_return_pending(%rip)
  mov %rsp, %rsi
  pushq $0x23                             /* ss: kUserDataSelector */
  pushq 72(%rsi)                          /* rsp */
  pushq 64(%rsi)                          /* rflags */
  pushq $0x2b                             /* cs: kUserCodeSelector */
  pushq 56(%rsi)                          /* rip */
  mov 8(%rsi), %rdi
  mov 24(%rsi), %rdx
  mov 32(%rsi), %r10
  mov 40(%rsi), %r8
  mov 48(%rsi), %r9
  mov 80(%rsi), %rbx
  mov 88(%rsi), %rbp
  mov 96(%rsi), %r12
  mov 104(%rsi), %r13
  mov 112(%rsi), %r14
  mov 120(%rsi), %r15
  mov full_return_rcx(%rip), %rcx
  mov full_return_r11(%rip), %r11
  mov 16(%rsi), %rsi
  iretq

/* enter_user_mode(entry, stack): first entry into ring 3 with every register zeroed (the x86-64
 * psABI start state; %rdx = 0 means "no exit handler to register"), interrupts enabled. */
  .globl enter_user_mode
enter_user_mode:
  pushq $0x23                             /* kUserDataSelector */
  pushq %rsi
  pushq $0x202                            /* rflags: IF (the preemption timer), reserved bit 1 */
  pushq $0x2b                             /* kUserCodeSelector */
  pushq %rdi
  xor %eax, %eax
  xor %ebx, %ebx
  xor %ecx, %ecx
  xor %edx, %edx
  xor %esi, %esi
  xor %edi, %edi
  xor %ebp, %ebp
  xor %r8d, %r8d
  xor %r9d, %r9d
  xor %r10d, %r10d
  xor %r11d, %r11d
  xor %r12d, %r12d
  xor %r13d, %r13d
  xor %r14d, %r14d
  xor %r15d, %r15d
  mov $0x23, %ax
  mov %ax, %ds
  mov %ax, %es
  xor %eax, %eax
  iretq

  .bss
  .balign 8
user_rsp_scratch: .skip 8
