// The hostcall channel on COM2 (include/confwl/abi/hostcall.h). Sending is fire-and-forget;
// receiving validates every frame (magic, version, type, length, checksum) because the host is
// untrusted, and a bad frame ends the run with a panic naming what was wrong.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "confwl/abi/hostcall.h"

namespace kernel {

struct Frame {
  confwl::abi::HostcallType type;
  const uint8_t* payload;  // valid until the next receive
  uint32_t size;
};

// Sets COM2 up with its receive FIFO on: first thing at boot, before any other COM2 access
// (abi/hostcall.h says why that is safe).
void open_hostcall_channel();

void send_frame(confwl::abi::HostcallType type, const void* payload, uint32_t size);

// Blocks until a frame of this type arrives, handling unsolicited frames (stdin EOF) on the way.
Frame wait_for_frame(confwl::abi::HostcallType type);

// Handles a frame if one has started to arrive; returns at once otherwise.
void poll_hostcall();

// Whether the host has announced the end of stdin, and after how many bytes.
struct StdinEnd {
  bool announced;
  uint64_t total_bytes;
};
const StdinEnd& stdin_end();

}  // namespace kernel
