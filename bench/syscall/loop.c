// bench/syscall guest program: times N getpid() calls and N 4 KiB pread()s of /block.bin with
// CLOCK_MONOTONIC and prints one line per loop:
//   syscall-bench: getpid <calls> calls <nanoseconds> ns
//   syscall-bench: read4k <calls> calls <nanoseconds> ns
// The same static binary runs sealed in ConfWL (/block.bin a sealed file) and as /hello under
// the Linux guest of bench/boot (/block.bin in its initramfs); it takes no arguments, because
// bench/boot's /init gives it none.
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { kGetpidCalls = 200000, kReadCalls = 20000, kBlock = 4096 };

static long long now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1000000000LL + now.tv_nsec;
}

int main(void) {
  static char block[kBlock];
  long long start = now_ns();
  for (int i = 0; i < kGetpidCalls; ++i) syscall(SYS_getpid);  // musl caches nothing; be explicit
  printf("syscall-bench: getpid %d calls %lld ns\n", kGetpidCalls, now_ns() - start);

  int fd = open("/block.bin", O_RDONLY);
  if (fd < 0) {
    printf("syscall-bench: cannot open /block.bin\n");
    return 1;
  }
  start = now_ns();
  for (int i = 0; i < kReadCalls; ++i) {
    if (pread(fd, block, kBlock, 0) != kBlock) {
      printf("syscall-bench: pread of 4096 bytes failed\n");
      return 1;
    }
  }
  printf("syscall-bench: read4k %d calls %lld ns\n", kReadCalls, now_ns() - start);
  return 0;
}
