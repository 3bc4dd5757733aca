// The smallest useful workload: greets, shows the argv it was given (sealed in the manifest,
// plus runtime arguments when the manifest allows them) and exits 0.
#include <stdio.h>

int main(int argc, char** argv) {
  printf("Hello from a confidential workload!\n");
  for (int i = 0; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  return 0;
}
