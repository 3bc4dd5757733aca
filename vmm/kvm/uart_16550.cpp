#include "uart_16550.h"

namespace confwl::vmm::kvm {
namespace {

enum Register : uint16_t {
  kData = 0,             // RBR (read) / THR (write); DLL with DLAB set
  kInterruptEnable = 1,  // IER; DLM with DLAB set
  kInterruptId = 2,      // IIR (read) / FCR (write)
  kLineControl = 3,
  kModemControl = 4,
  kLineStatus = 5,
  kModemStatus = 6,
  kScratch = 7,
};

constexpr uint8_t kLineStatusDataReady = 0x01;
constexpr uint8_t kLineStatusTransmitterIdle = 0x60;  // THR empty and transmitter empty
constexpr uint8_t kInterruptNonePending = 0x01;
constexpr uint8_t kInterruptFifosEnabled = 0xC0;
constexpr uint8_t kFifoEnable = 0x01;
constexpr uint8_t kFifoClearReceive = 0x02;
constexpr uint8_t kModemControlLoopback = 0x10;
// Carrier detect, data set ready, clear to send: a peer is always there.
constexpr uint8_t kModemStatusConnected = 0xB0;

}  // namespace

uint8_t Uart16550::take_received() {
  if (received_count_ == 0) return 0;
  const uint8_t byte = fifo_[received_head_];
  received_head_ = (received_head_ + 1) % kReceiveFifoSize;
  --received_count_;
  return byte;
}

void Uart16550::receive(uint8_t byte) {
  if (received_count_ >= capacity()) return;
  fifo_[(received_head_ + received_count_) % kReceiveFifoSize] = byte;
  ++received_count_;
}

uint8_t Uart16550::read(uint16_t offset) {
  switch (offset) {
    case kData: return divisor_latch() ? divisor_low_ : take_received();
    case kInterruptEnable: return divisor_latch() ? divisor_high_ : interrupt_enable_;
    case kInterruptId: return kInterruptNonePending | (fifo_enabled_ ? kInterruptFifosEnabled : 0);
    case kLineControl: return line_control_;
    case kModemControl: return modem_control_;
    case kLineStatus: return kLineStatusTransmitterIdle | (received_count_ > 0 ? kLineStatusDataReady : 0);
    case kModemStatus: return (modem_control_ & kModemControlLoopback) ? 0 : kModemStatusConnected;
    case kScratch: return scratch_;
    default: return 0xFF;  // not a register: what an empty ISA bus reads
  }
}

std::optional<uint8_t> Uart16550::write(uint16_t offset, uint8_t value) {
  switch (offset) {
    case kData:
      if (!divisor_latch()) return value;
      divisor_low_ = value;
      break;
    case kInterruptEnable:
      // Interrupts are never raised (no interrupt controller); the value is only remembered.
      if (divisor_latch()) divisor_high_ = value;
      else interrupt_enable_ = value & 0x0F;
      break;
    case kInterruptId: {
      // FCR: changing bit 0 (FIFO enable) clears the FIFOs, as does bit 1 (PC16550D, FCR).
      const bool enable = (value & kFifoEnable) != 0;
      if (enable != fifo_enabled_ || (value & kFifoClearReceive)) received_head_ = received_count_ = 0;
      fifo_enabled_ = enable;
      break;
    }
    case kLineControl: line_control_ = value; break;
    case kModemControl: modem_control_ = value & 0x1F; break;
    case kScratch: scratch_ = value; break;
    default: break;  // LSR and MSR are read-only
  }
  return std::nullopt;
}

}  // namespace confwl::vmm::kvm
