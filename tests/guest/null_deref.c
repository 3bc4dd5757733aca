// Reads through a null pointer: the kernel must end the workload with a crash report (page
// fault, address 0) and the signal-style status 139 (128 + SIGSEGV).
#include <stdio.h>

int main(void) {
  int* volatile pointer = 0;  // volatile: the compiler may not see that it is null
  printf("null_deref: reading address 0\n");
  fflush(stdout);
  int value = *pointer;
  printf("null_deref: not reached (%d)\n", value);
  return 0;
}
