/* copy_user_bytes(destination, source, size) -> 0 or -EFAULT (-14).
 * The one place the kernel touches user memory. A #PF or #GP on the rep movsb that the fault
 * handler cannot satisfy (no mapping, no permission) resumes at user_copy_fixup instead of
 * panicking: handle_exception compares the faulting rip with user_copy_fault_ip. The caller has
 * already checked that the user range lies below kUserSpaceEnd. With SMAP on, the access is
 * bracketed by stac/clac. */

  .text
  .globl copy_user_bytes, user_copy_fault_ip, user_copy_fixup
copy_user_bytes:
  mov %rdx, %rcx
  cmpb $0, smap_enabled(%rip)
  je 1f
  stac
1:
user_copy_fault_ip:
  rep movsb
  xor %eax, %eax
  jmp 2f
user_copy_fixup:
  mov $-14, %rax
2:
  cmpb $0, smap_enabled(%rip)
  je 3f
  clac
3:
  ret
