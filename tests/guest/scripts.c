// execve of sealed #! scripts: the sealed interpreter the first line names runs with argv as
// Linux builds it (interpreter, its one argument, the script's path, then argv[1..]), also through
// fexecve (the script is then /dev/fd/N); /proc/self/exe in the script's process is the
// interpreter. Still EACCES for a script without an exec bit, one whose interpreter is not sealed
// (a /tmp file), has no exec bit or is itself a script; ENOENT for a missing interpreter.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "run_child.h"

static void check_scripts_run(void) {
  char output[256];
  char* const hello_argv[] = {"ignored-argv0", "x", "y z", NULL};
  CHECK(run_capturing_output("/bin/script-hello.sh", -1, hello_argv, output, sizeof output) == 0);
  printf("scripts: %s", output);
  CHECK(strcmp(output, "script: /bin/script-hello.sh x y z\nexe: /bin/busybox\n") == 0);

  // The line's argument ("echo") comes before the script's path, argv[0] is dropped.
  char* const echo_argv[] = {"ignored", "p", "q", NULL};
  CHECK(run_capturing_output("/bin/script-echo", -1, echo_argv, output, sizeof output) == 0);
  CHECK(strcmp(output, "/bin/script-echo p q\n") == 0);
  char* const empty_argv[] = {NULL};
  CHECK(run_capturing_output("/bin/script-echo", -1, empty_argv, output, sizeof output) == 0);
  CHECK(strcmp(output, "/bin/script-echo\n") == 0);

  // Relative to the working directory, the path as given.
  CHECK(chdir("/bin") == 0);
  CHECK(run_capturing_output("script-echo", -1, echo_argv, output, sizeof output) == 0);
  CHECK(strcmp(output, "script-echo p q\n") == 0);
  CHECK(chdir("/") == 0);

  int fd = open("/bin/script-echo", O_RDONLY);
  CHECK(fd >= 0);
  char expected[64];
  snprintf(expected, sizeof expected, "/dev/fd/%d p q\n", fd);
  CHECK(run_capturing_output(NULL, fd, echo_argv, output, sizeof output) == 0);
  CHECK(strcmp(output, expected) == 0);
  close(fd);
}

static void check_refused(void) {
  char* const argv[] = {"script", NULL};
  CHECK_ERRNO(execve("/etc/noexec.sh", argv, kEnvironment), EACCES);  // no exec bit
  int tmp = open("/tmp/sh", O_WRONLY | O_CREAT | O_TRUNC, 0755);
  CHECK(tmp >= 0 && write(tmp, "#!/bin/busybox sh\n", 18) == 18);
  close(tmp);
  CHECK_ERRNO(execve("/tmp/sh", argv, kEnvironment), EACCES);                        // not sealed
  CHECK_ERRNO(execve("/bin/script-unsealed-interpreter", argv, kEnvironment), EACCES);  // /tmp/sh
  CHECK_ERRNO(execve("/bin/script-plain-interpreter", argv, kEnvironment), EACCES);  // no exec bit
  CHECK_ERRNO(execve("/bin/script-nested", argv, kEnvironment), EACCES);            // a script
  CHECK_ERRNO(execve("/bin/script-missing-interpreter", argv, kEnvironment), ENOENT);
}

int main(void) {
  check_scripts_run();
  check_refused();
  printf("scripts: all checks passed\n");
  return 0;
}
