// Exits with 42: `confwl run` must exit with the workload's own status.
#include <stdio.h>

int main(void) {
  printf("exit42: exiting with 42\n");
  return 42;
}
