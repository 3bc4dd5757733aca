// Every syscall the kernel implements, one family per file (io.cpp, descriptors.cpp,
// file_info.cpp, memory.cpp, process.cpp, threads.cpp, time.cpp, system.cpp, identity.cpp). Each takes the six raw argument registers and returns a value or
// -errno; none panics on bad user input.
#pragma once
#include <stdint.h>

#include "lib/result.h"

namespace kernel::syscalls {

// io.cpp
long read(const uint64_t* arguments);
long write(const uint64_t* arguments);
long pread64(const uint64_t* arguments);
long pwrite64(const uint64_t* arguments);
long readv(const uint64_t* arguments);
long writev(const uint64_t* arguments);
long lseek(const uint64_t* arguments);
long ioctl(const uint64_t* arguments);
// descriptors.cpp
long open(const uint64_t* arguments);
long openat(const uint64_t* arguments);
long close(const uint64_t* arguments);
long dup(const uint64_t* arguments);
long dup2(const uint64_t* arguments);
long dup3(const uint64_t* arguments);
long fcntl(const uint64_t* arguments);
long ftruncate(const uint64_t* arguments);
long unlink(const uint64_t* arguments);
long unlinkat(const uint64_t* arguments);
// file_info.cpp
long stat(const uint64_t* arguments);
long lstat(const uint64_t* arguments);
long fstat(const uint64_t* arguments);
long newfstatat(const uint64_t* arguments);
long statx(const uint64_t* arguments);
long getdents64(const uint64_t* arguments);
long readlink(const uint64_t* arguments);
long readlinkat(const uint64_t* arguments);
long access(const uint64_t* arguments);
long faccessat(const uint64_t* arguments);
long faccessat2(const uint64_t* arguments);
long getcwd(const uint64_t* arguments);
long chdir(const uint64_t* arguments);
long fchdir(const uint64_t* arguments);
// memory.cpp
long brk(const uint64_t* arguments);
long mmap(const uint64_t* arguments);
long munmap(const uint64_t* arguments);
long mprotect(const uint64_t* arguments);
long mremap(const uint64_t* arguments);
// process.cpp
long exit(const uint64_t* arguments);
long exit_group(const uint64_t* arguments);
long gettid(const uint64_t* arguments);
long getpid(const uint64_t* arguments);
long getppid(const uint64_t* arguments);
long set_tid_address(const uint64_t* arguments);
long arch_prctl(const uint64_t* arguments);
long set_robust_list(const uint64_t* arguments);
long get_robust_list(const uint64_t* arguments);
long sched_yield(const uint64_t* arguments);
long get_user_or_group_id(const uint64_t* arguments);
// processes.cpp
Result<long> clone_process(const uint64_t* arguments);  // clone without CLONE_THREAD
long fork(const uint64_t* arguments);
long vfork(const uint64_t* arguments);
long kill(const uint64_t* arguments);
long getpgrp(const uint64_t* arguments);
long getpgid(const uint64_t* arguments);
long setpgid(const uint64_t* arguments);
long getsid(const uint64_t* arguments);
long setsid(const uint64_t* arguments);
// wait.cpp
long wait4(const uint64_t* arguments);
long waitid(const uint64_t* arguments);
// exec.cpp
long execve(const uint64_t* arguments);
long execveat(const uint64_t* arguments);
// pipe.cpp
long pipe(const uint64_t* arguments);
long pipe2(const uint64_t* arguments);
// time.cpp
long clock_gettime(const uint64_t* arguments);
long clock_getres(const uint64_t* arguments);
long gettimeofday(const uint64_t* arguments);
long nanosleep(const uint64_t* arguments);
long clock_nanosleep(const uint64_t* arguments);
// threads.cpp
long clone(const uint64_t* arguments);
long futex(const uint64_t* arguments);
// directories.cpp
long mkdir(const uint64_t* arguments);
long mkdirat(const uint64_t* arguments);
long rmdir(const uint64_t* arguments);
// madvise.cpp
long madvise(const uint64_t* arguments);
// sysinfo.cpp
long sysinfo(const uint64_t* arguments);
// rusage.cpp
long getrusage(const uint64_t* arguments);
long times(const uint64_t* arguments);
// poll.cpp, select.cpp
long poll(const uint64_t* arguments);
long ppoll(const uint64_t* arguments);
long select(const uint64_t* arguments);
long pselect6(const uint64_t* arguments);
// signals.cpp
long rt_sigaction(const uint64_t* arguments);
long rt_sigprocmask(const uint64_t* arguments);
long rt_sigreturn(const uint64_t* arguments);
long rt_sigpending(const uint64_t* arguments);
long rt_sigtimedwait(const uint64_t* arguments);
long rt_sigsuspend(const uint64_t* arguments);
long sigaltstack(const uint64_t* arguments);
long tgkill(const uint64_t* arguments);
long tkill(const uint64_t* arguments);
// system.cpp
long getrandom(const uint64_t* arguments);
long prlimit64(const uint64_t* arguments);
long umask(const uint64_t* arguments);
// identity.cpp
long uname(const uint64_t* arguments);

}  // namespace kernel::syscalls
