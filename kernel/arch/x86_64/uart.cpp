#include "arch/x86_64/uart.h"

#include "arch/x86_64/cpu.h"

namespace kernel {
namespace {

// 16550 registers (offsets from the base port) and the bits the kernel uses.
constexpr uint16_t kData = 0;
constexpr uint16_t kInterruptEnable = 1;
constexpr uint16_t kLineControl = 3;
constexpr uint16_t kLineStatus = 5;
constexpr uint8_t kLineStatusDataReady = 1u << 0;
constexpr uint8_t kLineStatusTransmitEmpty = 1u << 5;
constexpr uint8_t kLineControl8N1 = 0x03;

constexpr Uart kConsole{kCom1Base};
constexpr Uart kHostcall{kCom2Base};

}  // namespace

void Uart::init() const {
  // No interrupts, 8N1. The FIFO control register is left alone on purpose: changing it flushes
  // the receive buffer, and the host may already have sent stdin bytes or a hostcall frame.
  x86::outb(base_ + kInterruptEnable, 0);
  x86::outb(base_ + kLineControl, kLineControl8N1);
}

void Uart::write(const void* data, size_t size) const {
  const auto* bytes = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < size; ++i) {
    while ((x86::inb(base_ + kLineStatus) & kLineStatusTransmitEmpty) == 0) x86::pause();
    x86::outb(base_ + kData, bytes[i]);
  }
}

bool Uart::has_input() const { return (x86::inb(base_ + kLineStatus) & kLineStatusDataReady) != 0; }

uint8_t Uart::read_byte_blocking() const {
  while (!has_input()) x86::pause();
  return x86::inb(base_ + kData);
}

size_t Uart::read_available(uint8_t* buffer, size_t capacity) const {
  size_t count = 0;
  while (count < capacity && has_input()) buffer[count++] = x86::inb(base_ + kData);
  return count;
}

const Uart& console_uart() { return kConsole; }
const Uart& hostcall_uart() { return kHostcall; }

}  // namespace kernel
