#include "uart_16550.h"

#include <gtest/gtest.h>

namespace confwl::vmm::kvm {
namespace {

constexpr uint8_t kDataReady = 0x01, kTransmitterIdle = 0x60;

TEST(Uart16550, TransmitterIsAlwaysReadyAndHandsOutEachByte) {
  Uart16550 uart;
  EXPECT_EQ(uart.read(5), kTransmitterIdle);
  EXPECT_EQ(uart.write(0, 'x'), std::optional<uint8_t>('x'));
}

constexpr uint8_t kFifoOn = 0x01;

TEST(Uart16550, ReceivedBytesComeOutInOrderWithDataReady) {
  Uart16550 uart;
  uart.write(2, kFifoOn);
  uart.receive('a');
  uart.receive('b');
  EXPECT_EQ(uart.read(5), kTransmitterIdle | kDataReady);
  EXPECT_EQ(uart.read(0), 'a');
  EXPECT_EQ(uart.read(0), 'b');
  EXPECT_EQ(uart.read(5), kTransmitterIdle);
  EXPECT_EQ(uart.read(0), 0);  // empty receiver
}

TEST(Uart16550, ReceiveFifoIsBounded) {
  Uart16550 uart;
  uart.write(2, kFifoOn);
  for (int i = 0; i < 100; ++i) uart.receive(static_cast<uint8_t>(i));
  EXPECT_EQ(uart.receive_room(), 0u);
  for (size_t i = 0; i < Uart16550::kReceiveFifoSize; ++i) EXPECT_EQ(uart.read(0), i);
  EXPECT_TRUE(uart.receive_empty());
}

TEST(Uart16550, DivisorLatchRedirectsDataAndInterruptEnable) {
  Uart16550 uart;
  uart.write(3, 0x83);  // DLAB, 8N1
  EXPECT_EQ(uart.write(0, 0x0C), std::nullopt);
  uart.write(1, 0x00);
  EXPECT_EQ(uart.read(0), 0x0C);
  uart.write(3, 0x03);
  EXPECT_EQ(uart.read(3), 0x03);
  EXPECT_EQ(uart.write(0, 'y'), std::optional<uint8_t>('y'));
}

TEST(Uart16550, RegistersKeepWhatTheDriverWrites) {
  Uart16550 uart;
  uart.write(1, 0xFF);
  EXPECT_EQ(uart.read(1), 0x0F);  // IER has four bits
  uart.write(7, 0x5A);
  EXPECT_EQ(uart.read(7), 0x5A);
  EXPECT_EQ(uart.read(2), 0x01);  // no interrupt pending
  uart.write(2, 0x07);            // enable and clear the FIFOs
  EXPECT_EQ(uart.read(2), 0xC1);
}

TEST(Uart16550, FifoControlClearsTheReceiver) {
  Uart16550 uart;
  uart.write(2, kFifoOn);
  uart.receive('z');
  uart.write(2, kFifoOn | 0x02);  // receiver reset
  EXPECT_TRUE(uart.receive_empty());
}

TEST(Uart16550, WithTheFifoOffTheReceiverHoldsOneByte) {
  Uart16550 uart;
  EXPECT_EQ(uart.receive_room(), 1u);
  uart.receive('a');
  uart.receive('b');  // no room: dropped, as callers are told by receive_room
  EXPECT_EQ(uart.receive_room(), 0u);
  EXPECT_EQ(uart.read(0), 'a');
  EXPECT_TRUE(uart.receive_empty());
}

TEST(Uart16550, TurningTheFifoOnOrOffEmptiesTheReceiver) {
  Uart16550 uart;
  uart.receive('a');
  uart.write(2, kFifoOn);  // enable alone, without the reset bit
  EXPECT_TRUE(uart.receive_empty());
  EXPECT_EQ(uart.receive_room(), Uart16550::kReceiveFifoSize);
  uart.receive('b');
  uart.write(2, kFifoOn);  // no change: the byte stays
  EXPECT_FALSE(uart.receive_empty());
  uart.write(2, 0x00);
  EXPECT_TRUE(uart.receive_empty());
  EXPECT_EQ(uart.receive_room(), 1u);
}

}  // namespace
}  // namespace confwl::vmm::kvm
