// Runs one guest to its end: boots it on an engine, forwards our stdin to COM1 (and tells the
// guest where it ends), serves the hostcall channel, enforces the timeout, and turns what the
// guest reported into `confwl run`'s exit code.
#pragma once
#include <confwl/abi/guest_layout.h>
#include <confwl/result.h>
#include <confwl/snp_id/id_block_record.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <optional>
#include <span>
#include <string>

#include "confwl/vmm/engine.h"
#include "confwl/vmm/hostcall_server.h"

namespace confwl::vmm {

// The longest timeout a run takes (about 11.6 days): its deadline fits std::chrono's nanoseconds
// and poll()'s int milliseconds with room to spare.
inline constexpr int kMaxTimeoutSeconds = 1'000'000;

struct GuestRunOptions {
  Engine engine = Engine::kQemu;          // kAuto is resolved by run_guest, with one probe
  std::optional<std::string> qemu;        // --qemu PATH; else $CONFWL_QEMU, else $PATH
  uint64_t memory_bytes = abi::kDefaultGuestMemory;
  std::optional<double> timeout_seconds;  // kill the guest after this long: > 0, <= kMaxTimeoutSeconds
  bool verbose = false;                   // QEMU command line, its stderr, ENOSYS counts
  HostcallServerConfig hostcall;          // runtime args; the clock defaults to the host's
  int stdin_fd = STDIN_FILENO;            // forwarded to COM1
  int stdout_fd = STDOUT_FILENO;          // COM1 output (QEMU writes it directly)
  std::FILE* diagnostics = stderr;        // "confwl: ..." messages
  std::optional<snp_id::IdBlockRecord> id_block;  // the image's SEV-SNP ID block, checked at launch
};

// Exit codes of a run that confwl itself decided (cli/command.h has the same numbers).
inline constexpr int kRunTimedOut = 124;

// Boots `image` (bytes the caller read once and checked: exactly these are booted) and supervises
// it. Returns the workload's exit status (0..255), or kRunTimedOut after printing why, or an
// Error when the guest could not be run or broke the protocol (`confwl run` exits 125).
Result<int> run_guest(std::span<const std::byte> image, const GuestRunOptions& options);

}  // namespace confwl::vmm
