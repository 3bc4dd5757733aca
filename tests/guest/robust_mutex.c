// Robust mutexes: a thread that ends while holding one (through the raw exit syscall, so no libc
// clean-up runs: only the kernel's walk of its robust list can tell) leaves the lock marked with
// its owner's death. The next locker gets EOWNERDEAD, makes it consistent and uses it; a locker
// already waiting when the owner dies is woken with EOWNERDEAD rather than waiting for ever.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static pthread_mutex_t lock;
static int ready[2];

static void* lock_and_die(void* argument) {
  long linger_ms = (long)argument;
  CHECK(pthread_mutex_lock(&lock) == 0);
  pid_t tid = gettid();
  CHECK(write(ready[1], &tid, sizeof tid) == sizeof tid);
  struct timespec linger = {0, linger_ms * 1000000L};
  nanosleep(&linger, NULL);
  syscall(SYS_exit, 0);  // the thread ends here, holding the lock
  return NULL;
}

// A detached owner (pthread_join needs the libc's own exit path, which SYS_exit skips); returns
// its tid once it holds the lock.
static pid_t start_owner(long linger_ms) {
  pthread_attr_t detached;
  CHECK(pthread_attr_init(&detached) == 0);
  CHECK(pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED) == 0);
  pthread_t owner;
  CHECK(pthread_create(&owner, &detached, lock_and_die, (void*)linger_ms) == 0);
  pid_t tid;
  CHECK(read(ready[0], &tid, sizeof tid) == sizeof tid);
  return tid;
}

static void wait_until_gone(pid_t tid) {
  struct timespec millisecond = {0, 1000000L};
  for (int tries = 0; syscall(SYS_tgkill, getpid(), tid, 0) == 0; ++tries) {
    CHECK(tries < 5000);
    nanosleep(&millisecond, NULL);
  }
  CHECK(errno == ESRCH);
}

static void recover(int locked) {
  CHECK(locked == EOWNERDEAD);
  CHECK(pthread_mutex_consistent(&lock) == 0);
  CHECK(pthread_mutex_unlock(&lock) == 0);
  CHECK(pthread_mutex_lock(&lock) == 0);  // usable again
  CHECK(pthread_mutex_unlock(&lock) == 0);
}

int main(void) {
  pthread_mutexattr_t attributes;
  CHECK(pthread_mutexattr_init(&attributes) == 0);
  CHECK(pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST) == 0);
  // Process-shared: musl leaves a private robust mutex to its own pthread_exit (which SYS_exit
  // skips) and gives only shared ones to the kernel's list; glibc gives both.
  CHECK(pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED) == 0);
  CHECK(pthread_mutex_init(&lock, &attributes) == 0);
  CHECK(pipe(ready) == 0);

  wait_until_gone(start_owner(0));
  recover(pthread_mutex_lock(&lock));
  printf("robust_mutex: a lock left by a dead owner gives EOWNERDEAD\n");

  pid_t owner = start_owner(50);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  recover(pthread_mutex_timedlock(&lock, &deadline));  // waiting when the owner dies
  wait_until_gone(owner);
  printf("robust_mutex: a waiter is woken by its owner's death\n");
  printf("robust_mutex: all checks passed\n");
  return 0;
}
