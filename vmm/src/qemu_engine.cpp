#include "confwl/vmm/qemu_engine.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

extern char** environ;

namespace confwl::vmm {
namespace {

constexpr const char* kQemuName = "qemu-system-x86_64";

Error system_error(const std::string& step) { return Error{step + ": " + std::strerror(errno)}; }

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

Result<std::string> checked_executable(const std::string& path, const std::string& source) {
  if (is_executable_file(path)) return path;
  return Error{source + " names '" + path + "', which is not an executable file"};
}

// Copies to a number >= 10 (close-on-exec), so the dup2 onto 0..4 in the child cannot clobber a
// source that happens to have a low number (e.g. when our own stdin is closed).
Result<UniqueFd> high_copy(int fd) {
  UniqueFd copy(::fcntl(fd, F_DUPFD_CLOEXEC, 10));
  if (!copy.valid()) return system_error("duplicating a descriptor for QEMU failed");
  return copy;
}

Status set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
    return system_error("making a QEMU channel non-blocking failed");
  return Ok{};
}

// The QEMU end and our end of each channel.
struct Channels {
  UniqueFd console_read, console_write, stderr_read, stderr_write, hostcall_ours, hostcall_theirs;
};

Result<Channels> make_channels() {
  int console[2], errors[2], hostcall[2];
  if (::pipe2(console, O_CLOEXEC) != 0) return system_error("creating the COM1 input pipe failed");
  Channels channels;
  channels.console_read.reset(console[0]);
  channels.console_write.reset(console[1]);
  if (::pipe2(errors, O_CLOEXEC) != 0) return system_error("creating the QEMU stderr pipe failed");
  channels.stderr_read.reset(errors[0]);
  channels.stderr_write.reset(errors[1]);
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, hostcall) != 0)
    return system_error("creating the COM2 socketpair failed");
  channels.hostcall_ours.reset(hostcall[0]);
  channels.hostcall_theirs.reset(hostcall[1]);
  return channels;
}

// posix_spawn with the child's descriptors 0..4 as listed and nothing else inherited.
Result<pid_t> spawn(const std::vector<std::string>& arguments, const int (&child_fds)[5]) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  std::vector<UniqueFd> sources;
  for (int target = 0; target < 5; ++target) {
    Result<UniqueFd> source = high_copy(child_fds[target]);
    if (!source) return source.error();
    posix_spawn_file_actions_adddup2(&actions, source->get(), target);
    sources.push_back(std::move(*source));
  }
  posix_spawn_file_actions_addclosefrom_np(&actions, 5);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) return Error{"cannot start " + arguments[0] + ": " + std::strerror(error)};
  return pid;
}

}  // namespace

Result<std::string> find_qemu(const std::optional<std::string>& explicit_path) {
  if (explicit_path) return checked_executable(*explicit_path, "--qemu");
  if (const char* from_env = std::getenv("CONFWL_QEMU"); from_env && *from_env)
    return checked_executable(from_env, "$CONFWL_QEMU");
  const char* path = std::getenv("PATH");
  std::string_view directories = path ? path : "";
  while (!directories.empty()) {
    const size_t colon = directories.find(':');
    const std::string_view directory = directories.substr(0, colon);
    directories = colon == std::string_view::npos ? "" : directories.substr(colon + 1);
    const std::string candidate = std::string(directory.empty() ? "." : directory) + "/" + kQemuName;
    if (is_executable_file(candidate)) return candidate;
  }
  return Error{std::string(kQemuName) +
               " not found on $PATH: install it (Debian: apt-get install qemu-system-x86), "
               "or name it with --qemu PATH or $CONFWL_QEMU"};
}

std::vector<std::string> qemu_arguments(const std::string& qemu, uint64_t memory_bytes) {
  constexpr uint64_t kMiB = 1 << 20;
  const std::string memory = memory_bytes % kMiB == 0 ? std::to_string(memory_bytes / kMiB) + "M"
                                                      : std::to_string(memory_bytes) + "B";
  return {qemu,
          "-M", "microvm,x-option-roms=off,rtc=off,pit=off,pic=off,isa-serial=on",
          "-cpu", "max",  // RDRAND under TCG
          "-nodefaults", "-no-user-config", "-nographic",
          "-no-reboot",  // a guest triple fault ends QEMU instead of booting the image again
          "-chardev", "stdio,id=c0", "-serial", "chardev:c0",
          "-chardev", "socket,id=c1,fd=" + std::to_string(kQemuHostcallFd),
          "-device", "isa-serial,chardev=c1,iobase=0x2f8,irq=3",
          "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
          "-kernel", "/proc/self/fd/" + std::to_string(kQemuImageFd),
          "-m", memory};
}

Result<QemuProcess> QemuProcess::start(const std::vector<std::string>& arguments, int image_fd,
                                       int stdout_fd) {
  Result<Channels> channels = make_channels();
  if (!channels) return channels.error();
  const int child_fds[5] = {channels->console_read.get(), stdout_fd, channels->stderr_write.get(),
                            channels->hostcall_theirs.get(), image_fd};
  static_assert(kQemuHostcallFd == 3 && kQemuImageFd == 4, "child_fds lists them in this order");
  Result<pid_t> pid = spawn(arguments, child_fds);
  if (!pid) return pid.error();
  QemuProcess process;
  process.pid_ = *pid;
  process.console_input_ = std::move(channels->console_write);
  process.hostcall_ = std::move(channels->hostcall_ours);
  process.diagnostics_ = std::move(channels->stderr_read);
  process.exit_notifier_.reset(static_cast<int>(::syscall(SYS_pidfd_open, *pid, 0)));
  for (int fd : {process.console_input(), process.hostcall(), process.diagnostics()}) {
    if (Status status = set_nonblocking(fd); !status) return status.error();
  }
  return process;
}

QemuProcess::QemuProcess(QemuProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      wait_status_(other.wait_status_),
      console_input_(std::move(other.console_input_)),
      hostcall_(std::move(other.hostcall_)),
      diagnostics_(std::move(other.diagnostics_)),
      exit_notifier_(std::move(other.exit_notifier_)) {}

QemuProcess::~QemuProcess() {
  if (pid_ > 0 && !wait_status_) kill_and_wait();
}

std::optional<int> QemuProcess::poll_exit() {
  if (wait_status_ || pid_ <= 0) return wait_status_;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) wait_status_ = status;
  return wait_status_;
}

int QemuProcess::kill_and_wait() {
  if (wait_status_) return *wait_status_;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  wait_status_ = status;
  return status;
}

std::string describe_wait_status(int wait_status) {
  if (WIFEXITED(wait_status)) return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return "was killed by signal " + std::to_string(WTERMSIG(wait_status));
  return "ended with wait status " + std::to_string(wait_status);
}

}  // namespace confwl::vmm
