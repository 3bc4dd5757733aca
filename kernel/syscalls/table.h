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
    {2, "open", syscalls::open},  // partial: O_TMPFILE unsupported; new files only in /tmp
    {3, "close", syscalls::close},
    {4, "stat", syscalls::stat},
    {5, "fstat", syscalls::fstat},
    {6, "lstat", syscalls::lstat},
    {7, "poll", syscalls::poll},  // partial: waiting rechecks readiness every millisecond
    {8, "lseek", syscalls::lseek},
    {9, "mmap", syscalls::mmap},  // partial: file mappings are private copies of sealed files; never executable
    {10, "mprotect", syscalls::mprotect},
    {11, "munmap", syscalls::munmap},
    {12, "brk", syscalls::brk},
    {13, "rt_sigaction", syscalls::rt_sigaction},  // partial: SIG_IGN discards a pending signal in the process and the calling thread only
    {14, "rt_sigprocmask", syscalls::rt_sigprocmask},
    {15, "rt_sigreturn", syscalls::rt_sigreturn},
    {16, "ioctl", syscalls::ioctl},  // partial: no device takes an ioctl (ENOTTY on every descriptor)
    {17, "pread64", syscalls::pread64},
    {18, "pwrite64", syscalls::pwrite64},
    {19, "readv", syscalls::readv},
    {20, "writev", syscalls::writev},
    {21, "access", syscalls::access},
    {22, "pipe", syscalls::pipe},  // partial: a blocking write of more than PIPE_BUF bytes may return a short count
    {23, "select", syscalls::select},  // partial: waiting rechecks readiness every millisecond
    {24, "sched_yield", syscalls::sched_yield},
    {28, "madvise", syscalls::madvise},  // partial: MADV_DONTNEED/MADV_FREE on file-backed memory is EINVAL; MADV_WIPEONFORK, MADV_REMOVE, MADV_HWPOISON unsupported
    {32, "dup", syscalls::dup},
    {33, "dup2", syscalls::dup2},
    {35, "nanosleep", syscalls::nanosleep},
    {39, "getpid", syscalls::getpid},
    {56, "clone", syscalls::clone},  // partial: processes share memory only as vfork children (CLONE_VM needs CLONE_VFORK); no CLONE_FILES/CLONE_FS/namespaces for processes
    {57, "fork", syscalls::fork},  // partial: memory is copied eagerly (no copy-on-write)
    {58, "vfork", syscalls::vfork},
    {59, "execve", syscalls::execve},  // partial: sealed static x86-64 ELF executables only (EACCES otherwise), no #! scripts
    {60, "exit", syscalls::exit},
    {61, "wait4", syscalls::wait4},  // partial: no stopped/continued reports (no job control); rusage is zero
    {62, "kill", syscalls::kill},
    {63, "uname", syscalls::uname},
    {72, "fcntl", syscalls::fcntl},  // partial: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL; no locks
    {77, "ftruncate", syscalls::ftruncate},  // partial: /tmp files only
    {79, "getcwd", syscalls::getcwd},
    {80, "chdir", syscalls::chdir},
    {81, "fchdir", syscalls::fchdir},
    {83, "mkdir", syscalls::mkdir},  // partial: in /tmp only (EROFS elsewhere)
    {84, "rmdir", syscalls::rmdir},  // partial: /tmp directories only; EBUSY while one is open
    {87, "unlink", syscalls::unlink},  // partial: /tmp files only
    {89, "readlink", syscalls::readlink},  // partial: only /proc/self/exe reads as a link
    {95, "umask", syscalls::umask},
    {96, "gettimeofday", syscalls::gettimeofday},
    {99, "sysinfo", syscalls::sysinfo},  // partial: no load averages, no swap
    {102, "getuid", syscalls::get_user_or_group_id},
    {104, "getgid", syscalls::get_user_or_group_id},
    {107, "geteuid", syscalls::get_user_or_group_id},
    {108, "getegid", syscalls::get_user_or_group_id},
    {109, "setpgid", syscalls::setpgid},
    {110, "getppid", syscalls::getppid},
    {111, "getpgrp", syscalls::getpgrp},
    {112, "setsid", syscalls::setsid},
    {121, "getpgid", syscalls::getpgid},
    {124, "getsid", syscalls::getsid},
    {127, "rt_sigpending", syscalls::rt_sigpending},
    {128, "rt_sigtimedwait", syscalls::rt_sigtimedwait},  // partial: real-time signals do not queue (one pending instance each)
    {130, "rt_sigsuspend", syscalls::rt_sigsuspend},
    {131, "sigaltstack", syscalls::sigaltstack},
    {158, "arch_prctl", syscalls::arch_prctl},
    {186, "gettid", syscalls::gettid},
    {200, "tkill", syscalls::tkill},
    {202, "futex", syscalls::futex},  // partial: WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE; no PI, no WAKE_OP
    {217, "getdents64", syscalls::getdents64},
    {218, "set_tid_address", syscalls::set_tid_address},
    {228, "clock_gettime", syscalls::clock_gettime},
    {229, "clock_getres", syscalls::clock_getres},
    {230, "clock_nanosleep", syscalls::clock_nanosleep},
    {231, "exit_group", syscalls::exit_group},
    {234, "tgkill", syscalls::tgkill},
    {247, "waitid", syscalls::waitid},  // partial: P_PIDFD unsupported; no stopped/continued reports; rusage is zero
    {257, "openat", syscalls::openat},  // partial: O_TMPFILE unsupported; new files only in /tmp
    {258, "mkdirat", syscalls::mkdirat},  // partial: in /tmp only (EROFS elsewhere)
    {262, "newfstatat", syscalls::newfstatat},
    {263, "unlinkat", syscalls::unlinkat},  // partial: /tmp files and (AT_REMOVEDIR) /tmp directories only
    {267, "readlinkat", syscalls::readlinkat},  // partial: only /proc/self/exe reads as a link
    {269, "faccessat", syscalls::faccessat},
    {270, "pselect6", syscalls::pselect6},  // partial: waiting rechecks readiness every millisecond
    {271, "ppoll", syscalls::ppoll},  // partial: waiting rechecks readiness every millisecond
    {273, "set_robust_list", syscalls::set_robust_list},  // partial: the list is accepted but not walked when a thread exits
    {292, "dup3", syscalls::dup3},
    {293, "pipe2", syscalls::pipe2},  // partial: no O_DIRECT (packet) pipes; a blocking write of more than PIPE_BUF bytes may return a short count
    {302, "prlimit64", syscalls::prlimit64},  // partial: limits can be read, not changed (EPERM)
    {318, "getrandom", syscalls::getrandom},
    {322, "execveat", syscalls::execveat},  // partial: sealed static x86-64 ELF executables only (EACCES otherwise)
    {332, "statx", syscalls::statx},
    {439, "faccessat2", syscalls::faccessat2},
};

// Syscall numbers at or above this always return ENOSYS.
inline constexpr uint32_t kSyscallTableSize = 512;

}  // namespace kernel
