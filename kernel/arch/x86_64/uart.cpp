#include "arch/x86_64/uart.h"

#include "arch/x86_64/cpu.h"

namespace kernel {
namespace {

// 16550 registers (offsets from the base port) and the bits the kernel uses.
constexpr uint16_t kData = 0;
constexpr uint16_t kInterruptEnable = 1;
constexpr uint16_t kFifoControl = 2;
constexpr uint16_t kLineControl = 3;
constexpr uint16_t kLineStatus = 5;
constexpr uint8_t kLineStatusDataReady = 1u << 0;
constexpr uint8_t kLineStatusTransmitEmpty = 1u << 5;
constexpr uint8_t kLineControl8N1 = 0x03;
// FCR: FIFOs on and cleared, receive trigger level 14. Under QEMU the level is how many bytes one
// main-loop iteration may hand over (one at a time with the FIFO off).
constexpr uint8_t kFifoOnClearedTrigger14 = 0x01 | 0x02 | 0x04 | 0xC0;

constexpr Uart kConsole{kCom1Base};
constexpr Uart kHostcall{kCom2Base};

}  // namespace

void Uart::init() const {
  // No interrupts, 8N1. The FIFO control register is left alone here: changing it flushes the
  // receive buffer, and the host may already have sent stdin bytes (enable_receive_fifo).
  x86::outb(base_ + kInterruptEnable, 0);
  x86::outb(base_ + kLineControl, kLineControl8N1);
}

void Uart::enable_receive_fifo() const { x86::outb(base_ + kFifoControl, kFifoOnClearedTrigger14); }

uint8_t Uart::read_receiver_register() const { return x86::inb(base_ + kData); }

void Uart::write(const void* data, size_t size) const {
  const auto* bytes = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < size; ++i) {
    while ((x86::inb(base_ + kLineStatus) & kLineStatusTransmitEmpty) == 0) x86::pause();
    x86::outb(base_ + kData, bytes[i]);
  }
}

bool Uart::has_input() const { return (x86::inb(base_ + kLineStatus) & kLineStatusDataReady) != 0; }

size_t Uart::read_available(uint8_t* buffer, size_t capacity) const {
  size_t count = 0;
  while (count < capacity && has_input()) buffer[count++] = x86::inb(base_ + kData);
  return count;
}

const Uart& console_uart() { return kConsole; }
const Uart& hostcall_uart() { return kHostcall; }

}  // namespace kernel
