// For guest test programs that run a program in a child: its stdout captured through a pipe.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char* const kEnvironment[] = {"PATH=/bin", NULL};

// Runs path (or the open descriptor fd, if >= 0) with argv and PATH=/bin in a child; returns what
// it printed (stdout, NUL-terminated in output) and its exit status: 97 if the exec failed with
// EACCES, 99 if it failed otherwise.
static int run_capturing_output(const char* path, int fd, char* const argv[], char* output, size_t capacity) {
  int fds[2];
  CHECK(pipe(fds) == 0);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    if (fd >= 0) {
      fexecve(fd, argv, kEnvironment);
    } else {
      execve(path, argv, kEnvironment);
    }
    _exit(errno == EACCES ? 97 : 99);
  }
  close(fds[1]);
  size_t total = 0;
  ssize_t got;
  while ((got = read(fds[0], output + total, capacity - 1 - total)) > 0) total += (size_t)got;
  CHECK(got == 0);
  output[total] = '\0';
  close(fds[0]);
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
  return WEXITSTATUS(status);
}
