#!/bin/sh
# Rebuilds the ELF fixtures in this directory (committed, so the unit tests need no cross
# toolchain). Needs clang and lld (Debian 12: clang-14, lld-14). Run from anywhere:
#   sh tests/unit/library/data/make-fixtures.sh
# Each fixture is as small as the linker allows; what each one is for is in README.md.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
x86="clang --target=x86_64-linux-musl -nostdlib -fuse-ld=lld -Wl,-z,max-page-size=4096 -Wl,--build-id=none"

cat > "$work/exit.s" <<'ASM'
  .globl _start
_start:
  mov $60, %eax
  xor %edi, %edi
  syscall
ASM
$x86 -static -o static.elf "$work/exit.s"
$x86 -fPIE -Wl,-pie -Wl,--no-dynamic-linker -o static-pie.elf "$work/exit.s"

# A shared library named like musl's libc, to link against without musl's real one.
cat > "$work/lib.s" <<'ASM'
  .globl shared_function
shared_function:
  ret
ASM
$x86 -shared -Wl,-soname,libc.so -o "$work/libc.so" "$work/lib.s"
$x86 -Wl,-dynamic-linker,/lib/ld-musl-x86_64.so.1 -o dynamic.elf "$work/exit.s" "$work/libc.so"
$x86 -Wl,-pie -Wl,--no-dynamic-linker -o needs-library.elf "$work/exit.s" "$work/libc.so"

cat > "$work/exit-arm.s" <<'ASM'
  .globl _start
_start:
  mov x8, #93
  mov x0, #0
  svc #0
ASM
clang --target=aarch64-linux-gnu -nostdlib -static -fuse-ld=lld -Wl,-z,max-page-size=4096 \
  -Wl,--build-id=none -o aarch64.elf "$work/exit-arm.s"

# A stand-in PVH kernel: linked in the higher half, loaded at 1 MiB, with the Xen
# PHYS32_ENTRY note and a .confwl.features section (include/confwl/abi/kernel_features.h) that
# claims every subsystem and every syscall (compiled in and implemented); its entry only writes 0 to the isa-debug-exit port.
# kernel-without-note.elf is the same kernel linked without the note, kernel-without-features.elf
# without the features section.
cat > "$work/kernel.s" <<'ASM'
  .section .text, "ax", @progbits
  .code32
  .globl pvh_start
pvh_start:
  xor %eax, %eax
  outl %eax, $0xf4
  hlt
  .section .bss, "aw", @nobits
  .space 8192
ASM
cat > "$work/features.s" <<'ASM'
#include "confwl/abi/kernel_features.inc"
  STAND_IN_KERNEL_FEATURES
ASM
cat > "$work/note.s" <<'ASM'
  .section .note.Xen, "a", @note
  .p2align 2
  .long 4, 4, 18
  .asciz "Xen"
  .long pvh_start - 0xffffffff80000000
ASM
cat > "$work/kernel.ld" <<'LD'
ENTRY(pvh_start)
SECTIONS {
  . = 0xffffffff80100000;
  .text : AT(0x100000) { *(.text) }
  .note : AT(ADDR(.note) - 0xffffffff80000000) { *(.note.Xen) }
  .bss : AT(ADDR(.bss) - 0xffffffff80000000) { *(.bss) }
}
LD
clang --target=x86_64-none-elf -c -o "$work/kernel.o" "$work/kernel.s"
clang --target=x86_64-none-elf -c -o "$work/note.o" "$work/note.s"
clang --target=x86_64-none-elf -I ../../../../include -x assembler-with-cpp -c -o "$work/features.o" "$work/features.s"
ld.lld -z max-page-size=4096 --build-id=none -T "$work/kernel.ld" -o pvh-kernel.elf "$work/kernel.o" "$work/note.o" "$work/features.o"
ld.lld -z max-page-size=4096 --build-id=none -T "$work/kernel.ld" -o kernel-without-note.elf "$work/kernel.o" "$work/features.o"
ld.lld -z max-page-size=4096 --build-id=none -T "$work/kernel.ld" -o kernel-without-features.elf "$work/kernel.o" "$work/note.o"
