#include "confwl/vmm/run_outcome.h"

#include <cstdio>

#include "confwl/vmm/guest_report.h"

namespace confwl::vmm {

std::optional<int> debug_exit_fallback_status(uint32_t value) {
  const int status = static_cast<int>(value & 0x7F);
  return status != 0 ? std::optional<int>(status) : std::nullopt;
}

Result<int> conclude_run(const HostcallServer& server, const HostcallDecoder& decoder, const GuestEnd& end,
                         const GuestRunOptions& options) {
  std::FILE* out = options.diagnostics;
  if (decoder.mid_frame())
    return Error{"guest ended in the middle of a hostcall frame (at stream offset " +
                 std::to_string(decoder.stream_offset()) + ")"};
  if (const auto& crash = server.crash())
    std::fprintf(out, "confwl: workload crashed: %s\n", describe_crash(*crash).c_str());
  if (options.verbose && !server.syscall_counts().empty())
    std::fprintf(out, "confwl: syscalls that returned ENOSYS: %s\n",
                 describe_syscall_counts(server.syscall_counts()).c_str());
  if (std::optional<uint32_t> status = server.exit_status()) return static_cast<int>(*status);
  if (end.debug_exit_status) {
    std::fprintf(out, "confwl: guest ended without an exit message; debug-exit status %d\n", *end.debug_exit_status);
    return *end.debug_exit_status;
  }
  return Error{"guest ended without an exit message, and " + end.how};
}

int report_timeout(const GuestRunOptions& options) {
  std::fprintf(options.diagnostics, "confwl: timed out after %g s; guest killed\n", *options.timeout_seconds);
  return kRunTimedOut;
}

}  // namespace confwl::vmm
