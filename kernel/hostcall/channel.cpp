#include "hostcall/channel.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/uart.h"
#include "confwl/abi/crc32.h"
#include "lib/print.h"
#include "lib/string.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;

uint8_t receive_buffer[abi::kHostcallMaxPayload];
StdinEnd stdin_state;
// All zero-initialized on purpose: a kernel with no initialized data has no .data page to load.
bool byte_held = false;  // held_byte was read from COM2 and not yet consumed
uint8_t held_byte;
bool stream_started = false;  // a first byte has arrived: a zero from now on is data, not the sync byte

// Whether a byte is waiting, after dropping the host's leading sync byte.
bool byte_waiting() {
  uint8_t byte;
  while (!byte_held && hostcall_uart().read_available(&byte, 1) == 1) {
    bool sync = !stream_started && byte == abi::kHostcallSyncByte;
    stream_started = true;
    if (!sync) {
      held_byte = byte;
      byte_held = true;
    }
  }
  return byte_held;
}

uint8_t next_byte() {
  while (!byte_waiting()) x86::pause();
  byte_held = false;
  return held_byte;
}

void read_exact(void* destination, size_t size) {
  auto* bytes = static_cast<uint8_t*>(destination);
  for (size_t i = 0; i < size; ++i) bytes[i] = next_byte();
}

uint32_t frame_checksum(abi::HostcallHeader header, const void* payload, uint32_t size) {
  header.checksum = 0;
  uint32_t crc = abi::crc32_update(0, reinterpret_cast<const uint8_t*>(&header), sizeof header);
  return abi::crc32_update(crc, static_cast<const uint8_t*>(payload), size);
}

bool is_host_to_guest(uint16_t type) {
  return type == static_cast<uint16_t>(abi::HostcallType::kArgsReply) ||
         type == static_cast<uint16_t>(abi::HostcallType::kTimeReply) ||
         type == static_cast<uint16_t>(abi::HostcallType::kStdinEof) ||
         type == static_cast<uint16_t>(abi::HostcallType::kAttestationReply);
}

Frame receive_frame() {
  abi::HostcallHeader header;
  read_exact(&header, sizeof header);
  if (header.magic != abi::kHostcallMagic) panic("hostcall: frame with bad magic 0x%x from the host", header.magic);
  if (header.version != abi::kHostcallVersion) {
    panic("hostcall: frame version %u, expected %u", header.version, unsigned{abi::kHostcallVersion});
  }
  if (!is_host_to_guest(header.type)) panic("hostcall: unexpected frame type %u from the host", header.type);
  if (header.payload_length > abi::kHostcallMaxPayload) {
    panic("hostcall: frame payload of %u bytes exceeds the maximum of 8192", header.payload_length);
  }
  read_exact(receive_buffer, header.payload_length);
  if (frame_checksum(header, receive_buffer, header.payload_length) != header.checksum) {
    panic("hostcall: frame type %u has a bad checksum", header.type);
  }
  return Frame{static_cast<abi::HostcallType>(header.type), receive_buffer, header.payload_length};
}

// Returns true if the frame was unsolicited and has been handled.
bool handle_unsolicited(const Frame& frame) {
  if (frame.type != abi::HostcallType::kStdinEof) return false;
  abi::HostcallStdinEof eof;
  if (frame.size != sizeof eof) panic("hostcall: stdin EOF frame of %u bytes, expected 8", frame.size);
  memcpy(&eof, frame.payload, sizeof eof);
  stdin_state = StdinEnd{true, eof.total_bytes};
  return true;
}

}  // namespace

void open_hostcall_channel() {
  hostcall_uart().init();
  hostcall_uart().enable_receive_fifo();
  // The flush took the sync byte or nothing. A byte that has arrived since is real input: a
  // non-zero read keeps it; a zero is nothing or the sync byte.
  if (uint8_t byte = hostcall_uart().read_receiver_register(); byte != 0) {
    held_byte = byte;
    byte_held = true;
    stream_started = true;
  }
}

void send_frame(abi::HostcallType type, const void* payload, uint32_t size) {
  abi::HostcallHeader header{abi::kHostcallMagic, abi::kHostcallVersion, static_cast<uint16_t>(type), size, 0};
  header.checksum = frame_checksum(header, payload, size);
  hostcall_uart().write(&header, sizeof header);
  hostcall_uart().write(payload, size);
}

Frame wait_for_frame(abi::HostcallType type) {
  for (;;) {
    Frame frame = receive_frame();
    if (frame.type == type) return frame;
    if (!handle_unsolicited(frame)) panic("hostcall: frame type %u while waiting for type %u", static_cast<unsigned>(frame.type), static_cast<unsigned>(type));
  }
}

void poll_hostcall() {
  if (!byte_waiting()) return;
  Frame frame = receive_frame();
  if (!handle_unsolicited(frame)) panic("hostcall: unsolicited frame type %u", static_cast<unsigned>(frame.type));
}

const StdinEnd& stdin_end() { return stdin_state; }

}  // namespace kernel
