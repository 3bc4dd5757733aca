// The syscalls the kernel implements, by Linux x86-64 number and name
// (arch/x86/entry/syscalls/syscall_64.tbl). A kernel preset (kernel-config/<preset>.yaml) allows a
// subset by name; the rest return ENOSYS and are counted.
#pragma once
#include <stdint.h>

#include "syscalls/handlers.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

struct SyscallDefinition {
  uint32_t number;
  const char* name;
  SyscallHandler handler;
};

inline constexpr SyscallDefinition kImplementedSyscalls[] = {
    {0, "read", syscalls::read},
    {1, "write", syscalls::write},
    {9, "mmap", syscalls::mmap},
    {10, "mprotect", syscalls::mprotect},
    {11, "munmap", syscalls::munmap},
    {12, "brk", syscalls::brk},
    {16, "ioctl", syscalls::ioctl},
    {19, "readv", syscalls::readv},
    {20, "writev", syscalls::writev},
    {39, "getpid", syscalls::getpid},
    {60, "exit", syscalls::exit},
    {63, "uname", syscalls::uname},
    {96, "gettimeofday", syscalls::gettimeofday},
    {102, "getuid", syscalls::get_user_or_group_id},
    {104, "getgid", syscalls::get_user_or_group_id},
    {107, "geteuid", syscalls::get_user_or_group_id},
    {108, "getegid", syscalls::get_user_or_group_id},
    {110, "getppid", syscalls::getppid},
    {158, "arch_prctl", syscalls::arch_prctl},
    {186, "gettid", syscalls::getpid},
    {218, "set_tid_address", syscalls::set_tid_address},
    {228, "clock_gettime", syscalls::clock_gettime},
    {229, "clock_getres", syscalls::clock_getres},
    {231, "exit_group", syscalls::exit},
};

// Syscall numbers at or above this always return ENOSYS.
inline constexpr uint32_t kSyscallTableSize = 512;

}  // namespace kernel
