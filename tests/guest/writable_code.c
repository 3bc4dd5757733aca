// Built by the host compiler as a static program whose one PT_LOAD segment is writable and
// executable (`ld -N`, OMAGIC): `confwl seal` must refuse it as the kernel's loader would (W^X),
// instead of sealing an image that can never run.
void _start(void) { __asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall"); }
