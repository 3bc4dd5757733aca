// /proc/self/exe names the program a process runs. For the workload it is its own sealed ELF (and
// reads as the link /proc/self/exe, its only name); after an execve of the sealed /bin/busybox,
// readlink gives /bin/busybox and open gives busybox's bytes (busybox's own readlink and cmp
// applets look, in the exec'd process). A fork child still runs the workload.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "run_child.h"

static void check_workload_itself(void) {
  char link[64];
  ssize_t length = readlink("/proc/self/exe", link, sizeof link);
  CHECK(length == 14 && memcmp(link, "/proc/self/exe", 14) == 0);
  struct stat own, busybox;
  CHECK(stat("/proc/self/exe", &own) == 0 && stat("/bin/busybox", &busybox) == 0);
  CHECK(own.st_size != busybox.st_size);
  char magic[4];
  int fd = open("/proc/self/exe", O_RDONLY);
  CHECK(fd >= 0 && read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0);
  CHECK(fstat(fd, &own) == 0 && own.st_size != busybox.st_size);
  close(fd);
}

static void check_after_exec(void) {
  char output[256];
  char* const readlink_argv[] = {"readlink", "/proc/self/exe", NULL};
  CHECK(run_capturing_output("/bin/busybox", -1, readlink_argv, output, sizeof output) == 0);
  printf("self_exe: busybox readlink /proc/self/exe: %s", output);
  CHECK(strcmp(output, "/bin/busybox\n") == 0);
  char* const cmp_argv[] = {"cmp", "/proc/self/exe", "/bin/busybox", NULL};
  CHECK(run_capturing_output("/bin/busybox", -1, cmp_argv, output, sizeof output) == 0);
  CHECK(output[0] == '\0');
  // The shell busybox runs sees busybox's size through stat too.
  char* const stat_argv[] = {"sh", "-c", "[ $(wc -c < /proc/self/exe) = $(wc -c < /bin/busybox) ] && echo same", NULL};
  CHECK(run_capturing_output("/bin/busybox", -1, stat_argv, output, sizeof output) == 0);
  CHECK(strcmp(output, "same\n") == 0);
}

int main(void) {
  check_workload_itself();
  check_after_exec();
  check_workload_itself();  // the parent still runs the workload
  printf("self_exe: all checks passed\n");
  return 0;
}
