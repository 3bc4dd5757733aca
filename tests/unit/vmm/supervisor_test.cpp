// Boots tiny_guest.S under QEMU through the supervisor: the VMM tested alone, before and without
// the ConfWL kernel. The guest's first runtime arg picks its scenario (see tiny_guest.S).
#include "confwl/vmm/supervisor.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "confwl/vmm/qemu_engine.h"

namespace confwl::vmm {
namespace {

std::vector<std::byte> tiny_guest() {
  std::ifstream file(CONFWL_TINY_GUEST, std::ios::binary);
  std::vector<char> chars{std::istreambuf_iterator<char>(file), {}};
  std::vector<std::byte> image(chars.size());
  std::memcpy(image.data(), chars.data(), chars.size());
  return image;
}

// An in-memory file: the guest's stdout or stdin.
class MemoryFile {
 public:
  explicit MemoryFile(const std::string& contents = "") : fd_(::memfd_create("test", MFD_CLOEXEC)) {
    EXPECT_EQ(::write(fd_.get(), contents.data(), contents.size()), static_cast<ssize_t>(contents.size()));
    ::lseek(fd_.get(), 0, SEEK_SET);
  }
  int fd() const { return fd_.get(); }
  std::string contents() const {
    std::string text;
    char chunk[4096];
    ssize_t n;
    for (off_t at = 0; (n = ::pread(fd_.get(), chunk, sizeof chunk, at)) > 0; at += n) text.append(chunk, n);
    return text;
  }

 private:
  UniqueFd fd_;
};

struct GuestRun {
  Result<int> status = Error{"not run"};
  std::string stdout_text;
  std::string diagnostics;
  double seconds = 0;
};

class SupervisorTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!find_qemu(std::nullopt)) GTEST_SKIP() << "no qemu-system-x86_64 here";
  }

  GuestRun boot(std::vector<std::string> args, const std::string& stdin_text = "",
          std::optional<double> timeout = 20, bool allow_args = true, bool verbose = false) {
    MemoryFile input(stdin_text), output;
    std::FILE* diagnostics = std::tmpfile();
    GuestRunOptions options;
    options.memory_bytes = 32 << 20;
    options.timeout_seconds = timeout;
    options.verbose = verbose;
    options.hostcall.runtime_args_allowed = allow_args;
    options.hostcall.runtime_args = std::move(args);
    options.stdin_fd = input.fd();
    options.stdout_fd = output.fd();
    options.diagnostics = diagnostics;
    const auto start = std::chrono::steady_clock::now();
    GuestRun result;
    result.status = run_guest(tiny_guest(), options);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.stdout_text = output.contents();
    std::rewind(diagnostics);
    for (int c; (c = std::fgetc(diagnostics)) != EOF;) result.diagnostics += static_cast<char>(c);
    std::fclose(diagnostics);
    return result;
  }
};

int status_of(const GuestRun& run) {
  EXPECT_TRUE(run.status) << run.status.error().message;
  return run.status ? *run.status : -1;
}

std::string error_of(const GuestRun& run) { return run.status ? "(no error)" : run.status.error().message; }

TEST_F(SupervisorTest, DeliversRuntimeArgs) {
  const GuestRun run = boot({"args", "two words", ""});
  EXPECT_EQ(status_of(run), 3);
  EXPECT_EQ(run.stdout_text, "args\ntwo words\n\n");
  EXPECT_EQ(run.diagnostics, "");
}

TEST_F(SupervisorTest, TheExitMessageDecidesTheStatus) {
  const GuestRun run = boot({"exit"});
  EXPECT_EQ(status_of(run), 42);
  EXPECT_EQ(run.stdout_text, "tiny guest: hello on COM1\n");
}

TEST_F(SupervisorTest, FallsBackToTheDebugExitPort) {
  const GuestRun run = boot({"debug-exit"});
  EXPECT_EQ(status_of(run), 7);
  EXPECT_EQ(run.diagnostics, "confwl: guest ended without an exit message; debug-exit status 7\n");
}

TEST_F(SupervisorTest, ReportsACrash) {
  const GuestRun run = boot({"crash"});
  EXPECT_EQ(status_of(run), 139);
  EXPECT_EQ(run.diagnostics,
            "confwl: workload crashed: page fault (vector 14) at rip 0x401000, address 0x0, error 0x4\n");
}

