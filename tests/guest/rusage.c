// CPU time accounting: getrusage (RUSAGE_SELF, RUSAGE_THREAD, RUSAGE_CHILDREN), times, wait4's
// rusage and the CPU-time clocks (clock_gettime CLOCK_PROCESS_CPUTIME_ID/CLOCK_THREAD_CPUTIME_ID,
// clock()). Spinning in user mode shows as user time, sleeping as no time at all; a thread's own
// time is apart from the process's, which includes every thread's, live or ended; a child's time
// is the parent's children's time only once the parent has reaped it, and wait4 reports it.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static uint64_t now_ms(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (uint64_t)time.tv_sec * 1000u + (uint64_t)time.tv_nsec / 1000000u;
}

static uint64_t ms_of(struct timeval time) { return (uint64_t)time.tv_sec * 1000u + (uint64_t)time.tv_usec / 1000u; }

struct usage {
  uint64_t user_ms, system_ms;
};

static struct usage usage_of(int who) {
  struct rusage usage;
  CHECK(getrusage(who, &usage) == 0);
  CHECK(usage.ru_utime.tv_usec >= 0 && usage.ru_utime.tv_usec < 1000000);
  CHECK(usage.ru_stime.tv_usec >= 0 && usage.ru_stime.tv_usec < 1000000);
  return (struct usage){ms_of(usage.ru_utime), ms_of(usage.ru_stime)};
}

static uint64_t clock_ms(clockid_t clock) {
  struct timespec time;
  CHECK(clock_gettime(clock, &time) == 0);
  return (uint64_t)time.tv_sec * 1000u + (uint64_t)time.tv_nsec / 1000000u;
}

static volatile uint64_t sink;

// Spins in user mode for about ms milliseconds of wall time (looking at the clock rarely, so the
// syscalls are a small part of it); returns the wall time it took.
static uint64_t spin_ms(uint64_t ms) {
  uint64_t start = now_ms(), now;
  do {
    for (uint64_t i = 0; i < 200000; ++i) sink = sink * 31 + i;
  } while ((now = now_ms()) - start < ms);
  return now - start;
}

static void check_spinning_and_sleeping(void) {
  uint64_t process_clock = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
  clock_t processor = clock();
  struct usage before = usage_of(RUSAGE_SELF);
  uint64_t wall = spin_ms(300);
  struct usage after = usage_of(RUSAGE_SELF);
  uint64_t spun = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - process_clock;
  CHECK(spun >= wall * 7 / 10 && spun <= wall + 20);
  CHECK((uint64_t)(clock() - processor) * 1000 / CLOCKS_PER_SEC >= wall * 7 / 10);
  uint64_t user = after.user_ms - before.user_ms, system = after.system_ms - before.system_ms;
  printf("rusage: spinning %llu ms counted %llu ms user, %llu ms system\n", (unsigned long long)wall,
         (unsigned long long)user, (unsigned long long)system);
  CHECK(user + system <= wall + 20);
  CHECK(user >= wall * 7 / 10);

  before = after;
  process_clock = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
  uint64_t thread_clock = clock_ms(CLOCK_THREAD_CPUTIME_ID);
  struct timespec delay = {0, 300 * 1000 * 1000};
  CHECK(nanosleep(&delay, NULL) == 0);
  after = usage_of(RUSAGE_SELF);
  CHECK(clock_ms(CLOCK_PROCESS_CPUTIME_ID) - process_clock < 50);
  CHECK(clock_ms(CLOCK_THREAD_CPUTIME_ID) - thread_clock < 50);
  uint64_t slept = (after.user_ms - before.user_ms) + (after.system_ms - before.system_ms);
  printf("rusage: sleeping 300 ms counted %llu ms\n", (unsigned long long)slept);
  CHECK(slept < 50);
}

static uint64_t thread_user_ms;

static void* spin_in_thread(void* argument) {
  (void)argument;
  spin_ms(200);
  thread_user_ms = usage_of(RUSAGE_THREAD).user_ms;
  return NULL;
}

static void check_threads(void) {
  struct usage main_before = usage_of(RUSAGE_THREAD), self_before = usage_of(RUSAGE_SELF);
  pthread_t spinner;
  CHECK(pthread_create(&spinner, NULL, spin_in_thread, NULL) == 0);
  CHECK(pthread_join(spinner, NULL) == 0);  // main sleeps in the join meanwhile
  struct usage main_after = usage_of(RUSAGE_THREAD), self_after = usage_of(RUSAGE_SELF);
  printf("rusage: the spinning thread counted %llu ms user\n", (unsigned long long)thread_user_ms);
  CHECK(thread_user_ms >= 140);
  CHECK(main_after.user_ms - main_before.user_ms < 50);  // not the other thread's time
  CHECK(self_after.user_ms - self_before.user_ms >= thread_user_ms);  // the ended thread's stays
}

static void check_children(void) {
  struct usage children = usage_of(RUSAGE_CHILDREN);
  CHECK(children.user_ms == 0 && children.system_ms == 0);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    spin_ms(200);
    _exit(0);
  }
  int status = 0;
  struct rusage reported;
  // Not yet reaped: nothing counted for the children.
  struct timespec delay = {0, 50 * 1000 * 1000};
  nanosleep(&delay, NULL);
  CHECK(usage_of(RUSAGE_CHILDREN).user_ms == 0);
  CHECK(wait4(pid, &status, 0, &reported) == pid && WIFEXITED(status));
  printf("rusage: wait4 reported %llu ms user for the child\n", (unsigned long long)ms_of(reported.ru_utime));
  CHECK(ms_of(reported.ru_utime) >= 140);
  children = usage_of(RUSAGE_CHILDREN);
  CHECK(children.user_ms == ms_of(reported.ru_utime));

  struct tms times_now;
  clock_t ticks = times(&times_now);
  CHECK(ticks != (clock_t)-1);
  long hz = sysconf(_SC_CLK_TCK);
  CHECK(hz == 100);
  CHECK((uint64_t)times_now.tms_cutime * 10 <= children.user_ms && (uint64_t)times_now.tms_cutime * 10 + 10 > children.user_ms);
  CHECK(times_now.tms_utime >= 30);  // this process spun for 300 ms
  nanosleep(&delay, NULL);
  CHECK(times(NULL) - ticks >= 5);  // 50 ms of wall clock
}

int main(void) {
  // The first clock or CPU-time call may calibrate the TSC against the host: not inside a window.
  now_ms();
  usage_of(RUSAGE_SELF);
  check_spinning_and_sleeping();
  check_threads();
  check_children();
  CHECK_ERRNO(getrusage(99, &(struct rusage){0}), EINVAL);
  printf("rusage: all checks passed\n");
  return 0;
}
