// A tiny PVH guest for testing the VMM alone, without the ConfWL kernel: 32-bit code entered by
// QEMU's PVH loader (protected mode, paging off). It speaks just enough of the hostcall protocol
// (include/confwl/abi/hostcall.h, version 2) over COM2: it asks for runtime args and acts out the scenario
// named by the first one's first letter:
//   a  print each runtime arg on its own line on COM1, exit with argc
//   e  print a greeting on COM1, exit 42
//   d  no exit message, only the debug-exit port with 7
//   c  a crash report (page fault at 0x401000, address 0, error 4), exit 139
//   n  ENOSYS counts (clone3 x2, 999 x1), exit 0
//   t  ask for the host time, exit 0 when a non-zero time came back
//   s  echo COM1 input until the host's kStdinEof count is reached, exit with that count % 256
//   h  exit message 5, then hang without the debug-exit port
//   p  half a frame header, then the debug-exit port
//   g  bytes that are not a frame, then hang
//   l  spin forever
// Anything unexpected from the host ends it with debug-exit status 99.
#define COM1 0x3f8
#define COM2 0x2f8
#define LSR 5
#define DEBUG_EXIT 0xf4
#define VERSION 2
#define SYNC_BYTE 0
#define HEADER_SIZE 16
#define MAX_PAYLOAD 8192
#define T_EXIT 1
#define T_CRASH 2
#define T_SYSCALL_COUNTS 3
#define T_ARGS_REQUEST 4
#define T_TIME_REQUEST 5
#define T_ARGS_REPLY 64
#define T_TIME_REPLY 65
#define T_STDIN_EOF 66

#include "confwl/abi/kernel_features.inc"
#include "confwl/abi/pvh_note.inc"
    PVH_PHYS32_ENTRY_NOTE _start
    STAND_IN_KERNEL_FEATURES

    .text
    .code32
    .globl _start
_start:
    mov $stack_top, %esp
    mov $COM2, %dx                  // its FIFO stays off, so the host's sync byte comes first
    call getc
    cmp $SYNC_BYTE, %al
    jne fail
    mov $T_ARGS_REQUEST, %eax
    xor %ecx, %ecx
    call send_frame
    call receive_reply
    cmpw $T_ARGS_REPLY, rx_header + 6
    jne fail
    cmpl $0, rx_payload             // argc
    je fail
    movzbl rx_payload + 8, %eax     // first letter of the first runtime arg
    cmp $'a', %al
    je scenario_args
    cmp $'e', %al
    je scenario_exit
    cmp $'d', %al
    je scenario_debug_exit
    cmp $'c', %al
    je scenario_crash
    cmp $'n', %al
    je scenario_syscall_counts
    cmp $'t', %al
    je scenario_time
    cmp $'s', %al
    je scenario_stdin
    cmp $'h', %al
    je scenario_exit_then_hang
    cmp $'p', %al
    je scenario_partial_frame
    cmp $'g', %al
    je scenario_garbage
    cmp $'l', %al
    je scenario_loop
fail:
    mov $99, %al
    jmp debug_exit

scenario_args:
    mov $rx_payload + 8, %esi
    mov rx_payload, %ebx
    mov $COM1, %dx
1:  test %ebx, %ebx
    jz 3f
2:  movb (%esi), %al
    inc %esi
    test %al, %al
    jz 4f
    call putc
    jmp 2b
4:  mov $'\n', %al
    call putc
    dec %ebx
    jmp 1b
3:  mov rx_payload, %ebx
    jmp exit_with_status

scenario_exit:
    mov $COM1, %dx
    mov $greeting, %esi
    mov $greeting_end - greeting, %ecx
    call send_bytes
    mov $42, %ebx
    jmp exit_with_status

scenario_debug_exit:
    mov $7, %al
    jmp debug_exit

scenario_crash:
    mov $T_CRASH, %eax
    mov $crash_report, %esi
    mov $crash_report_end - crash_report, %ecx
    call send_frame
    mov $139, %ebx
    jmp exit_with_status

scenario_syscall_counts:
    mov $T_SYSCALL_COUNTS, %eax
    mov $syscall_counts, %esi
    mov $syscall_counts_end - syscall_counts, %ecx
    call send_frame
    xor %ebx, %ebx
    jmp exit_with_status

scenario_time:
    mov $T_TIME_REQUEST, %eax
    xor %ecx, %ecx
    call send_frame
    call receive_reply
    cmpw $T_TIME_REPLY, rx_header + 6
    jne fail
    mov rx_payload, %eax
    or rx_payload + 4, %eax
    jz fail
    xor %ebx, %ebx
    jmp exit_with_status

// Echoes COM1 until as many bytes as kStdinEof announced have come, polling both ports.
scenario_stdin:
    xor %ebx, %ebx                  // bytes echoed
1:  cmp stdin_total, %ebx
    je 3f
    mov $COM1 + LSR, %dx
    in %dx, %al
    test $1, %al
    jz 2f
    mov $COM1, %dx
    call getc
    call putc
    inc %ebx
    jmp 1b
2:  mov $COM2 + LSR, %dx
    in %dx, %al
    test $1, %al
    jz 1b
    call receive_frame
    cmpw $T_STDIN_EOF, rx_header + 6
    jne fail
    call note_stdin_total
    jmp 1b
