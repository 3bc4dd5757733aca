#include "hostcall/runtime_args.h"

#include "confwl/abi/hostcall.h"
#include "lib/string.h"

namespace kernel {

namespace abi = confwl::abi;

Expected<uint32_t, BootError> parse_args_reply(const uint8_t* payload, uint32_t size, const char** out,
                                                uint32_t capacity) {
  abi::HostcallArgsReply reply;
  if (size < sizeof reply) return BootError{"runtime args: reply shorter than its header"};
  memcpy(&reply, payload, sizeof reply);
  if (reply.reserved != 0) return BootError{"runtime args: reserved field is not 0"};
  if (reply.argc > capacity) return BootError{"runtime args: too many arguments"};
  const char* strings = reinterpret_cast<const char*>(payload + sizeof reply);
  uint32_t remaining = size - static_cast<uint32_t>(sizeof reply);
  uint32_t offset = 0;
  for (uint32_t i = 0; i < reply.argc; ++i) {
    if (offset >= remaining) return BootError{"runtime args: fewer strings than argc"};
    size_t length = bounded_strlen(strings + offset, remaining - offset);
    if (offset + length == remaining) return BootError{"runtime args: a string has no NUL terminator"};
    out[i] = strings + offset;
    offset += static_cast<uint32_t>(length) + 1;
  }
  if (offset != remaining) return BootError{"runtime args: bytes after the last string"};
  return reply.argc;
}

}  // namespace kernel
