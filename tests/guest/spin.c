// Never ends: `confwl run --timeout` must stop it (status 124, with a message).
#include <stdio.h>

int main(void) {
  printf("spin: looping forever\n");
  fflush(stdout);
  for (volatile unsigned long turns = 0;; ++turns) {
  }
}
