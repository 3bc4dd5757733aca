#include "confwl/vmm/hostcall_server.h"

#include <confwl/abi/boot_config.h>

#include <algorithm>
#include <cstring>

namespace confwl::vmm {
namespace {

using abi::HostcallType;

template <typename T>
T read_payload(std::span<const std::byte> payload) {
  T value;
  std::memcpy(&value, payload.data(), sizeof value);  // size checked by the decoder
  return value;
}

template <typename T>
std::span<const std::byte> bytes_of(const T& value) {
  return std::as_bytes(std::span<const T, 1>(&value, 1));
}

Error protocol_error(const std::string& what) { return Error{"hostcall protocol error: " + what}; }

}  // namespace

std::vector<std::byte> encode_args_reply(std::span<const std::string> args) {
  const abi::HostcallArgsReply header{static_cast<uint32_t>(args.size()), 0};
  std::vector<std::byte> payload(sizeof header);
  std::memcpy(payload.data(), &header, sizeof header);
  for (const std::string& arg : args) {
    const auto* text = reinterpret_cast<const std::byte*>(arg.c_str());
    payload.insert(payload.end(), text, text + arg.size() + 1);
  }
  return payload;
}

Result<HostcallServer> HostcallServer::create(HostcallServerConfig config) {
  if (!config.runtime_args.empty() && !config.runtime_args_allowed)
    return Error{"the image does not allow runtime arguments (its manifest has runtime_args: false)"};
  for (const std::string& arg : config.runtime_args) {
    if (arg.find('\0') != std::string::npos) return Error{"a runtime argument contains a NUL byte"};
  }
  if (config.runtime_args.size() > abi::kBootConfigMaxArgs)
    return Error{"too many runtime arguments: " + std::to_string(config.runtime_args.size()) +
                 ", at most " + std::to_string(abi::kBootConfigMaxArgs)};
  const std::vector<std::byte> args_reply = encode_args_reply(config.runtime_args);
  if (args_reply.size() > abi::kHostcallMaxPayload)
    return Error{"runtime arguments too long: " + std::to_string(args_reply.size()) +
                 " bytes encoded, at most " + std::to_string(abi::kHostcallMaxPayload)};
  if (!config.realtime_ns) return Error{"hostcall server needs a clock"};
  HostcallServer server(std::move(config));
  // An image with runtime args asks for them first thing at boot: answering now, before the
  // request, puts the reply in QEMU's receive path before the guest needs it, instead of after a
  // round trip through this process (bench/README.md). The request is still required and checked.
  if (server.config_.runtime_args_allowed) {
    if (Status queued = server.queue(HostcallType::kArgsReply, args_reply); !queued) return queued.error();
  }
  return server;
}

Status HostcallServer::handle(const HostcallFrame& frame) {
  if (exit_status_)
    return protocol_error(std::string("guest sent ") + hostcall_type_name(uint16_t(frame.type)) +
                          " after kExit");
  if (!hostcall_payload_size_fits(frame.type, static_cast<uint32_t>(frame.payload.size())))
    return protocol_error(std::string("malformed ") + hostcall_type_name(uint16_t(frame.type)));
  switch (frame.type) {
    case HostcallType::kExit: return handle_exit(frame.payload);
    case HostcallType::kCrash: return handle_crash(frame.payload);
    case HostcallType::kSyscallCounts: return handle_syscall_counts(frame.payload);
    case HostcallType::kArgsRequest: return handle_args_request();
    case HostcallType::kTimeRequest: return handle_time_request();
    case HostcallType::kAttestationRequest: return handle_attestation_request(frame.payload);
    case HostcallType::kArgsReply:
    case HostcallType::kTimeReply:
    case HostcallType::kStdinEof:
    case HostcallType::kAttestationReply: break;
  }
  return protocol_error(std::string("guest sent ") + hostcall_type_name(uint16_t(frame.type)) +
                        ", which only the host may send");
}

Status HostcallServer::handle_exit(std::span<const std::byte> payload) {
  const auto exit = read_payload<abi::HostcallExit>(payload);
  if (exit.status > 255)
    return protocol_error("kExit status " + std::to_string(exit.status) + " is not in 0..255");
  if (exit.reserved != 0) return protocol_error("kExit reserved field is not 0");
  exit_status_ = exit.status;
  return Ok{};
}

Status HostcallServer::handle_crash(std::span<const std::byte> payload) {
  const auto crash = read_payload<abi::HostcallCrash>(payload);
  if (crash_) return protocol_error("guest sent a second kCrash");
  if (crash.vector > 31)
    return protocol_error("kCrash vector " + std::to_string(crash.vector) + " is not an exception (0..31)");
  if (crash.signal < 1 || crash.signal > 64)
    return protocol_error("kCrash signal " + std::to_string(crash.signal) + " is not in 1..64");
  crash_ = crash;
  return Ok{};
}

Status HostcallServer::handle_syscall_counts(std::span<const std::byte> payload) {
  for (size_t offset = 0; offset < payload.size(); offset += sizeof(abi::HostcallSyscallCount)) {
    const auto entry = read_payload<abi::HostcallSyscallCount>(payload.subspan(offset));
    if (!syscall_counts_.contains(entry.number) && syscall_counts_.size() >= kMaxSyscallNumbers)
      return protocol_error("more than " + std::to_string(kMaxSyscallNumbers) +
                            " distinct syscall numbers in kSyscallCounts");
    syscall_counts_[entry.number] += entry.calls;  // 64-bit sum of 32-bit counts cannot wrap here
  }
  return Ok{};
}

Status HostcallServer::handle_args_request() {
  if (!config_.runtime_args_allowed)
    return protocol_error("guest sent kArgsRequest, but the image does not allow runtime arguments");
  if (args_requested_) return protocol_error("guest sent kArgsRequest twice");
  args_requested_ = true;  // answered in advance by create()
  return Ok{};
}

Status HostcallServer::handle_time_request() {
  const abi::HostcallTimeReply reply{config_.realtime_ns()};
  return queue(HostcallType::kTimeReply, bytes_of(reply));
}

// A VMPL outside 0..3 is the guest's mistake, answered like the firmware does (an error status);
// a responder failure is the host's, answered "unavailable".
Status HostcallServer::handle_attestation_request(std::span<const std::byte> payload) {
  const auto request = read_payload<abi::HostcallAttestationRequest>(payload);
  if (request.reserved != 0) return protocol_error("kAttestationRequest reserved field is not 0");
  abi::HostcallAttestationReply reply{static_cast<uint32_t>(abi::AttestationStatus::kUnavailable), 0};
  std::vector<std::byte> report;
  if (request.vmpl > 3) {
    reply.status = static_cast<uint32_t>(abi::AttestationStatus::kInvalidRequest);
  } else if (attestation_) {
    Result<std::vector<std::byte>> answer = attestation_(request);
    if (answer && answer->size() == abi::kSnpAttestationReportSize) {
      report = std::move(*answer);
      reply = {static_cast<uint32_t>(abi::AttestationStatus::kOk), abi::kSnpAttestationReportSize};
    }
  }
  std::vector<std::byte> message(sizeof reply);
  std::memcpy(message.data(), &reply, sizeof reply);
  message.insert(message.end(), report.begin(), report.end());
  return queue(HostcallType::kAttestationReply, message);
}

void HostcallServer::stdin_ended(uint64_t total_bytes) {
  if (stdin_eof_sent_) return;
  stdin_eof_sent_ = true;
  const abi::HostcallStdinEof eof{total_bytes};
  const std::vector<std::byte> frame = encode_hostcall_frame(HostcallType::kStdinEof, bytes_of(eof));
  pending_output_.insert(pending_output_.end(), frame.begin(), frame.end());  // once: bounded
}

Status HostcallServer::queue(HostcallType type, std::span<const std::byte> payload) {
  const std::vector<std::byte> frame = encode_hostcall_frame(type, payload);
  if (pending_output_.size() + frame.size() > kMaxPendingOutput)
    return protocol_error("guest sends requests without reading the replies (over " +
                          std::to_string(kMaxPendingOutput) + " bytes pending)");
  pending_output_.insert(pending_output_.end(), frame.begin(), frame.end());
  return Ok{};
}

void HostcallServer::consume_output(size_t bytes) {
  pending_output_.erase(pending_output_.begin(),
                        pending_output_.begin() + static_cast<std::ptrdiff_t>(std::min(bytes, pending_output_.size())));
}

}  // namespace confwl::vmm
