// A 16550 UART as far as a polling driver sees it (kernel/arch/x86_64/uart.cpp): no interrupts,
// no baud rate, a receiver the engine fills from the host side when there is room, and a
// transmitter that is always ready (each byte written to THR is handed straight out). As on the
// chip and in QEMU, the receiver holds one byte (RBR) until the driver turns the FIFO on, and
// turning the FIFO on or off empties it: the hostcall protocol's sync byte relies on both.
// Register semantics: National Semiconductor PC16550D data sheet, table II.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace confwl::vmm::kvm {

class Uart16550 {
 public:
  static constexpr uint16_t kRegisterCount = 8;
  static constexpr size_t kReceiveFifoSize = 16;  // the 16550's FIFO depth

  // A guest read of register `offset` (0..7).
  uint8_t read(uint16_t offset);
  // A guest write; returns the byte when it went to the transmitter (THR with DLAB clear).
  std::optional<uint8_t> write(uint16_t offset, uint8_t value);

  size_t receive_room() const { return capacity() - received_count_; }
  bool receive_empty() const { return received_count_ == 0; }
  // Queues a byte for the guest; ignored when the receiver is full (callers check receive_room).
  void receive(uint8_t byte);

 private:
  size_t capacity() const { return fifo_enabled_ ? kReceiveFifoSize : 1; }
  bool divisor_latch() const { return (line_control_ & 0x80) != 0; }
  uint8_t take_received();

  std::array<uint8_t, kReceiveFifoSize> fifo_{};
  size_t received_head_ = 0, received_count_ = 0;
  uint8_t interrupt_enable_ = 0, line_control_ = 0, modem_control_ = 0, scratch_ = 0;
  uint8_t divisor_low_ = 0x01, divisor_high_ = 0;  // 115200 baud
  bool fifo_enabled_ = false;
};

}  // namespace confwl::vmm::kvm
