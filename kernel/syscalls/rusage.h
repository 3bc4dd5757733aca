// struct rusage as getrusage and wait4 write it (include/uapi/linux/resource.h).
#pragma once
#include <stdint.h>

#include "lib/result.h"
#include "process/cpu_time.h"

namespace kernel::syscalls {

// Writes usage as a struct rusage at user_rusage (nothing when it is 0). The counters the kernel
// does not keep (maximum resident set, major faults, block I/O, IPC, signals) are 0.
Status write_rusage(uint64_t user_rusage, const CpuUsage& usage);

}  // namespace kernel::syscalls