3:  movzbl %bl, %ebx                // an exit status is 0..255
    jmp exit_with_status

scenario_exit_then_hang:
    mov $5, %ebx
    call send_exit
    jmp hang

scenario_partial_frame:
    mov $COM2, %dx
    mov $magic_and_version, %esi
    mov $6, %ecx
    call send_bytes
    mov $0, %al
    jmp debug_exit

scenario_garbage:
    mov $COM2, %dx
    mov $not_a_frame, %esi
    mov $not_a_frame_end - not_a_frame, %ecx
    call send_bytes
    jmp hang

scenario_loop:
    pause
    jmp scenario_loop

// %ebx = status: kExit, then the debug-exit port with the same status.
exit_with_status:
    call send_exit
    mov %bl, %al
debug_exit:
    mov $DEBUG_EXIT, %dx
    out %al, %dx
hang:
    cli
    hlt
    jmp hang

// %ebx = status
send_exit:
    mov %ebx, exit_payload
    mov $T_EXIT, %eax
    mov $exit_payload, %esi
    mov $8, %ecx
    jmp send_frame

// %eax = type, %esi = payload, %ecx = payload length. Clobbers %eax, %ecx, %edx, %esi.
send_frame:
    movl $0x43485743, tx_header     // "CWHC"
    movw $VERSION, tx_header + 4
    movw %ax, tx_header + 6
    movl %ecx, tx_header + 8
    movl $0, tx_header + 12
    push %esi
    push %ecx
    push %esi
    push %ecx
    xor %eax, %eax
    mov $tx_header, %esi
    mov $HEADER_SIZE, %ecx
    call crc32_update
    pop %ecx
    pop %esi
    call crc32_update
    mov %eax, tx_header + 12
    mov $COM2, %dx
    mov $tx_header, %esi
    mov $HEADER_SIZE, %ecx
    call send_bytes
    pop %ecx
    pop %esi
    jmp send_bytes

// CRC-32/ISO-HDLC: %eax = crc so far, %esi = data, %ecx = length -> %eax. Clobbers %ecx, %edx, %esi.
crc32_update:
    not %eax
1:  test %ecx, %ecx
    jz 4f
    movzbl (%esi), %edx
    xor %edx, %eax
    mov $8, %edx
2:  shr $1, %eax
    jnc 3f
    xor $0xedb88320, %eax
3:  dec %edx
    jnz 2b
    inc %esi
    dec %ecx
    jmp 1b
4:  not %eax
    ret

// Reads the reply to a request: the host may send its unsolicited kStdinEof at any time, even
// before the reply. Clobbers %eax, %ecx, %edx, %edi.
receive_reply:
    call receive_frame
    cmpw $T_STDIN_EOF, rx_header + 6
    jne 1f
    call note_stdin_total
    jmp receive_reply
1:  ret

note_stdin_total:
    mov rx_payload, %eax
    mov %eax, stdin_total
    ret

// Reads one frame from COM2 into rx_header and rx_payload. Clobbers %eax, %ecx, %edx, %edi.
receive_frame:
    mov $COM2, %dx
    mov $rx_header, %edi
    mov $HEADER_SIZE, %ecx
    call receive_bytes
    mov rx_header + 8, %ecx
    cmp $MAX_PAYLOAD, %ecx
    ja fail
    mov $rx_payload, %edi
    jmp receive_bytes

// %dx = port, %edi = buffer, %ecx = length. Clobbers %eax, %ecx, %edi.
receive_bytes:
    test %ecx, %ecx
    jz 2f
1:  call getc
    mov %al, (%edi)
    inc %edi
    dec %ecx
    jnz 1b
2:  ret

// %dx = port, %esi = bytes, %ecx = length. Clobbers %eax, %ecx, %esi.
send_bytes:
    test %ecx, %ecx
    jz 2f
1:  movb (%esi), %al
    call putc
    inc %esi
    dec %ecx
    jnz 1b
2:  ret

// %dx = port, %al = byte; waits for the transmitter to be empty.
putc:
    push %eax
    push %edx
    add $LSR, %dx
1:  in %dx, %al
    test $0x20, %al
    jz 1b
    pop %edx
    pop %eax
    out %al, %dx
    ret

// %dx = port -> %al; waits for a byte.
getc:
    push %edx
    add $LSR, %dx
1:  in %dx, %al
    test $1, %al
    jz 1b
    pop %edx
    in %dx, %al
    ret

    .data
greeting:
    .ascii "tiny guest: hello on COM1\n"
greeting_end:
crash_report:                       // HostcallCrash
    .long 14, 11                    // vector (#PF), signal (SIGSEGV)
    .quad 4, 0x401000, 0x7ffffffde000, 0   // error code, rip, rsp, fault address
crash_report_end:
syscall_counts:                     // HostcallSyscallCount[]
    .long 435, 2, 999, 1
syscall_counts_end:
magic_and_version:
    .long 0x43485743
    .short VERSION
not_a_frame:
    .ascii "this is not a hostcall frame"
not_a_frame_end:
stdin_total:
    .long 0xffffffff                // until kStdinEof says otherwise

    .bss
    .balign 16
exit_payload: .skip 8
tx_header: .skip HEADER_SIZE
rx_header: .skip HEADER_SIZE
rx_payload: .skip MAX_PAYLOAD
    .balign 16
    .skip 4096
stack_top:
