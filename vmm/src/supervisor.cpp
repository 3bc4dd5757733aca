#include "confwl/vmm/supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <climits>

#include <cstring>

#include "confwl/vmm/console_forwarder.h"
#include "confwl/vmm/hostcall_codec.h"
#include "confwl/vmm/kvm_engine.h"
#include "confwl/vmm/qemu_engine.h"
#include "confwl/vmm/run_outcome.h"
#include "confwl/vmm/sealed_memfd.h"
#include "confwl/vmm/simulated_psp.h"
#include "confwl/vmm/simulated_psp_launch_finish.h"

namespace confwl::vmm {
namespace {

using Clock = std::chrono::steady_clock;

// How long QEMU may take to stop after the guest said kExit (the kernel writes 0xF4 right after).
constexpr auto kExitGrace = std::chrono::seconds(2);
// What we keep of QEMU's stderr for error messages.
constexpr size_t kMaxQemuStderr = 16 * 1024;
// Polling interval for QEMU's exit when the kernel has no pidfd_open.
constexpr int kExitPollMs = 20;
static_assert(kMaxTimeoutSeconds * 1000ll < INT_MAX, "poll_timeout_ms() narrows the time left to an int");

// A write to a pipe whose reader is gone must become EPIPE here, not kill confwl.
class SigpipeIgnored {
 public:
  SigpipeIgnored() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous_);
  }
  ~SigpipeIgnored() { ::sigaction(SIGPIPE, &previous_, nullptr); }
  SigpipeIgnored(const SigpipeIgnored&) = delete;
  SigpipeIgnored& operator=(const SigpipeIgnored&) = delete;

 private:
  struct sigaction previous_ {};
};

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

class Supervisor {
 public:
  Supervisor(QemuProcess& qemu, HostcallServer& server, const GuestRunOptions& options)
      : qemu_(qemu), server_(server), options_(options),
        console_(options.stdin_fd, qemu.console_input()) {
    if (options.timeout_seconds)
      deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(*options.timeout_seconds));
  }

  Result<int> run();

 private:
  enum Slot { kStdin, kConsole, kHostcallIn, kHostcallOut, kQemuStderr, kQemuExit, kSlots };

  int poll_timeout_ms() const;
  Status serve(const pollfd (&fds)[kSlots]);
  Status read_hostcall();
  void write_hostcall();
  void read_qemu_stderr();
  Result<int> conclude(int wait_status);
  Result<int> time_out();

  QemuProcess& qemu_;
  HostcallServer& server_;
  const GuestRunOptions& options_;
  ConsoleForwarder console_;
  HostcallDecoder decoder_;
  std::optional<Clock::time_point> deadline_;
  std::optional<Clock::time_point> exit_grace_end_;
  bool hostcall_open_ = true;      // COM2 still delivers bytes from the guest
  bool hostcall_writable_ = true;  // COM2 still takes bytes for the guest
  bool stderr_open_ = true;
  bool stdin_eof_told_ = false;
  std::string qemu_stderr_;
};

int Supervisor::poll_timeout_ms() const {
  int timeout = qemu_.exit_notifier() >= 0 ? -1 : kExitPollMs;
  for (const auto& limit : {deadline_, exit_grace_end_}) {
    if (!limit) continue;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*limit - Clock::now()).count();
    const int left_ms = static_cast<int>(std::max<decltype(left)>(left, 0));
    timeout = timeout < 0 ? left_ms : std::min(timeout, left_ms);
  }
  return timeout;
}

Result<int> Supervisor::run() {
  while (true) {
    pollfd fds[kSlots] = {
        console_.stdin_interest(),
        console_.console_interest(),
        {hostcall_open_ ? qemu_.hostcall() : -1, POLLIN, 0},
        {hostcall_writable_ && !server_.pending_output().empty() ? qemu_.hostcall() : -1, POLLOUT, 0},
        {stderr_open_ ? qemu_.diagnostics() : -1, POLLIN, 0},
        {qemu_.exit_notifier(), POLLIN, 0},
    };
    if (::poll(fds, kSlots, poll_timeout_ms()) < 0 && errno != EINTR)
      return Error{std::string("poll failed: ") + std::strerror(errno)};
    if (Status status = serve(fds); !status) {
      qemu_.kill_and_wait();
      return status.error();
    }
    if (std::optional<int> wait_status = qemu_.poll_exit()) return conclude(*wait_status);
    const auto now = Clock::now();
    if (exit_grace_end_ && now >= *exit_grace_end_) return conclude(qemu_.kill_and_wait());
    if (deadline_ && now >= *deadline_) return time_out();
  }
}

Status Supervisor::serve(const pollfd (&fds)[kSlots]) {
  if (fds[kStdin].revents) console_.on_stdin_ready();
  if (fds[kConsole].revents) console_.on_console_ready();
  if (std::optional<uint64_t> total = console_.finished_total(); total && !stdin_eof_told_) {
    server_.stdin_ended(*total);
    stdin_eof_told_ = true;
  }
  if (fds[kHostcallIn].revents) {
    if (Status status = read_hostcall(); !status) return status;
  }
  if (fds[kHostcallOut].revents || !server_.pending_output().empty()) write_hostcall();
  if (fds[kQemuStderr].revents) read_qemu_stderr();
  if (server_.exit_status() && !exit_grace_end_) exit_grace_end_ = Clock::now() + kExitGrace;
  return Ok{};
}

// Reads what COM2 has now (all of it once QEMU is gone) and hands each frame to the server.
Status Supervisor::read_hostcall() {
  std::byte chunk[4096];
  while (hostcall_open_) {
    const ssize_t n = ::recv(qemu_.hostcall(), chunk, sizeof chunk, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return Ok{};
    if (n <= 0) {
      hostcall_open_ = false;
      return Ok{};
    }
    std::span<const std::byte> input(chunk, static_cast<size_t>(n));
    while (!input.empty()) {
      Result<std::optional<HostcallFrame>> frame = decoder_.next(input);
      if (!frame) return frame.error();
      if (!*frame) break;
      if (Status status = server_.handle(**frame); !status) return status;
    }
  }
  return Ok{};
}

void Supervisor::write_hostcall() {
  const std::span<const std::byte> pending = server_.pending_output();
  if (!hostcall_writable_ || pending.empty()) return;
  const ssize_t n = ::send(qemu_.hostcall(), pending.data(), pending.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n > 0) server_.consume_output(static_cast<size_t>(n));
  if (n < 0 && errno != EAGAIN && errno != EINTR) hostcall_writable_ = false;  // QEMU is going away
}

void Supervisor::read_qemu_stderr() {
  char chunk[4096];
  while (stderr_open_) {
    const ssize_t n = ::read(qemu_.diagnostics(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      stderr_open_ = false;
      return;
    }
    qemu_stderr_.append(chunk, std::min(static_cast<size_t>(n), kMaxQemuStderr - qemu_stderr_.size()));
  }
}

Result<int> Supervisor::time_out() {
  qemu_.kill_and_wait();
  return report_timeout(options_);
}

// QEMU is gone: everything it wrote is in our channels. The guest's kExit decides the status;
// the debug-exit port is the fallback for a guest whose hostcall channel broke.
Result<int> Supervisor::conclude(int wait_status) {
  if (Status status = read_hostcall(); !status) return status.error();
  read_qemu_stderr();
  std::FILE* out = options_.diagnostics;
  if (options_.verbose && !qemu_stderr_.empty()) std::fprintf(out, "confwl: QEMU stderr:\n%s", qemu_stderr_.c_str());
  GuestEnd end{std::nullopt, "QEMU " + describe_wait_status(wait_status) +
                                 (qemu_stderr_.empty() || options_.verbose ? "" : "; QEMU said:\n" + qemu_stderr_)};
  // isa-debug-exit makes QEMU exit with (v << 1) | 1; QEMU's own failures exit with 1 or an even status.
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) % 2 == 1)
    end.debug_exit_status = debug_exit_fallback_status(static_cast<uint32_t>(WEXITSTATUS(wait_status)) >> 1);
  return conclude_run(server_, decoder_, end, options_);
}

}  // namespace

Result<int> run_guest(std::span<const std::byte> image, const GuestRunOptions& options) {
  HostcallServerConfig hostcall = options.hostcall;
  if (!hostcall.realtime_ns)
    hostcall.realtime_ns = [] {
      return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::system_clock::now().time_since_epoch()).count());
    };
  Result<HostcallServer> server = HostcallServer::create(std::move(hostcall));
  if (!server) return server.error();
  // The simulated TEE measures exactly the bytes the engine boots (`image`, never re-read), and
  // with an ID block checks it before the guest runs (SNP_LAUNCH_FINISH).
  std::optional<SimulatedLaunch> finished;
  if (options.id_block) {
    Result<SimulatedLaunch> launch = simulated_launch_finish(image, *options.id_block);
    if (!launch) return launch.error();
    finished = std::move(*launch);
  }
  server->set_attestation_responder(simulated_psp_responder(image, options.diagnostics, std::move(finished)));
  const SigpipeIgnored sigpipe_ignored;
  if (options.engine != Engine::kQemu) {
    // Probed once per run (0.3 ms on some hosts): kAuto falls back to QEMU; kKvm says why it
    // cannot run in one recognisable way, so a test suite can skip the kvm engine there.
    const Status available = kvm_engine_available();
    if (available) return run_on_kvm(image, *server, options);
    if (options.engine == Engine::kKvm)
      return Error{"the kvm engine cannot run on this host: " + available.error().message};
    if (options.verbose)
      std::fprintf(options.diagnostics, "confwl: engine auto: qemu, as the kvm engine cannot run here: %s\n",
                   available.error().message.c_str());
  }
  Result<std::string> qemu_path = find_qemu(options.qemu);
  if (!qemu_path) return qemu_path.error();
  Result<UniqueFd> image_fd = make_sealed_memfd(image, "confwl-image");
  if (!image_fd) return image_fd.error();
  const std::vector<std::string> arguments = qemu_arguments(*qemu_path, options.memory_bytes);
  if (options.verbose) std::fprintf(options.diagnostics, "confwl: %s\n", join(arguments).c_str());
  Result<QemuProcess> qemu = QemuProcess::start(arguments, image_fd->get(), options.stdout_fd);
  if (!qemu) return qemu.error();
  return Supervisor(*qemu, *server, options).run();
}

}  // namespace confwl::vmm
