// The device contract of DESIGN.md on KVM port I/O exits: COM1 (0x3F8) is the workload's console,
// COM2 (0x2F8) carries the hostcall protocol through the same HostcallDecoder/HostcallServer the
// qemu engine uses, 0xF4 is the debug-exit port. Any other port, or a multi-byte access to a UART
// register, is a guest that broke the contract: the run ends with an error naming the port.
//
// The host side is serviced when the guest polls an empty receive FIFO (the kernel's UART driver
// polls; there are no interrupts): our stdin goes through the shared ConsoleForwarder into a pipe
// and from there into COM1; pending hostcall replies go into COM2.
#pragma once
#include <confwl/result.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "confwl/vmm/console_forwarder.h"
#include "confwl/vmm/hostcall_codec.h"
#include "confwl/vmm/hostcall_server.h"
#include "confwl/vmm/unique_fd.h"
#include "uart_16550.h"

namespace confwl::vmm::kvm {

inline constexpr uint16_t kCom1Base = 0x3F8;
inline constexpr uint16_t kCom2Base = 0x2F8;
inline constexpr uint16_t kDebugExitPort = 0xF4;

class DeviceContract {
 public:
  using Clock = std::chrono::steady_clock;

  static Result<DeviceContract> create(HostcallServer& server, HostcallDecoder& decoder, int stdin_fd,
                                       int stdout_fd);

  // One KVM_EXIT_IO item (`data` is `size` bytes in the kvm_run area).
  Status port_out(uint16_t port, std::span<const std::byte> data);
  Status port_in(uint16_t port, std::span<std::byte> data);

  // The value the guest wrote to the debug-exit port, once it did, and the status it stands for
  // (debug_exit_fallback_status: what the qemu engine could report for it too).
  std::optional<uint32_t> debug_exit_value() const { return debug_exit_value_; }
  std::optional<int> debug_exit_status() const;

  // How long a console write may wait for our stdout: a reader that stops reading (a pager, a
  // terminal after Ctrl-S) must not hold the run past --timeout or the grace after kExit.
  void set_output_deadline(std::optional<Clock::time_point> deadline) { output_deadline_ = deadline; }

  // Writes out buffered console output; what our stdout has not taken by the deadline is dropped.
  void flush_console();

 private:
  DeviceContract(HostcallServer& server, HostcallDecoder& decoder, int stdin_fd, int stdout_fd,
                 UniqueFd console_read, UniqueFd console_write);
  Status transmit_hostcall(uint8_t byte);
  void transmit_console(uint8_t byte);
  void service_host();
  bool wait_until_stdout_writable() const;

  HostcallServer& server_;
  HostcallDecoder& decoder_;
  int stdout_fd_;
  UniqueFd console_read_, console_write_;
  ConsoleForwarder forwarder_;
  bool stdin_eof_told_ = false;
  Uart16550 com1_, com2_;
  std::array<uint8_t, 4096> console_output_{};
  size_t console_output_size_ = 0;
  bool stdout_open_ = true;
  std::optional<Clock::time_point> output_deadline_;
  std::optional<uint32_t> debug_exit_value_;
};

}  // namespace confwl::vmm::kvm
