// Calls a syscall the kernel does not implement (acct): it must fail with ENOSYS, not crash
// the workload or the kernel.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  errno = 0;
  long result = syscall(SYS_acct, 0);
  if (result != -1 || errno != ENOSYS) {
    printf("enosys: acct returned %ld, errno %d (%s); expected -1, ENOSYS\n", result, errno,
           strerror(errno));
    return 1;
  }
  printf("enosys: acct failed with ENOSYS as expected\n");
  return 0;
}
