// Built by the host compiler as an ordinary dynamically linked program: `confwl seal` must
// refuse it, since the guest has no dynamic loader and no shared libraries.
#include <stdio.h>

int main(void) {
  printf("dynamic: a host program\n");
  return 0;
}
