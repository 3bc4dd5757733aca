#include "device_contract.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "confwl/vmm/hostcall_codec.h"

namespace confwl::vmm::kvm {
namespace {

constexpr uint16_t kLineStatus = 5;

class DeviceContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(stdout_pipe_), 0);
    ASSERT_EQ(::pipe(stdin_pipe_), 0);
    HostcallServerConfig config;
    config.realtime_ns = [] { return uint64_t{1}; };
    Result<HostcallServer> server = HostcallServer::create(std::move(config));
    ASSERT_TRUE(server) << server.error().message;
    server_.emplace(std::move(*server));
    Result<DeviceContract> devices = DeviceContract::create(*server_, decoder_, stdin_pipe_[0], stdout_pipe_[1]);
    ASSERT_TRUE(devices);
    devices_.emplace(std::move(*devices));
  }
  void TearDown() override {
    for (int fd : {stdout_pipe_[0], stdout_pipe_[1], stdin_pipe_[0], stdin_pipe_[1]}) ::close(fd);
  }
  Status out(uint16_t port, std::vector<uint8_t> bytes) {
    return devices_->port_out(port, std::as_bytes(std::span(bytes)));
  }
  uint8_t in(uint16_t port) {
    std::byte value{};
    EXPECT_TRUE(devices_->port_in(port, std::span(&value, 1)));
    return static_cast<uint8_t>(value);
  }
  std::string console_output() {
    devices_->flush_console();
    ::fcntl(stdout_pipe_[0], F_SETFL, O_NONBLOCK);
    char buffer[256];
    const ssize_t n = ::read(stdout_pipe_[0], buffer, sizeof buffer);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
  }

  // Fills the stdout pipe until a write would block; returns how many bytes are in it.
  size_t fill_stdout_pipe() {
    const int flags = ::fcntl(stdout_pipe_[1], F_GETFL);
    ::fcntl(stdout_pipe_[1], F_SETFL, flags | O_NONBLOCK);
    const std::vector<char> block(4096, 'x');
    size_t filled = 0;
    for (ssize_t n; (n = ::write(stdout_pipe_[1], block.data(), block.size())) > 0;) filled += static_cast<size_t>(n);
    ::fcntl(stdout_pipe_[1], F_SETFL, flags);
    started_ = DeviceContract::Clock::now();
    return filled;
  }

  int stdout_pipe_[2] = {-1, -1}, stdin_pipe_[2] = {-1, -1};
  DeviceContract::Clock::time_point started_;
  HostcallDecoder decoder_;
  std::optional<HostcallServer> server_;
  std::optional<DeviceContract> devices_;
};

TEST_F(DeviceContractTest, Com1OutputReachesStdout) {
  for (char c : std::string("hi\n")) ASSERT_TRUE(out(kCom1Base, {static_cast<uint8_t>(c)}));
  EXPECT_EQ(console_output(), "hi\n");
}

TEST_F(DeviceContractTest, Com1InputComesFromStdin) {
  ASSERT_EQ(::write(stdin_pipe_[1], "ok", 2), 2);
  EXPECT_EQ(in(kCom1Base + kLineStatus) & 1, 1);
  EXPECT_EQ(in(kCom1Base), 'o');
  EXPECT_EQ(in(kCom1Base), 'k');
}

TEST_F(DeviceContractTest, StdinEndIsToldOnCom2) {
  ::close(stdin_pipe_[1]);
  stdin_pipe_[1] = -1;
  EXPECT_EQ(in(kCom1Base + kLineStatus) & 1, 0);  // nothing to read; our stdin ended
  std::vector<std::byte> frame;
  while (in(kCom2Base + kLineStatus) & 1) frame.push_back(std::byte{in(kCom2Base)});
  const abi::HostcallStdinEof eof{0};
  std::vector<std::byte> expected{std::byte{abi::kHostcallSyncByte}};
  const std::vector<std::byte> eof_frame =
      encode_hostcall_frame(abi::HostcallType::kStdinEof, std::as_bytes(std::span(&eof, 1)));
  expected.insert(expected.end(), eof_frame.begin(), eof_frame.end());
  EXPECT_EQ(frame, expected);
}

