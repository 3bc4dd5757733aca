// A 16550 UART driven by polling (no device interrupts). COM1 is the workload console,
// COM2 the hostcall channel (device contract in DESIGN.md).
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace kernel {

class Uart {
 public:
  explicit constexpr Uart(uint16_t base) : base_(base) {}

  void init() const;
  // Turns the 16-byte receive FIFO on (it is off at reset). This flushes what the UART holds, so
  // only a channel whose protocol allows for that may do it (COM2: abi/hostcall.h's sync byte).
  void enable_receive_fifo() const;
  // Reads RBR whether or not a byte is waiting: 0 when none is, under both engines (QEMU's serial
  // and vmm/kvm/uart_16550). QEMU only looks for more host input when the guest reads RBR.
  uint8_t read_receiver_register() const;
  void write(const void* data, size_t size) const;
  bool has_input() const;
  // Reads every byte already waiting, up to capacity; returns how many.
  size_t read_available(uint8_t* buffer, size_t capacity) const;

 private:
  uint16_t base_;
};

inline constexpr uint16_t kCom1Base = 0x3F8;
inline constexpr uint16_t kCom2Base = 0x2F8;

const Uart& console_uart();
const Uart& hostcall_uart();

}  // namespace kernel
