// Real wake-ups: a thread waiting in poll, select or read on a pipe runs as soon as the other end
// acts, not at a periodic recheck. Two threads hand a byte back and forth through two pipes 1000
// times, each waiting in poll (then select, then a plain read) before it reads: at a millisecond
// per handoff that takes seconds, with wake-ups about as long as plain reads. A poll or select on
// several pipes is woken by whichever moves, a POLLOUT waiter by a reader making room, a POLLHUP
// waiter by the last writer closing; timeouts still hold; and an idle 200 ms poll blocks once
// (getrusage's voluntary context switches of the thread), not once per millisecond; so does a
// sigtimedwait woken by the signal it waits for, sent by another thread.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

enum { kRounds = 1000 };
enum wait_kind { kPoll, kSelect, kRead };
static const char* const kKindNames[] = {"poll", "select", "read"};

static int to_echo[2], from_echo[2];
static enum wait_kind echo_kind;

static uint64_t now_ms(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (uint64_t)time.tv_sec * 1000u + (uint64_t)time.tv_nsec / 1000000u;
}

static void sleep_ms(long ms) {
  struct timespec delay = {ms / 1000, (ms % 1000) * 1000000L};
  CHECK(nanosleep(&delay, NULL) == 0);
}

static void wait_readable(int fd, enum wait_kind kind) {
  if (kind == kPoll) {
    struct pollfd entry = {.fd = fd, .events = POLLIN};
    CHECK(poll(&entry, 1, -1) == 1 && entry.revents == POLLIN);
  } else if (kind == kSelect) {
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(fd, &readable);
    CHECK(select(fd + 1, &readable, NULL, NULL, NULL) == 1 && FD_ISSET(fd, &readable));
  }
}

static void* echo(void* argument) {
  (void)argument;
  char byte;
  for (int i = 0; i < kRounds; ++i) {
    wait_readable(to_echo[0], echo_kind);
    CHECK(read(to_echo[0], &byte, 1) == 1);
    CHECK(write(from_echo[1], &byte, 1) == 1);
  }
  return NULL;
}

// Milliseconds for kRounds round trips, both threads waiting the given way before each read.
static uint64_t ping_pong(enum wait_kind kind) {
  CHECK(pipe(to_echo) == 0 && pipe(from_echo) == 0);
  echo_kind = kind;
  pthread_t partner;
  CHECK(pthread_create(&partner, NULL, echo, NULL) == 0);
  uint64_t start = now_ms();
  for (int i = 0; i < kRounds; ++i) {
    char byte = (char)i, back = 0;
    CHECK(write(to_echo[1], &byte, 1) == 1);
    wait_readable(from_echo[0], kind);
    CHECK(read(from_echo[0], &back, 1) == 1 && back == byte);
  }
  uint64_t elapsed = now_ms() - start;
  CHECK(pthread_join(partner, NULL) == 0);
  close(to_echo[0]), close(to_echo[1]), close(from_echo[0]), close(from_echo[1]);
  printf("wakeups: %d round trips waiting in %s: %llu ms\n", kRounds, kKindNames[kind], (unsigned long long)elapsed);
  return elapsed;
}

static void check_handoffs(void) {
  uint64_t by_read = ping_pong(kRead);
  uint64_t by_poll = ping_pong(kPoll);
  uint64_t by_select = ping_pong(kSelect);
  // A millisecond per handoff would be 2000 ms; waiting in poll costs a few syscalls more than read.
  CHECK(by_poll < 4 * by_read + 300);
  CHECK(by_select < 4 * by_read + 300);
}

static int later_fd;
static long later_ms;

static void* write_later(void* argument) {
  (void)argument;
  sleep_ms(later_ms);
  CHECK(write(later_fd, "z", 1) == 1);
  return NULL;
}

static void* close_later(void* argument) {
  (void)argument;
  sleep_ms(later_ms);
  CHECK(close(later_fd) == 0);
  return NULL;
}

static void* drain_later(void* argument) {
  (void)argument;
  sleep_ms(later_ms);
  char buffer[8192];
  CHECK(read(later_fd, buffer, sizeof buffer) == sizeof buffer);
  return NULL;
}

static void run_later(void* (*action)(void*), int fd, long ms, pthread_t* thread) {
  later_fd = fd;
  later_ms = ms;
  CHECK(pthread_create(thread, NULL, action, NULL) == 0);
}

