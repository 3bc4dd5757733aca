// The `qemu` engine: runs the image under qemu-system-x86_64 -M microvm with the device contract of
// DESIGN.md (COM1 console on QEMU's stdio, COM2 hostcall channel, isa-debug-exit).
//
// COM2 is a pre-connected socketpair handed to QEMU as `-chardev socket,fd=N` (accepted by QEMU
// 7.2): no paths in the file system, no race with another process opening a FIFO, and the
// supervisor sees EOF as soon as QEMU is gone.
#pragma once
#include <confwl/result.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "confwl/vmm/unique_fd.h"

namespace confwl::vmm {

// The executable to run: `explicit_path` (--qemu) if given, else $CONFWL_QEMU, else
// qemu-system-x86_64 on $PATH. The error says which was tried and how to fix it.
Result<std::string> find_qemu(const std::optional<std::string>& explicit_path);

// Where QEMU finds its inputs, as file descriptor numbers in the QEMU process.
inline constexpr int kQemuHostcallFd = 3;
inline constexpr int kQemuImageFd = 4;

// argv for QEMU (argv[0] = `qemu`) booting the image at /proc/self/fd/kQemuImageFd.
std::vector<std::string> qemu_arguments(const std::string& qemu, uint64_t memory_bytes);

// A running QEMU. Destroying it kills QEMU (if still running) and reaps it.
class QemuProcess {
 public:
  // Starts `arguments` with: stdin a pipe from us (console_input), stdout = `stdout_fd`, stderr a
  // pipe to us (diagnostics), kQemuHostcallFd one end of a socketpair (hostcall), kQemuImageFd =
  // `image_fd`. Every fd we keep is non-blocking and close-on-exec.
  static Result<QemuProcess> start(const std::vector<std::string>& arguments, int image_fd,
                                   int stdout_fd);

  QemuProcess(QemuProcess&& other) noexcept;
  QemuProcess& operator=(QemuProcess&&) = delete;
  ~QemuProcess();

  int console_input() const { return console_input_.get(); }
  int hostcall() const { return hostcall_.get(); }
  int diagnostics() const { return diagnostics_.get(); }
  // Readable once QEMU has exited (a pidfd); invalid when the kernel has no pidfd_open.
  int exit_notifier() const { return exit_notifier_.get(); }
  void close_console_input() { console_input_.reset(); }

  // The wait status (as waitpid) once QEMU has exited; nullopt while it runs. Never blocks.
  std::optional<int> poll_exit();
  // SIGKILL and reap; returns the wait status.
  int kill_and_wait();

 private:
  QemuProcess() = default;
  pid_t pid_ = -1;
  std::optional<int> wait_status_;
  UniqueFd console_input_, hostcall_, diagnostics_, exit_notifier_;
};

// "exited with status 3" / "killed by signal 9" for a wait status.
std::string describe_wait_status(int wait_status);

}  // namespace confwl::vmm