TEST_F(SupervisorTest, VerboseShowsTheCommandLineAndEnosysCounts) {
  const GuestRun run = boot({"n"}, "", 20, true, true);
  EXPECT_EQ(status_of(run), 0);
  EXPECT_NE(run.diagnostics.find("-M microvm,"), std::string::npos) << run.diagnostics;
  EXPECT_NE(run.diagnostics.find("-chardev socket,id=c1,fd=3"), std::string::npos) << run.diagnostics;
  EXPECT_NE(run.diagnostics.find("confwl: syscalls that returned ENOSYS: clone3 (435) x2, 999 x1\n"),
            std::string::npos)
      << run.diagnostics;
}

TEST_F(SupervisorTest, AnswersTimeRequests) { EXPECT_EQ(status_of(boot({"time"})), 0); }

TEST_F(SupervisorTest, ForwardsStdinAndItsEnd) {
  const std::string text = "first line\nsecond, longer line\n";
  const GuestRun run = boot({"stdin"}, text);
  EXPECT_EQ(status_of(run), static_cast<int>(text.size()));
  EXPECT_EQ(run.stdout_text, text);
}

TEST_F(SupervisorTest, ForwardsAnEmptyStdin) {
  const GuestRun run = boot({"stdin"});
  EXPECT_EQ(status_of(run), 0);
  EXPECT_EQ(run.stdout_text, "");
}

TEST_F(SupervisorTest, ForwardsMoreStdinThanOneBuffer) {
  std::string text;
  for (int i = 0; text.size() < 10000; ++i) text += "line " + std::to_string(i) + "\n";
  const GuestRun run = boot({"stdin"}, text);
  EXPECT_EQ(status_of(run), static_cast<int>(text.size() % 256));
  EXPECT_EQ(run.stdout_text, text);
}

TEST_F(SupervisorTest, StopsAGuestThatHangsAfterItsExitMessage) {
  const GuestRun run = boot({"hang-after-exit"});
  EXPECT_EQ(status_of(run), 5);
  EXPECT_LT(run.seconds, 10);
}

TEST_F(SupervisorTest, AFrameCutShortIsAnError) {
  EXPECT_EQ(error_of(boot({"partial"})),  // 16 bytes of kArgsRequest, then 6 of a header
            "guest ended in the middle of a hostcall frame (at stream offset 22)");
}

TEST_F(SupervisorTest, GarbageOnTheHostcallChannelEndsTheRun) {
  const GuestRun run = boot({"garbage"});
  EXPECT_EQ(error_of(run),
            "hostcall frame at stream offset 16: bad magic, expected 0x43485743 (\"CWHC\")");
  EXPECT_LT(run.seconds, 10);
}

TEST_F(SupervisorTest, ARequestTheImageDoesNotAllowEndsTheRun) {
  EXPECT_EQ(error_of(boot({}, "", 20, false)),
            "hostcall protocol error: guest sent kArgsRequest, but the image does not allow runtime arguments");
}

TEST_F(SupervisorTest, TimesOut) {
  const GuestRun run = boot({"loop"}, "", 1.5);
  EXPECT_EQ(status_of(run), kRunTimedOut);
  EXPECT_EQ(run.diagnostics, "confwl: timed out after 1.5 s; guest killed\n");
  EXPECT_GE(run.seconds, 1.5);
  EXPECT_LT(run.seconds, 5);
}

TEST_F(SupervisorTest, SaysWhenQemuIsMissing) {
  GuestRunOptions options;
  options.qemu = "/nonexistent/qemu-system-x86_64";
  const Result<int> status = run_guest(tiny_guest(), options);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "--qemu names '/nonexistent/qemu-system-x86_64', which is not an executable file");
}

TEST_F(SupervisorTest, SaysWhenQemuFails) {
  const std::vector<std::byte> not_bootable(100, std::byte{0});
  GuestRunOptions options;
  options.diagnostics = std::tmpfile();
  const Result<int> status = run_guest(not_bootable, options);
  std::fclose(options.diagnostics);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("guest ended without an exit message, and QEMU exited with status 1; QEMU said:\n"),
            std::string::npos)
      << status.error().message;
}

}  // namespace
}  // namespace confwl::vmm