// What the kernel's open_hostcall_channel does: FIFO on, then one read of RBR. Nothing the host
// queued is lost, and with the FIFO on the bytes come sixteen at a time.
TEST_F(DeviceContractTest, Com2FifoTurnedOnAtBootLosesNothing) {
  ::close(stdin_pipe_[1]);
  stdin_pipe_[1] = -1;
  // Queues kStdinEof behind the sync byte, which goes into COM2's one-byte receiver at once.
  EXPECT_EQ(in(kCom1Base + kLineStatus) & 1, 0);
  ASSERT_TRUE(out(kCom2Base + 2, {0xC7}));  // FCR: FIFOs on and cleared, trigger level 14
  // The flush took the sync byte; the read that follows already gets the frame's first byte.
  std::vector<std::byte> frame{std::byte{in(kCom2Base)}};
  while (in(kCom2Base + kLineStatus) & 1) frame.push_back(std::byte{in(kCom2Base)});
  const abi::HostcallStdinEof eof{0};
  EXPECT_EQ(frame, encode_hostcall_frame(abi::HostcallType::kStdinEof, std::as_bytes(std::span(&eof, 1))));
}

TEST_F(DeviceContractTest, Com2FramesGoToTheHostcallServer) {
  const abi::HostcallExit exit{42, 0};
  for (std::byte b : encode_hostcall_frame(abi::HostcallType::kExit, std::as_bytes(std::span(&exit, 1))))
    ASSERT_TRUE(out(kCom2Base, {static_cast<uint8_t>(b)}));
  EXPECT_EQ(server_->exit_status(), 42u);
}

TEST_F(DeviceContractTest, MalformedHostcallBytesAreAnError) {
  Status status = out(kCom2Base, {0xFF});
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("bad magic"), std::string::npos);
}

// As much as QEMU's isa-debug-exit can report, so both engines give the same status.
TEST_F(DeviceContractTest, DebugExitKeepsWhatQemuCanReport) {
  ASSERT_TRUE(out(kDebugExitPort, {0x87, 0x01, 0, 0}));
  EXPECT_EQ(devices_->debug_exit_value(), 0x187u);
  EXPECT_EQ(devices_->debug_exit_status(), 7);
  ASSERT_TRUE(out(kDebugExitPort, {0x80, 0, 0, 0}));
  EXPECT_EQ(devices_->debug_exit_value(), 0x80u);
  EXPECT_EQ(devices_->debug_exit_status(), std::nullopt);  // QEMU would exit with 1, its own failure
}

// A reader that has stopped reading (a pager, Ctrl-S) holds console output only until the deadline.
TEST_F(DeviceContractTest, FullStdoutWaitsNoLongerThanTheDeadline) {
  fill_stdout_pipe();
  devices_->set_output_deadline(DeviceContract::Clock::now() + std::chrono::milliseconds(50));
  for (char c : std::string("lost\n")) ASSERT_TRUE(out(kCom1Base, {static_cast<uint8_t>(c)}));
  EXPECT_GE(DeviceContract::Clock::now() - started_, std::chrono::milliseconds(50));
}

// An inherited non-blocking stdout: a full pipe is waited for, not taken for a reader that left.
TEST_F(DeviceContractTest, NonBlockingStdoutLosesNothing) {
  const size_t filled = fill_stdout_pipe();
  ASSERT_EQ(::fcntl(stdout_pipe_[1], F_SETFL, O_NONBLOCK), 0);
  std::thread reader([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::vector<char> drained(filled);
    for (size_t got = 0; got < filled;) {
      const ssize_t n = ::read(stdout_pipe_[0], drained.data(), filled - got);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
  });
  for (char c : std::string("kept\n")) ASSERT_TRUE(out(kCom1Base, {static_cast<uint8_t>(c)}));
  reader.join();
  EXPECT_EQ(console_output(), "kept\n");
}

TEST_F(DeviceContractTest, PortsOutsideTheContractAreRefused) {
  Status status = out(0x80, {1});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "guest wrote I/O port 0x80 (1 bytes), which is not in the device contract (COM1 0x3f8, COM2 0x2f8, "
            "debug-exit 0xf4)");
  std::byte wide[2]{};
  EXPECT_FALSE(devices_->port_in(kCom1Base, wide));  // a UART register is one byte wide
  std::byte one{};
  EXPECT_FALSE(devices_->port_in(kDebugExitPort, std::span(&one, 1)));
}

}  // namespace
}  // namespace confwl::vmm::kvm
