// Processes: fork and wait4 statuses (exit code, killed by a signal or by a fault), WNOHANG, ECHILD
// and vfork; a pipe between parent and child with exact bytes (more than the pipe holds, by write
// and writev) and EOF; a writev that stops at a full pipe instead of writing twice; a writer killed
// by SIGPIPE; O_NONBLOCK and S_IFIFO; an orphan reparented to pid 1 and reaped by it;
// CLONE_CHILD_SETTID writing only where the program may write; process groups and sessions
// (setpgid, kill of a group, waitid's siginfo, setsid); memory and process slots reclaimed (more
// children, each touching more memory, than the guest could hold); execve and fexecve of a sealed
// executable (its output read through a pipe) and posix_spawn; and execve of what may not run:
// EACCES for a /tmp file, a directory, a device, a sealed file without an exec bit and sealed
// executables that are a script or a malformed ELF, ENOENT for a missing path. Built with musl and
// with glibc (their posix_spawn and fork differ).
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

enum { kBigTransfer = 200000 };

static char* const kEnvironment[] = {"PATH=/bin", NULL};

static pid_t fork_child(void) {
  pid_t pid = fork();
  CHECK(pid >= 0);
  return pid;
}

static int wait_status(pid_t pid) {
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid);
  return status;
}

static void check_exit_and_signal_statuses(void) {
  pid_t pid = fork_child();
  if (pid == 0) _exit(7);
  int status = wait_status(pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);

  pid = fork_child();
  if (pid == 0) {
    syscall(SYS_kill, getpid(), SIGTERM);
    _exit(1);  // not reached
  }
  status = wait_status(pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

  pid = fork_child();
  if (pid == 0) {
    volatile int* volatile nowhere = NULL;
    *nowhere = 1;  // the fault ends this child only, as killed by SIGSEGV
    _exit(1);
  }
  status = wait_status(pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
  CHECK_ERRNO(waitpid(-1, &status, 0), ECHILD);

  pid = vfork();
  CHECK(pid >= 0);
  if (pid == 0) _exit(5);
  status = wait_status(pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5);
}

static void write_all(int fd, const char* bytes, size_t size) {
  while (size > 0) {
    ssize_t done = write(fd, bytes, size);
    CHECK(done > 0);
    bytes += done;
    size -= (size_t)done;
  }
}

// writev in two parts at a time: a full pipe mid-call gives a short count, never doubled bytes.
static void writev_all(int fd, const char* bytes, size_t size) {
  while (size > 0) {
    size_t first = size / 3 < 3000 ? size / 3 : 3000;
    struct iovec parts[2] = {{(void*)bytes, first}, {(void*)(bytes + first), size - first}};
    ssize_t done = writev(fd, parts, 2);
    CHECK(done > 0);
    bytes += done;
    size -= (size_t)done;
  }
}

// A writev whose first part fills the pipe returns that short count instead of waiting (which
// would make the whole call again and write the first part twice).
static void check_writev_stops_at_full_pipe(void) {
  enum { kCapacity = 65536, kFirst = 3000 };
  int fds[2];
  CHECK(pipe(fds) == 0);
  static char filler[kCapacity - kFirst], first[kFirst], drained[kCapacity];
  memset(filler, 'f', sizeof filler);
  memset(first, '1', sizeof first);
  write_all(fds[1], filler, sizeof filler);
  struct iovec parts[2] = {{first, sizeof first}, {"22", 2}};
  CHECK(writev(fds[1], parts, 2) == kFirst);
  size_t total = 0;
  while (total < sizeof drained) {
    ssize_t got = read(fds[0], drained + total, sizeof drained - total);
    CHECK(got > 0);
    total += (size_t)got;
  }
  CHECK(memcmp(drained, filler, sizeof filler) == 0 && memcmp(drained + sizeof filler, first, sizeof first) == 0);
  close(fds[0]);
  close(fds[1]);
}

// The child writes kBigTransfer patterned bytes (half with write, half with writev); the parent
// reads them back exactly, then EOF.
static void check_pipe_bytes_and_eof(void) {
  int fds[2];
  CHECK(pipe(fds) == 0);
  struct stat info;
  CHECK(fstat(fds[0], &info) == 0 && S_ISFIFO(info.st_mode));
  pid_t pid = fork_child();
  if (pid == 0) {
    close(fds[0]);
    static char pattern[kBigTransfer];
    for (int i = 0; i < kBigTransfer; ++i) pattern[i] = (char)(i * 7 + i / 251);
    write_all(fds[1], pattern, sizeof pattern / 2);
    writev_all(fds[1], pattern + sizeof pattern / 2, sizeof pattern - sizeof pattern / 2);
    _exit(0);
  }
  close(fds[1]);
  CHECK(waitpid(pid, NULL, WNOHANG) == 0);  // the child blocks on the full pipe
  static char received[kBigTransfer + 16];
  size_t total = 0;
  for (;;) {
    ssize_t got = read(fds[0], received + total, sizeof received - total);
    CHECK(got >= 0);
    if (got == 0) break;
    total += (size_t)got;
  }
  CHECK(total == kBigTransfer);
  for (int i = 0; i < kBigTransfer; ++i) CHECK(received[i] == (char)(i * 7 + i / 251));
  close(fds[0]);
  int status = wait_status(pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void check_sigpipe_and_nonblocking(void) {
  int fds[2];
  CHECK(pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0);
  char byte;
  CHECK_ERRNO(read(fds[0], &byte, 1), EAGAIN);
  CHECK(fcntl(fds[0], F_GETFD) == FD_CLOEXEC);
  close(fds[0]);
  pid_t pid = fork_child();
  if (pid == 0) {
    write(fds[1], "x", 1);
    _exit(3);  // not reached: SIGPIPE's default action ends the writer
  }
  close(fds[1]);
  int status = wait_status(pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
}

// The child forks a grandchild and exits; the grandchild waits until pid 1 (this program) is its
// parent and exits 33, which pid 1 then reaps.
static void check_orphan_reparenting(void) {
  CHECK(getpid() == 1);
  int fds[2];
  CHECK(pipe(fds) == 0);
  pid_t child = fork_child();
  if (child == 0) {
    pid_t grandchild = fork_child();
    if (grandchild == 0) {
      while (getppid() != 1) sched_yield();
      _exit(33);
    }
    write_all(fds[1], (const char*)&grandchild, sizeof grandchild);
    _exit(0);
  }
  pid_t grandchild = 0;
  CHECK(read(fds[0], &grandchild, sizeof grandchild) == sizeof grandchild);
  CHECK(wait_status(child) == 0);
  int status = wait_status(grandchild);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 33);
  close(fds[0]);
  close(fds[1]);
}

static void check_groups_sessions_and_waitid(void) {
  CHECK(getpgrp() == 1 && getsid(0) == 1 && getppid() == 0);
  int ready[2], hold[2];
  CHECK(pipe(ready) == 0 && pipe(hold) == 0);
  pid_t pid = fork_child();
  if (pid == 0) {
    CHECK(setpgid(0, 0) == 0 && getpgrp() == getpid());
    CHECK_ERRNO(setsid(), EPERM);  // a group leader cannot start a session
    write_all(ready[1], "r", 1);
    char byte;
    read(hold[0], &byte, 1);  // blocks: the parent keeps the write end open
    _exit(1);                 // not reached: killed first
  }
  char byte;
  CHECK(read(ready[0], &byte, 1) == 1);
  CHECK(getpgid(pid) == pid && kill(pid, 0) == 0);
  CHECK(kill(-pid, SIGKILL) == 0);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  CHECK(waitid(P_PID, pid, &info, WEXITED) == 0);
  CHECK(info.si_signo == SIGCHLD && info.si_pid == pid && info.si_code == CLD_KILLED && info.si_status == SIGKILL);
  CHECK_ERRNO(kill(-pid, 0), ESRCH);
  CHECK_ERRNO(kill(pid, 0), ESRCH);

  pid = fork_child();
  if (pid == 0) _exit(setsid() == getpid() && getsid(0) == getpid() && getpgrp() == getpid() ? 0 : 1);
  memset(&info, 0, sizeof info);
  CHECK(waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) == 0 && info.si_pid == pid && info.si_code == CLD_EXITED);
  CHECK(wait_status(pid) == 0);  // WNOWAIT left it waitable
  for (int i = 0; i < 2; ++i) {
    close(ready[i]);
    close(hold[i]);
  }
}

// 40 children one after another, each dirtying 4 MiB (160 MiB in all, in a 64 MiB guest, with 32
// process slots): a leak of memory or slots fails before the end.
static void check_memory_and_slots_reclaimed(void) {
  enum { kChildren = 40, kBytes = 4 << 20 };
  for (int i = 0; i < kChildren; ++i) {
    pid_t pid = fork_child();
    if (pid == 0) {
      char* block = malloc(kBytes);
      if (block == NULL) _exit(2);
      memset(block, i, kBytes);
      _exit(block[kBytes - 1] == (char)i ? 0 : 3);
    }
    CHECK(wait_status(pid) == 0);
  }
}

// Reads what a child writes to the pipe until EOF.
static void read_output(int fd, char* buffer, size_t capacity) {
  size_t total = 0;
  ssize_t got;
  while ((got = read(fd, buffer + total, capacity - 1 - total)) > 0) total += (size_t)got;
  CHECK(got == 0);
  buffer[total] = '\0';
}

// Runs busybox echo WORD in a child, by path or (fexecve: execveat with AT_EMPTY_PATH) by fd, and
// checks what it printed.
static void check_exec_output(const char* word, int by_descriptor) {
  int fds[2];
  CHECK(pipe(fds) == 0);
  int program = open("/bin/busybox", O_RDONLY | O_CLOEXEC);
  CHECK(program >= 0);
  pid_t pid = fork_child();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    char* const argv[] = {"busybox", "echo", (char*)word, NULL};
    if (by_descriptor) {
      fexecve(program, argv, kEnvironment);
    } else {
      execve("/bin/busybox", argv, kEnvironment);
    }
    _exit(99);
  }
  close(program);
  close(fds[1]);
  char output[64], expected[64];
  read_output(fds[0], output, sizeof output);
  close(fds[0]);
  snprintf(expected, sizeof expected, "%s\n", word);
  CHECK(strcmp(output, expected) == 0);
  CHECK(wait_status(pid) == 0);
}

static void check_exec_of_sealed_program(void) {
  check_exec_output("exec-works", 0);
  check_exec_output("fexecve-works", 1);
  int fds[2];
  pid_t pid;
  char output[64];

  CHECK(pipe(fds) == 0);
  posix_spawn_file_actions_t actions;
  CHECK(posix_spawn_file_actions_init(&actions) == 0);
  CHECK(posix_spawn_file_actions_adddup2(&actions, fds[1], 1) == 0);
  CHECK(posix_spawn_file_actions_addclose(&actions, fds[0]) == 0);
  char* const argv[] = {"busybox", "echo", "spawned", NULL};
  CHECK(posix_spawn(&pid, "/bin/busybox", &actions, NULL, argv, kEnvironment) == 0);
  close(fds[1]);
  read_output(fds[0], output, sizeof output);
  close(fds[0]);
  CHECK(strcmp(output, "spawned\n") == 0);
  CHECK(wait_status(pid) == 0);
}

static void check_exec_refusals(void) {
  char* const argv[] = {"x", NULL};
  int fd = open("/tmp/program", O_WRONLY | O_CREAT, 0755);
  CHECK(fd >= 0);
  write_all(fd, "\177ELF", 4);
  close(fd);
  CHECK_ERRNO(execve("/tmp/program", argv, kEnvironment), EACCES);
  CHECK_ERRNO(execve("/etc", argv, kEnvironment), EACCES);
  CHECK_ERRNO(execve("/etc/greeting.txt", argv, kEnvironment), EACCES);
  CHECK_ERRNO(execve("/bin/not-elf.sh", argv, kEnvironment), EACCES);  // a script, its interpreter no executable
  CHECK_ERRNO(execve("/bin/fake-elf", argv, kEnvironment), EACCES);    // sealed, exec bit, a bad ELF
  CHECK_ERRNO(execve("/dev/zero", argv, kEnvironment), EACCES);
  CHECK_ERRNO(execve("/no/such/program", argv, kEnvironment), ENOENT);
  char* const* volatile unmapped = (char* const*)8;
  CHECK_ERRNO(execve("/bin/busybox", unmapped, kEnvironment), EFAULT);
}

// CLONE_CHILD_SETTID writes the child's tid into the child's memory, but only where the program
// itself may write: on Linux the write faults and is skipped for read-only data and code.
static const volatile uint32_t kReadOnlyWord = 0x5eed5eed;

static void check_child_settid_keeps_protection(void) {
  uint32_t* code_word = (uint32_t*)((uintptr_t)&check_child_settid_keeps_protection & ~(uintptr_t)3);
  const uint32_t code_before = *code_word;
  uint32_t writable_word = 0;
  uint32_t* const targets[] = {(uint32_t*)&kReadOnlyWord, code_word, &writable_word};
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; ++i) {
    fflush(stdout);
    long pid = syscall(SYS_clone, CLONE_CHILD_SETTID | SIGCHLD, 0, 0, targets[i], 0);
    CHECK(pid >= 0);
    if (pid == 0) {
      int kept = kReadOnlyWord == 0x5eed5eed && *code_word == code_before;
      int set = targets[i] != &writable_word || writable_word == (uint32_t)syscall(SYS_gettid);
      _exit(kept && set ? 0 : 1);
    }
    int status = wait_status((pid_t)pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

int main(void) {
  check_exit_and_signal_statuses();
  check_child_settid_keeps_protection();
  check_pipe_bytes_and_eof();
  check_writev_stops_at_full_pipe();
  check_sigpipe_and_nonblocking();
  check_orphan_reparenting();
  check_groups_sessions_and_waitid();
  check_memory_and_slots_reclaimed();
  check_exec_refusals();
  check_exec_of_sealed_program();
  printf("processes: all checks passed\n");
  return 0;
}
