// Runtime arguments (`confwl run IMAGE -- X Y`): only for images sealed with runtime_args: true.
#pragma once
#include <stdint.h>

#include "boot/memory_map.h"
#include "lib/result.h"

namespace kernel {

// Parses a kArgsReply payload: a HostcallArgsReply, then exactly argc NUL-terminated strings and
// nothing else. Stores pointers into payload in out (at most capacity of them); returns the count.
// Pure logic, tested on the host.
Expected<uint32_t, BootError> parse_args_reply(const uint8_t* payload, uint32_t size, const char** out,
                                                uint32_t capacity);

// Sends kArgsRequest and parses the reply; panics on a malformed one. The strings live in the
// hostcall receive buffer until the next frame is received.
uint32_t request_runtime_args(const char** out, uint32_t capacity);

}  // namespace kernel
