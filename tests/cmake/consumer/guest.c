// The consumer's workload. Host settings must not reach it; it shows how it was built, its argv,
// and with `--exit N` exits N, with `--cat` copies stdin to stdout.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(CONSUMER_HOST_FLAG) || defined(CONSUMER_HOST_DEFINITION) || defined(CONSUMER_ENV_FLAG)
#error "a host setting of the consumer project reached the workload"
#endif
#if !defined(__clang__) || defined(__GLIBC__)
#error "the workload must be built by clang against musl"
#endif

static int copy_stdin(void) {
  char buffer[128];
  ssize_t count;
  while ((count = read(0, buffer, sizeof buffer)) > 0) fwrite(buffer, 1, (size_t)count, stdout);
  return count < 0 ? 1 : 0;
}

int main(int argc, char** argv) {
  printf("consumer_guest: built by clang for musl without host settings\n");
  for (int i = 0; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  if (argc == 3 && strcmp(argv[1], "--exit") == 0) return atoi(argv[2]);
  if (argc == 2 && strcmp(argv[1], "--cat") == 0) return copy_stdin();
  return 0;
}
