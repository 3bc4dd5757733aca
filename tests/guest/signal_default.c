// A signal's default action ends the program as killed by it: SIGTERM without a handler gives
// exit status 143 (128 + 15), on the minimal kernel preset (rt_sigprocmask, tkill: musl's raise).
#include <signal.h>
#include <stdio.h>

int main(void) {
  printf("signal_default: raising SIGTERM\n");
  fflush(stdout);
  raise(SIGTERM);
  printf("signal_default: survived SIGTERM\n");
  return 0;
}