static void check_any_of_several(void) {
  int pipes[3][2];
  for (int i = 0; i < 3; ++i) CHECK(pipe(pipes[i]) == 0);
  struct pollfd entries[3];
  for (int i = 0; i < 3; ++i) entries[i] = (struct pollfd){.fd = pipes[i][0], .events = POLLIN};
  pthread_t writer;
  run_later(write_later, pipes[2][1], 30, &writer);
  uint64_t start = now_ms();
  CHECK(poll(entries, 3, 5000) == 1);
  CHECK(now_ms() - start < 2000);
  CHECK(entries[0].revents == 0 && entries[1].revents == 0 && entries[2].revents == POLLIN);
  CHECK(pthread_join(writer, NULL) == 0);

  fd_set readable;
  FD_ZERO(&readable);
  for (int i = 0; i < 2; ++i) FD_SET(pipes[i][0], &readable);
  run_later(write_later, pipes[0][1], 30, &writer);
  struct timeval five = {5, 0};
  CHECK(select(pipes[2][0] + 1, &readable, NULL, NULL, &five) == 1);
  CHECK(FD_ISSET(pipes[0][0], &readable) && !FD_ISSET(pipes[1][0], &readable));
  CHECK(five.tv_sec >= 3);  // the time left: woken well before the timeout
  CHECK(pthread_join(writer, NULL) == 0);

  // The last writer closing wakes a poller with POLLHUP.
  char byte;
  CHECK(read(pipes[0][0], &byte, 1) == 1);
  run_later(close_later, pipes[1][1], 30, &writer);
  struct pollfd hangup = {.fd = pipes[1][0], .events = POLLIN};
  CHECK(poll(&hangup, 1, 5000) == 1 && (hangup.revents & POLLHUP));
  CHECK(pthread_join(writer, NULL) == 0);
  for (int i = 0; i < 3; ++i) {
    close(pipes[i][0]);
    if (i != 1) close(pipes[i][1]);
  }
}

// A full pipe: a poller for POLLOUT wakes when a reader makes PIPE_BUF bytes of room.
static void check_room_wakes_writer(void) {
  int ends[2];
  CHECK(pipe2(ends, O_NONBLOCK) == 0);
  char block[4096] = {0};
  while (write(ends[1], block, sizeof block) > 0) {
  }
  CHECK(errno == EAGAIN);
  struct pollfd entry = {.fd = ends[1], .events = POLLOUT};
  CHECK(poll(&entry, 1, 0) == 0);
  pthread_t reader;
  run_later(drain_later, ends[0], 30, &reader);
  uint64_t start = now_ms();
  CHECK(poll(&entry, 1, 5000) == 1 && entry.revents == POLLOUT);
  CHECK(now_ms() - start < 2000);
  CHECK(pthread_join(reader, NULL) == 0);
  close(ends[0]);
  close(ends[1]);
}

static long voluntary_switches(void) {
  struct rusage usage;
  CHECK(getrusage(RUSAGE_THREAD, &usage) == 0);
  return usage.ru_nvcsw;
}

// Timeouts hold, and an idle wait is one sleep, not a millisecond-by-millisecond recheck.
static void check_idle_timeouts(void) {
  int ends[2];
  CHECK(pipe(ends) == 0);
  struct pollfd entry = {.fd = ends[0], .events = POLLIN};
  long before = voluntary_switches();
  uint64_t start = now_ms();
  CHECK(poll(&entry, 1, 200) == 0);
  uint64_t waited = now_ms() - start;
  long switches = voluntary_switches() - before;
  printf("wakeups: an idle 200 ms poll took %llu ms and went to sleep %ld time(s)\n", (unsigned long long)waited, switches);
  CHECK(waited >= 200 && waited < 1500);
  CHECK(switches >= 1 && switches <= 2);

  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(ends[0], &readable);
  struct timespec hundred = {0, 100 * 1000 * 1000};
  before = voluntary_switches();
  start = now_ms();
  CHECK(pselect(ends[0] + 1, &readable, NULL, NULL, &hundred, NULL) == 0);
  waited = now_ms() - start;
  CHECK(waited >= 100 && waited < 1500);
  CHECK(voluntary_switches() - before <= 2);
  close(ends[0]);
  close(ends[1]);
}

static void* signal_later(void* argument) {
  (void)argument;
  sleep_ms(50);
  CHECK(kill(getpid(), SIGUSR1) == 0);  // for the process: blocked in every thread
  return NULL;
}

// A blocked signal wakes the thread waiting for it at once, not at a periodic recheck.
static void check_signal_wait_wakes(void) {
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  CHECK(pthread_sigmask(SIG_BLOCK, &usr1, NULL) == 0);  // before the thread: it inherits the mask
  pthread_t sender;
  CHECK(pthread_create(&sender, NULL, signal_later, NULL) == 0);
  long before = voluntary_switches();
  uint64_t start = now_ms();
  struct timespec five_seconds = {5, 0};
  siginfo_t info;
  CHECK(sigtimedwait(&usr1, &info, &five_seconds) == SIGUSR1 && info.si_signo == SIGUSR1);
  uint64_t waited = now_ms() - start;
  long switches = voluntary_switches() - before;
  printf("wakeups: sigtimedwait for a signal sent after 50 ms took %llu ms and slept %ld time(s)\n",
         (unsigned long long)waited, switches);
  CHECK(waited >= 50 && waited < 2000);
  CHECK(switches >= 1 && switches <= 3);
  CHECK(pthread_join(sender, NULL) == 0);
}

int main(void) {
  check_handoffs();
  check_any_of_several();
  check_room_wakes_writer();
  check_idle_timeouts();
  check_signal_wait_wakes();
  printf("wakeups: all checks passed\n");
  return 0;
}
