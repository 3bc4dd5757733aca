// The syscalls the kernel implements, by Linux x86-64 number and name
// (arch/x86/entry/syscalls/syscall_64.tbl), each with the subsystem it belongs to. A kernel preset
// (kernel-config/<preset>.yaml) compiles in the rows of its subsystems and allows a subset of them
// by name; the rest return ENOSYS and are counted.
#pragma once
#include <stdint.h>

#include "confwl/abi/kernel_features.h"
#include "syscalls/handlers.h"
#include "syscalls/syscall_frame.h"

namespace kernel {

using Subsystem = confwl::abi::KernelSubsystem;

struct SyscallDefinition {
  uint32_t number;
  const char* name;
  SyscallHandler handler;
  Subsystem subsystem;
};

inline constexpr SyscallDefinition kImplementedSyscalls[] = {
    {0, "read", syscalls::read, Subsystem::kCore},
    {1, "write", syscalls::write, Subsystem::kCore},
    {2, "open", syscalls::open, Subsystem::kFiles},  // partial: O_TMPFILE unsupported; new files only in /tmp
    {3, "close", syscalls::close, Subsystem::kFiles},
    {4, "stat", syscalls::stat, Subsystem::kFiles},
    {5, "fstat", syscalls::fstat, Subsystem::kFiles},
    {6, "lstat", syscalls::lstat, Subsystem::kFiles},
    {7, "poll", syscalls::poll, Subsystem::kFiles},
    {8, "lseek", syscalls::lseek, Subsystem::kFiles},
    {9, "mmap", syscalls::mmap, Subsystem::kCore},  // partial: file mappings are private copies of sealed files; never executable
    {10, "mprotect", syscalls::mprotect, Subsystem::kCore},
    {11, "munmap", syscalls::munmap, Subsystem::kCore},
    {12, "brk", syscalls::brk, Subsystem::kCore},
    {13, "rt_sigaction", syscalls::rt_sigaction, Subsystem::kSignals},  // partial: SIG_IGN discards a pending signal in the process and the calling thread only
    {14, "rt_sigprocmask", syscalls::rt_sigprocmask, Subsystem::kSignals},
    {15, "rt_sigreturn", syscalls::rt_sigreturn, Subsystem::kSignals},
    {16, "ioctl", syscalls::ioctl, Subsystem::kCore},  // partial: no device takes an ioctl (ENOTTY on every descriptor)
    {17, "pread64", syscalls::pread64, Subsystem::kFiles},
    {18, "pwrite64", syscalls::pwrite64, Subsystem::kFiles},
    {19, "readv", syscalls::readv, Subsystem::kCore},
    {20, "writev", syscalls::writev, Subsystem::kCore},
    {21, "access", syscalls::access, Subsystem::kFiles},
    {22, "pipe", syscalls::pipe, Subsystem::kProcesses},
    {23, "select", syscalls::select, Subsystem::kFiles},
    {25, "mremap", syscalls::mremap, Subsystem::kCore},  // partial: no MREMAP_DONTUNMAP, no old_size 0 (duplicating a shared mapping); file and code mappings do not grow
    {24, "sched_yield", syscalls::sched_yield, Subsystem::kThreads},
    {28, "madvise", syscalls::madvise, Subsystem::kCore},  // partial: MADV_DONTNEED/MADV_FREE on file-backed memory is EINVAL; MADV_WIPEONFORK, MADV_REMOVE, MADV_HWPOISON unsupported
    {32, "dup", syscalls::dup, Subsystem::kFiles},
    {33, "dup2", syscalls::dup2, Subsystem::kFiles},
    {35, "nanosleep", syscalls::nanosleep, Subsystem::kCore},
    {39, "getpid", syscalls::getpid, Subsystem::kCore},
    {56, "clone", syscalls::clone, Subsystem::kThreads},  // partial: processes share memory only as vfork children (CLONE_VM needs CLONE_VFORK); no CLONE_FILES/CLONE_FS/namespaces for processes
    {57, "fork", syscalls::fork, Subsystem::kProcesses},  // partial: memory is copied eagerly (no copy-on-write)
    {58, "vfork", syscalls::vfork, Subsystem::kProcesses},
    {59, "execve", syscalls::execve, Subsystem::kProcesses},  // partial: sealed static x86-64 ELF executables and sealed #! scripts whose interpreter is one only (EACCES otherwise; no nested interpreters)
    {60, "exit", syscalls::exit, Subsystem::kCore},
    {61, "wait4", syscalls::wait4, Subsystem::kProcesses},  // partial: no stopped/continued reports (no job control)
    {62, "kill", syscalls::kill, Subsystem::kSignals},
    {63, "uname", syscalls::uname, Subsystem::kCore},
    {72, "fcntl", syscalls::fcntl, Subsystem::kFiles},  // partial: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL; no locks
    {77, "ftruncate", syscalls::ftruncate, Subsystem::kFiles},  // partial: /tmp files only
    {79, "getcwd", syscalls::getcwd, Subsystem::kFiles},
    {80, "chdir", syscalls::chdir, Subsystem::kFiles},
    {81, "fchdir", syscalls::fchdir, Subsystem::kFiles},
    {83, "mkdir", syscalls::mkdir, Subsystem::kFiles},  // partial: in /tmp only (EROFS elsewhere)
    {84, "rmdir", syscalls::rmdir, Subsystem::kFiles},  // partial: /tmp directories only; EBUSY while one is open or is a process's working directory
    {87, "unlink", syscalls::unlink, Subsystem::kFiles},  // partial: /tmp files only
    {89, "readlink", syscalls::readlink, Subsystem::kFiles},  // partial: only /proc/self/exe reads as a link
    {95, "umask", syscalls::umask, Subsystem::kFiles},
    {96, "gettimeofday", syscalls::gettimeofday, Subsystem::kCore},
    {98, "getrusage", syscalls::getrusage, Subsystem::kProcesses},  // partial: only CPU times, context switches and minor faults (ru_maxrss, major faults, block I/O, IPC and signal counts are 0)
    {99, "sysinfo", syscalls::sysinfo, Subsystem::kCore},  // partial: no load averages, no swap
    {100, "times", syscalls::times, Subsystem::kProcesses},
    {102, "getuid", syscalls::get_user_or_group_id, Subsystem::kCore},
    {104, "getgid", syscalls::get_user_or_group_id, Subsystem::kCore},
    {107, "geteuid", syscalls::get_user_or_group_id, Subsystem::kCore},
    {108, "getegid", syscalls::get_user_or_group_id, Subsystem::kCore},
    {109, "setpgid", syscalls::setpgid, Subsystem::kProcesses},
    {110, "getppid", syscalls::getppid, Subsystem::kCore},
    {111, "getpgrp", syscalls::getpgrp, Subsystem::kProcesses},
    {112, "setsid", syscalls::setsid, Subsystem::kProcesses},
    {121, "getpgid", syscalls::getpgid, Subsystem::kProcesses},
    {124, "getsid", syscalls::getsid, Subsystem::kProcesses},
    {127, "rt_sigpending", syscalls::rt_sigpending, Subsystem::kSignals},
    {128, "rt_sigtimedwait", syscalls::rt_sigtimedwait, Subsystem::kSignals},  // partial: real-time signals do not queue (one pending instance each)
    {130, "rt_sigsuspend", syscalls::rt_sigsuspend, Subsystem::kSignals},
    {131, "sigaltstack", syscalls::sigaltstack, Subsystem::kSignals},
    {158, "arch_prctl", syscalls::arch_prctl, Subsystem::kCore},
    {186, "gettid", syscalls::gettid, Subsystem::kCore},
    {200, "tkill", syscalls::tkill, Subsystem::kSignals},
    {202, "futex", syscalls::futex, Subsystem::kThreads},  // partial: WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE; no PI, no WAKE_OP
    {217, "getdents64", syscalls::getdents64, Subsystem::kFiles},
    {218, "set_tid_address", syscalls::set_tid_address, Subsystem::kCore},
    {228, "clock_gettime", syscalls::clock_gettime, Subsystem::kCore},
    {229, "clock_getres", syscalls::clock_getres, Subsystem::kCore},
    {230, "clock_nanosleep", syscalls::clock_nanosleep, Subsystem::kCore},
    {231, "exit_group", syscalls::exit_group, Subsystem::kCore},
    {234, "tgkill", syscalls::tgkill, Subsystem::kSignals},
    {247, "waitid", syscalls::waitid, Subsystem::kProcesses},  // partial: P_PIDFD unsupported; no stopped/continued reports
    {257, "openat", syscalls::openat, Subsystem::kFiles},  // partial: O_TMPFILE unsupported; new files only in /tmp
    {258, "mkdirat", syscalls::mkdirat, Subsystem::kFiles},  // partial: in /tmp only (EROFS elsewhere)
    {262, "newfstatat", syscalls::newfstatat, Subsystem::kFiles},
    {263, "unlinkat", syscalls::unlinkat, Subsystem::kFiles},  // partial: /tmp files and (AT_REMOVEDIR) /tmp directories only
    {267, "readlinkat", syscalls::readlinkat, Subsystem::kFiles},  // partial: only /proc/self/exe reads as a link
    {269, "faccessat", syscalls::faccessat, Subsystem::kFiles},
    {270, "pselect6", syscalls::pselect6, Subsystem::kFiles},
    {271, "ppoll", syscalls::ppoll, Subsystem::kFiles},
    {273, "set_robust_list", syscalls::set_robust_list, Subsystem::kThreads},
    {274, "get_robust_list", syscalls::get_robust_list, Subsystem::kThreads},
    {292, "dup3", syscalls::dup3, Subsystem::kFiles},
    {293, "pipe2", syscalls::pipe2, Subsystem::kProcesses},  // partial: no O_DIRECT (packet) pipes
    {302, "prlimit64", syscalls::prlimit64, Subsystem::kCore},  // partial: limits can be read, not changed (EPERM)
    {318, "getrandom", syscalls::getrandom, Subsystem::kCore},
    {322, "execveat", syscalls::execveat, Subsystem::kProcesses},  // partial: sealed static x86-64 ELF executables and sealed #! scripts whose interpreter is one only (EACCES otherwise; no nested interpreters); a script run relative to a directory descriptor gets its path as given, not /dev/fd/N/path
    {332, "statx", syscalls::statx, Subsystem::kFiles},
    {439, "faccessat2", syscalls::faccessat2, Subsystem::kFiles},
};

// Syscall numbers at or above this always return ENOSYS.
inline constexpr uint32_t kSyscallTableSize = 512;

}  // namespace kernel
