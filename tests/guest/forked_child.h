// For guest test programs that check something in a forked child.
#pragma once
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// Runs body, which must exec or _exit, in a child and checks that the child exits with status 0.
static void check_child_succeeds(void (*body)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) body();
  int status = 0;
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
