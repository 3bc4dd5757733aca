// The supervisor's side of the hostcall protocol, independent of how bytes reach the guest (QEMU
// chardev today, the KVM engine's COM2 emulation later): it takes decoded frames from the guest,
// checks that each is allowed and sane at this point of the run, records what the guest reported
// (exit status, crash, ENOSYS counts) and queues the replies the transport must deliver.
#pragma once
#include <confwl/abi/hostcall.h>
#include <confwl/result.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "confwl/vmm/hostcall_codec.h"

namespace confwl::vmm {

// Answers a guest's kAttestationRequest with the report bytes (e.g. vmm/simulated_psp.h), or an
// error: the guest then gets AttestationStatus::kUnavailable (the responder tells the user why).
using AttestationResponder =
    std::function<Result<std::vector<std::byte>>(const abi::HostcallAttestationRequest& request)>;

struct HostcallServerConfig {
  bool runtime_args_allowed = false;      // the image's boot config has kBootFlagRuntimeArgs
  std::vector<std::string> runtime_args;  // `confwl run IMAGE -- ARGS`
  std::function<uint64_t()> realtime_ns;  // the host clock reported to the guest (untrusted there)
};

class HostcallServer {
 public:
  // Replies a guest may have queued and not yet read; beyond this it is flooding us.
  static constexpr size_t kMaxPendingOutput = 64 * 1024;
  // Distinct syscall numbers kept from kSyscallCounts frames (one full frame's worth).
  static constexpr size_t kMaxSyscallNumbers = abi::kHostcallMaxPayload / sizeof(abi::HostcallSyscallCount);

  // Fails when the runtime args cannot be sent: not allowed, or too many / too long for a frame.
  // When the image allows runtime args, their kArgsReply is queued at once, ahead of the guest's
  // kArgsRequest (which must still come, once).
  static Result<HostcallServer> create(HostcallServerConfig config);

  // Who answers kAttestationRequest; without one the guest is told kUnavailable (no TEE).
  void set_attestation_responder(AttestationResponder responder) { attestation_ = std::move(responder); }

  // One frame from the guest. An error is a protocol violation: the run must end.
  Status handle(const HostcallFrame& frame);

  // Our stdin ended after `total_bytes` were forwarded to COM1: queue the kStdinEof frame.
  void stdin_ended(uint64_t total_bytes);

  // Bytes queued for the guest, starting with the sync byte; the transport removes what it
  // managed to write.
  std::span<const std::byte> pending_output() const { return pending_output_; }
  void consume_output(size_t bytes);

  std::optional<uint32_t> exit_status() const { return exit_status_; }
  const std::optional<abi::HostcallCrash>& crash() const { return crash_; }
  const std::map<uint32_t, uint64_t>& syscall_counts() const { return syscall_counts_; }

 private:
  // The stream to the guest starts with the sync byte (abi/hostcall.h).
  explicit HostcallServer(HostcallServerConfig config)
      : config_(std::move(config)), pending_output_{std::byte{abi::kHostcallSyncByte}} {}
  Status handle_exit(std::span<const std::byte> payload);
  Status handle_crash(std::span<const std::byte> payload);
  Status handle_syscall_counts(std::span<const std::byte> payload);
  Status handle_args_request();
  Status handle_time_request();
  Status handle_attestation_request(std::span<const std::byte> payload);
  Status queue(abi::HostcallType type, std::span<const std::byte> payload);

  HostcallServerConfig config_;
  AttestationResponder attestation_;
  std::vector<std::byte> pending_output_;
  std::optional<uint32_t> exit_status_;
  std::optional<abi::HostcallCrash> crash_;
  std::map<uint32_t, uint64_t> syscall_counts_;
  bool args_requested_ = false;
  bool stdin_eof_sent_ = false;
};

// The kArgsReply payload for `args` (HostcallArgsReply + NUL-terminated strings).
std::vector<std::byte> encode_args_reply(std::span<const std::string> args);

}  // namespace confwl::vmm
