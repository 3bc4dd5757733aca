#include "hostcall/exit.h"

#include "arch/x86_64/cpu.h"
#include "hostcall/channel.h"
#include "syscalls/unknown_syscalls.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;
constexpr uint16_t kDebugExitPort = 0xF4;
bool ending = false;

}  // namespace

void end_run(uint32_t status) {
  // A panic while sending the final frames (it cannot come from the host: sending does not read)
  // must not recurse; the debug-exit port alone still stops the VM.
  if (!ending) {
    ending = true;
    send_unknown_syscall_counts();
    abi::HostcallExit exit{status, 0};
    send_frame(abi::HostcallType::kExit, &exit, sizeof exit);
  }
  x86::outl(kDebugExitPort, status);
  x86::halt_forever();
}

void end_run_with_crash(const abi::HostcallCrash& crash) {
  send_frame(abi::HostcallType::kCrash, &crash, sizeof crash);
  end_run(128 + crash.signal);
}

}  // namespace kernel
