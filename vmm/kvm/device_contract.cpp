#include "device_contract.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "confwl/hex.h"
#include "confwl/vmm/run_outcome.h"

namespace confwl::vmm::kvm {
namespace {

bool within(uint16_t port, uint16_t base) { return port >= base && port < base + Uart16550::kRegisterCount; }

Error bad_access(const char* direction, uint16_t port, size_t size) {
  return Error{std::string("guest ") + direction + " I/O port " + hex_number(port) + " (" + std::to_string(size) +
               " bytes), which is not in the device contract (COM1 0x3f8, COM2 0x2f8, debug-exit 0xf4)"};
}

}  // namespace

Result<DeviceContract> DeviceContract::create(HostcallServer& server, HostcallDecoder& decoder, int stdin_fd,
                                              int stdout_fd) {
  int console[2];
  if (::pipe2(console, O_CLOEXEC | O_NONBLOCK) != 0)
    return Error{std::string("creating the COM1 input pipe failed: ") + std::strerror(errno)};
  return DeviceContract(server, decoder, stdin_fd, stdout_fd, UniqueFd(console[0]), UniqueFd(console[1]));
}

DeviceContract::DeviceContract(HostcallServer& server, HostcallDecoder& decoder, int stdin_fd, int stdout_fd,
                               UniqueFd console_read, UniqueFd console_write)
    : server_(server),
      decoder_(decoder),
      stdout_fd_(stdout_fd),
      console_read_(std::move(console_read)),
      console_write_(std::move(console_write)),
      forwarder_(stdin_fd, console_write_.get()) {}

Status DeviceContract::port_out(uint16_t port, std::span<const std::byte> data) {
  if (port == kDebugExitPort) {
    uint32_t value = 0;
    std::memcpy(&value, data.data(), std::min(data.size(), sizeof value));
    debug_exit_value_ = value;
    return Ok{};
  }
  const bool com1 = within(port, kCom1Base), com2 = within(port, kCom2Base);
  if ((!com1 && !com2) || data.size() != 1) return bad_access("wrote", port, data.size());
  Uart16550& uart = com1 ? com1_ : com2_;
  const std::optional<uint8_t> sent = uart.write(static_cast<uint16_t>(port - (com1 ? kCom1Base : kCom2Base)),
                                                 static_cast<uint8_t>(data[0]));
  if (!sent) return Ok{};
  if (com2) return transmit_hostcall(*sent);
  transmit_console(*sent);
  return Ok{};
}

Status DeviceContract::port_in(uint16_t port, std::span<std::byte> data) {
  const bool com1 = within(port, kCom1Base), com2 = within(port, kCom2Base);
  if ((!com1 && !com2) || data.size() != 1) return bad_access("read", port, data.size());
  Uart16550& uart = com1 ? com1_ : com2_;
  if (uart.receive_empty()) service_host();
  data[0] = std::byte{uart.read(static_cast<uint16_t>(port - (com1 ? kCom1Base : kCom2Base)))};
  return Ok{};
}

Status DeviceContract::transmit_hostcall(uint8_t byte) {
  const std::byte one[] = {std::byte{byte}};
  std::span<const std::byte> input(one);
  Result<std::optional<HostcallFrame>> frame = decoder_.next(input);
  if (!frame) return frame.error();
  if (*frame) return server_.handle(**frame);
  return Ok{};
}

void DeviceContract::transmit_console(uint8_t byte) {
  console_output_[console_output_size_++] = byte;
  if (byte == '\n' || console_output_size_ == console_output_.size()) flush_console();
}

std::optional<int> DeviceContract::debug_exit_status() const {
  return debug_exit_value_ ? debug_exit_fallback_status(*debug_exit_value_) : std::nullopt;
}

// Writes of at most PIPE_BUF bytes, each after poll says there is room: a write to a pipe with
// room for it does not block, so only poll waits, and it stops at the deadline. Our stdout may
// also be non-blocking (inherited): EAGAIN waits like a full pipe.
void DeviceContract::flush_console() {
  size_t written = 0;
  while (stdout_open_ && written < console_output_size_ && wait_until_stdout_writable()) {
    const size_t chunk = std::min<size_t>(console_output_size_ - written, PIPE_BUF);
    const ssize_t n = ::write(stdout_fd_, console_output_.data() + written, chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) stdout_open_ = false;  // our reader is gone: the guest keeps running, output is dropped
    else written += static_cast<size_t>(n);
  }
  console_output_size_ = 0;
}

// True when our stdout can take bytes (or has failed, which the write then reports); false once
// the deadline has passed.
bool DeviceContract::wait_until_stdout_writable() const {
  pollfd ready{stdout_fd_, POLLOUT, 0};
  while (true) {
    int timeout_ms = -1;
    if (output_deadline_) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*output_deadline_ - Clock::now()).count();
      timeout_ms = static_cast<int>(std::clamp<decltype(left)>(left, 0, INT_MAX));
    }
    const int n = ::poll(&ready, 1, timeout_ms);
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return true;  // the write reports it
  }
}

// Moves what is ready on the host side one step towards the guest, never blocking.
void DeviceContract::service_host() {
  pollfd stdin_ready = forwarder_.stdin_interest();
  if (stdin_ready.fd >= 0 && ::poll(&stdin_ready, 1, 0) > 0) forwarder_.on_stdin_ready();
  // The pipe is non-blocking: just try, so bytes read now reach the FIFO in this same call.
  if (forwarder_.console_interest().fd >= 0) forwarder_.on_console_ready();
  if (std::optional<uint64_t> total = forwarder_.finished_total(); total && !stdin_eof_told_) {
    server_.stdin_ended(*total);
    stdin_eof_told_ = true;
  }
  uint8_t input[Uart16550::kReceiveFifoSize];
  const ssize_t n = com1_.receive_room() ? ::read(console_read_.get(), input, com1_.receive_room()) : 0;
  for (ssize_t i = 0; i < n; ++i) com1_.receive(input[i]);
  const std::span<const std::byte> replies = server_.pending_output();
  const size_t count = std::min(replies.size(), com2_.receive_room());
  for (size_t i = 0; i < count; ++i) com2_.receive(static_cast<uint8_t>(replies[i]));
  server_.consume_output(count);
}

}  // namespace confwl::vmm::kvm
