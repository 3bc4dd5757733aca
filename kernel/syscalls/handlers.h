// Every syscall the kernel implements, one family per file (io.cpp, memory.cpp, process.cpp,
// time.cpp, identity.cpp). Each takes the six raw argument registers and returns a value or
// -errno; none panics on bad user input.
#pragma once
#include <stdint.h>

namespace kernel::syscalls {

// io.cpp
long read(const uint64_t* arguments);
long write(const uint64_t* arguments);
long readv(const uint64_t* arguments);
long writev(const uint64_t* arguments);
long ioctl(const uint64_t* arguments);
// memory.cpp
long brk(const uint64_t* arguments);
long mmap(const uint64_t* arguments);
long munmap(const uint64_t* arguments);
long mprotect(const uint64_t* arguments);
// process.cpp
long exit(const uint64_t* arguments);
long getpid(const uint64_t* arguments);
long getppid(const uint64_t* arguments);
long set_tid_address(const uint64_t* arguments);
long arch_prctl(const uint64_t* arguments);
long get_user_or_group_id(const uint64_t* arguments);
// time.cpp
long clock_gettime(const uint64_t* arguments);
long clock_getres(const uint64_t* arguments);
long gettimeofday(const uint64_t* arguments);
// identity.cpp
long uname(const uint64_t* arguments);

}  // namespace kernel::syscalls
