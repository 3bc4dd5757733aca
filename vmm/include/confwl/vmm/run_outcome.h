// How a finished run becomes `confwl run`'s exit code and messages, the same for every engine:
// the guest's kExit decides; a crash report and (verbose) ENOSYS counts are printed; without
// kExit the debug-exit port is the fallback; without either the run failed.
#pragma once
#include <confwl/result.h>

#include <optional>
#include <string>

#include "confwl/vmm/hostcall_codec.h"
#include "confwl/vmm/hostcall_server.h"
#include "confwl/vmm/supervisor.h"

namespace confwl::vmm {

struct GuestEnd {
  std::optional<int> debug_exit_status;  // debug_exit_fallback_status of what the guest wrote to port 0xF4
  std::string how;                       // how the engine saw the guest end, e.g. "QEMU exited with status 0"
};

// The status a value written to the debug-exit port stands for, the same on every engine: QEMU's
// isa-debug-exit exits with (value << 1) | 1, so only the value's low 7 bits reach us, and a value
// without any of them set gives 1, which is also QEMU's own failure status: no status.
std::optional<int> debug_exit_fallback_status(uint32_t value);

Result<int> conclude_run(const HostcallServer& server, const HostcallDecoder& decoder, const GuestEnd& end,
                         const GuestRunOptions& options);

// Prints the timeout message and returns kRunTimedOut.
int report_timeout(const GuestRunOptions& options);

}  // namespace confwl::vmm
