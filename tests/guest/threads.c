// Threads on one vCPU: 10,000 mutex/condition-variable handoffs between two threads, a thread that
// sleeps 50 ms wakes after at least 50 ms, a thread blocked reading stdin lets the others run,
// futex timeouts expire with ETIMEDOUT, join sees the thread's result, and each thread has its own
// tid and TLS.
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

enum { kHandoffs = 10000 };
enum { kFutexWaitPrivate = 128, kFutexWakePrivate = 129 };  // FUTEX_WAIT/WAKE | FUTEX_PRIVATE_FLAG

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int turn = 0;  // 0: main's turn, 1: the partner's
static int rounds = 0;
static __thread int thread_local_value = 7;

static uint64_t now_ns(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (uint64_t)time.tv_sec * 1000000000u + (uint64_t)time.tv_nsec;
}

static void* partner(void* argument) {
  (void)argument;
  thread_local_value = 99;
  for (int i = 0; i < kHandoffs; ++i) {
    pthread_mutex_lock(&lock);
    while (turn != 1) pthread_cond_wait(&changed, &lock);
    ++rounds;
    turn = 0;
    pthread_cond_signal(&changed);
    pthread_mutex_unlock(&lock);
  }
  return (void*)(intptr_t)syscall(SYS_gettid);
}

static void* sleeper(void* argument) {
  uint64_t start = now_ns();
  struct timespec delay = {0, 50 * 1000 * 1000};
  CHECK(nanosleep(&delay, NULL) == 0);
  *(uint64_t*)argument = now_ns() - start;
  return NULL;
}

static long stdin_bytes = 0;

static void* stdin_reader(void* argument) {
  (void)argument;
  char buffer[64];
  ssize_t count;
  while ((count = read(0, buffer, sizeof buffer)) > 0) stdin_bytes += count;
  CHECK(count == 0);
  return NULL;
}

int main(void) {
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, stdin_reader, NULL) == 0);
  int naps = 0;
  for (; naps < 3; ++naps) {
    struct timespec nap = {0, 2 * 1000 * 1000};
    CHECK(nanosleep(&nap, NULL) == 0);
  }
  CHECK(pthread_join(thread, NULL) == 0);

  CHECK(pthread_create(&thread, NULL, partner, NULL) == 0);
  for (int i = 0; i < kHandoffs; ++i) {
    pthread_mutex_lock(&lock);
    turn = 1;
    pthread_cond_signal(&changed);
    while (turn != 0) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
  }
  void* partner_tid = NULL;
  CHECK(pthread_join(thread, &partner_tid) == 0);
  CHECK(rounds == kHandoffs);
  CHECK((long)(intptr_t)partner_tid > 1 && (long)(intptr_t)partner_tid != syscall(SYS_gettid));
  CHECK(thread_local_value == 7);  // the partner wrote its own copy

  uint64_t slept = 0;
  uint64_t before = now_ns();
  CHECK(pthread_create(&thread, NULL, sleeper, &slept) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(slept >= 50 * 1000 * 1000u && now_ns() - before >= 50 * 1000 * 1000u);

  int word = 5;
  struct timespec timeout = {0, 10 * 1000 * 1000};
  CHECK_ERRNO(syscall(SYS_futex, &word, kFutexWaitPrivate, 4, &timeout), EAGAIN);
  CHECK_ERRNO(syscall(SYS_futex, &word, kFutexWaitPrivate, 5, &timeout), ETIMEDOUT);
  CHECK_ERRNO(syscall(SYS_futex, (char*)&word + 1, kFutexWakePrivate, 1), EINVAL);
  CHECK(syscall(SYS_futex, &word, kFutexWakePrivate, 1) == 0);
  // Memory shared with a process that is not a thread is only a vfork child's (processes.c).
  CHECK_ERRNO(syscall(SYS_clone, 0x111 /* CLONE_VM | SIGCHLD, no CLONE_VFORK */, 0, 0, 0, 0), EINVAL);
  CHECK_ERRNO(syscall(SYS_tgkill, 1, 12345, 0), ESRCH);
  CHECK(syscall(SYS_tgkill, 1, syscall(SYS_gettid), 0) == 0);
  printf("threads: %d handoffs, slept %llu ms, read %ld stdin bytes\n", rounds, (unsigned long long)(slept / 1000000),
         stdin_bytes);
  return 0;
}
