#include "fs/readiness.h"

#include "dev/devices.h"
#include "fs/pipe.h"

namespace kernel {

uint32_t poll_events(const OpenFile& file) {
  const Node& target = node(file.node);
  switch (target.kind) {
    case NodeKind::kDirectory:
    case NodeKind::kSealedFile:
    case NodeKind::kSelfExe:
    case NodeKind::kTmpFile: return poll_event::kDefault;
    case NodeKind::kPipe: return pipe_poll_events(file);
    case NodeKind::kDevice:
      if (target.device != Device::kConsole) return poll_event::kDefault;
      // Console writes never wait; a read waits unless a byte is there or stdin has ended.
      return poll_event::kOut | poll_event::kWriteNormal |
             (console_input_ready() ? poll_event::kIn | poll_event::kReadNormal : 0);
  }
  return poll_event::kInvalid;
}

void add_poller(const OpenFile& file) {
  const Node& target = node(file.node);
  if (target.kind == NodeKind::kPipe) pipe_add_poller(file);
  if (target.kind == NodeKind::kDevice && target.device == Device::kConsole) console_add_poller();
}

}  // namespace kernel
