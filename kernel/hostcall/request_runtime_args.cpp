#include "hostcall/channel.h"
#include "hostcall/runtime_args.h"
#include "lib/print.h"

namespace kernel {

uint32_t request_runtime_args(const char** out, uint32_t capacity) {
  send_frame(confwl::abi::HostcallType::kArgsRequest, nullptr, 0);
  Frame reply = wait_for_frame(confwl::abi::HostcallType::kArgsReply);
  auto parsed = parse_args_reply(reply.payload, reply.size, out, capacity);
  if (!parsed.ok()) panic("hostcall: %s", parsed.error().message);
  return parsed.value();
}

}  // namespace kernel
