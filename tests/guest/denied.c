// The manifest denies getppid (kernel.syscalls.deny): the call fails with ENOSYS although the
// kernel implements it, and an allowed call still works. With on_denied: kill (denied_kill.yaml)
// the first denied call ends the workload instead.
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  CHECK(syscall(SYS_getpid) == 1);
  printf("denied: calling getppid\n");
  fflush(stdout);
  CHECK_ERRNO(syscall(SYS_getppid), ENOSYS);
  CHECK_ERRNO(syscall(SYS_getppid), ENOSYS);
  printf("denied: getppid failed with ENOSYS as expected\n");
  return 0;
}
