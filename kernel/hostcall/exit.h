// Ending the run: the only way out of the kernel once it has started.
#pragma once
#include <stdint.h>

#include "confwl/abi/hostcall.h"

namespace kernel {

// Sends kSyscallCounts (if any syscall returned ENOSYS), then kExit with status, then writes the
// status to the isa-debug-exit port so the VMM stops even if the channel is broken.
[[noreturn]] void end_run(uint32_t status);

// Sends kCrash, then ends the run with 128 + crash.signal.
[[noreturn]] void end_run_with_crash(const confwl::abi::HostcallCrash& crash);

}  // namespace kernel
