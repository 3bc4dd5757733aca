#include "process/signal_layout.h"

#include "lib/checked.h"

namespace kernel {
namespace {

constexpr uint64_t kRedZone = 128;
constexpr uint64_t kFpstateAlignment = 64;

}  // namespace

bool on_alternate_stack(uint64_t user_rsp, const SignalStack& alternate) {
  return alternate_stack_enabled(alternate) && user_rsp > alternate.ss_sp && user_rsp - alternate.ss_sp <= alternate.ss_size;
}

FramePlacement place_signal_frame(uint64_t user_rsp, const SignalStack& alternate, bool use_alternate,
                                  uint64_t fpstate_size) {
  bool switch_stack = use_alternate && alternate_stack_enabled(alternate) && !on_alternate_stack(user_rsp, alternate);
  uint64_t top = 0;
  if (switch_stack) {
    if (!checked_add(alternate.ss_sp, alternate.ss_size, &top)) return {};
  } else if (user_rsp < kRedZone) {
    return {};
  } else {
    top = user_rsp - kRedZone;
  }
  uint64_t needed = fpstate_size + kFpstateAlignment + sizeof(RtSigframe) + 16;
  if (top < needed) return {};
  uint64_t fpstate = align_down(top - fpstate_size, kFpstateAlignment);
  uint64_t frame = align_down(fpstate - sizeof(RtSigframe), 16) - 8;
  // The whole frame must fit on the alternate stack (Linux: SIGSEGV rather than overflowing it).
  bool on_alternate = switch_stack || on_alternate_stack(user_rsp, alternate);
  if (on_alternate && frame < alternate.ss_sp) return {};
  return {frame, fpstate};
}

}  // namespace kernel
