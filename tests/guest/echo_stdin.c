// Copies stdin to stdout until end-of-file, then reports how many bytes it read: the supervisor
// must forward the user's stdin on COM1 and the kernel must turn its end into read() == 0.
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char buffer[256];
  long total = 0;
  ssize_t count;
  while ((count = read(0, buffer, sizeof buffer)) > 0) {
    if (write(1, buffer, (size_t)count) != count) return 2;
    total += count;
  }
  if (count < 0) {
    perror("echo_stdin: read");
    return 1;
  }
  printf("echo_stdin: read %ld bytes\n", total);
  return 0;
}
