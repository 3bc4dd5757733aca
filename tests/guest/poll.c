// I/O multiplexing: poll, ppoll, select and pselect on stdin (the test feeds stdin.txt), a pipe,
// /dev/null and a sealed file; timeouts really wait (50 ms is at least 50 ms); a bad fd gives
// POLLNVAL in poll and EBADF in select; ppoll's and pselect's temporary mask lets a blocked
// pending signal interrupt the wait (EINTR, the handler ran) and comes back afterwards; a signal
// from another thread interrupts an endless poll.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t handled = 0;

static void count_handler(int signal) {
  (void)signal;
  ++handled;
}

static uint64_t now_ms(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (uint64_t)time.tv_sec * 1000u + (uint64_t)time.tv_nsec / 1000000u;
}

static void check_stdin(void) {
  struct pollfd entry = {.fd = 0, .events = POLLIN};
  CHECK(poll(&entry, 1, 5000) == 1);  // stdin.txt arrives
  CHECK(entry.revents == POLLIN);
  char buffer[256];
  long total = 0;
  ssize_t count;
  while ((count = read(0, buffer, sizeof buffer)) > 0) total += count;
  CHECK(count == 0);
  // At the end of stdin a read returns at once: readable.
  CHECK(poll(&entry, 1, 0) == 1 && (entry.revents & POLLIN));
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(0, &readable);
  struct timeval none = {0, 0};
  CHECK(select(1, &readable, NULL, NULL, &none) == 1 && FD_ISSET(0, &readable));
  printf("poll: stdin gave %ld bytes\n", total);
}

static void check_files(void) {
  int null = open("/dev/null", O_RDWR);
  int exe = open("/proc/self/exe", O_RDONLY);
  CHECK(null >= 0 && exe >= 0);
  struct pollfd entries[4] = {{.fd = null, .events = POLLIN | POLLOUT},
                              {.fd = exe, .events = POLLIN},
                              {.fd = -1, .events = POLLIN},
                              {.fd = 200, .events = POLLIN}};
  CHECK(poll(entries, 4, -1) == 3);
  CHECK(entries[0].revents == (POLLIN | POLLOUT));
  CHECK(entries[1].revents == POLLIN);
  CHECK(entries[2].revents == 0);
  CHECK(entries[3].revents == POLLNVAL);
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(200, &readable);
  CHECK_ERRNO(select(201, &readable, NULL, NULL, NULL), EBADF);
  close(null);
  close(exe);
}

static void check_pipe_and_timeouts(void) {
  int ends[2];
  CHECK(pipe(ends) == 0);
  struct pollfd entries[2] = {{.fd = ends[0], .events = POLLIN}, {.fd = ends[1], .events = POLLOUT}};
  uint64_t start = now_ms();
  CHECK(poll(entries, 1, 50) == 0);
  uint64_t waited = now_ms() - start;
  CHECK(waited >= 50 && waited < 1000);
  CHECK(poll(&entries[1], 1, 0) == 1 && entries[1].revents == POLLOUT);
  CHECK(write(ends[1], "x", 1) == 1);
  CHECK(poll(entries, 2, 0) == 2 && entries[0].revents == POLLIN);

  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(ends[0], &readable);
  struct timeval fifty = {0, 50 * 1000};
  CHECK(select(ends[0] + 1, &readable, NULL, NULL, &fifty) == 1 && FD_ISSET(ends[0], &readable));
  char byte;
  CHECK(read(ends[0], &byte, 1) == 1);
  FD_SET(ends[0], &readable);
  start = now_ms();
  CHECK(select(ends[0] + 1, &readable, NULL, NULL, &fifty) == 0);
  waited = now_ms() - start;
  CHECK(waited >= 50 && waited < 1000);
  CHECK(!FD_ISSET(ends[0], &readable));

  close(ends[1]);  // no writer left: the read end hangs up
  CHECK(poll(entries, 1, 0) == 1 && (entries[0].revents & POLLHUP));
  close(ends[0]);
}

static void check_temporary_masks(void) {
  struct sigaction action = {.sa_handler = count_handler};
  CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
  sigset_t usr1, none;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigemptyset(&none);
  CHECK(sigprocmask(SIG_BLOCK, &usr1, NULL) == 0);
  CHECK(raise(SIGUSR1) == 0);
  int ends[2];
  CHECK(pipe(ends) == 0);
  struct pollfd entry = {.fd = ends[0], .events = POLLIN};
  struct timespec fifty = {0, 50 * 1000 * 1000};
  // Under its own mask (SIGUSR1 still blocked) ppoll just times out.
  CHECK(ppoll(&entry, 1, &fifty, &usr1) == 0);
  CHECK(handled == 0);
  CHECK_ERRNO(ppoll(&entry, 1, &fifty, &none), EINTR);
  CHECK(handled == 1);
  sigset_t after;
  CHECK(sigprocmask(SIG_BLOCK, NULL, &after) == 0 && sigismember(&after, SIGUSR1));

  CHECK(raise(SIGUSR1) == 0);
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(ends[0], &readable);
  CHECK_ERRNO(pselect(ends[0] + 1, &readable, NULL, NULL, &fifty, &none), EINTR);
  CHECK(handled == 2);
  CHECK(sigprocmask(SIG_BLOCK, NULL, &after) == 0 && sigismember(&after, SIGUSR1));
  CHECK(sigprocmask(SIG_UNBLOCK, &usr1, NULL) == 0);
  close(ends[0]);
  close(ends[1]);
}

static pthread_t main_thread;

static void* send_later(void* argument) {
  (void)argument;
  struct timespec delay = {0, 20 * 1000 * 1000};
  nanosleep(&delay, NULL);
  CHECK(pthread_kill(main_thread, SIGUSR1) == 0);
  return NULL;
}

static void check_interrupted_by_thread(void) {
  int ends[2];
  CHECK(pipe(ends) == 0);
  main_thread = pthread_self();
  pthread_t sender;
  CHECK(pthread_create(&sender, NULL, send_later, NULL) == 0);
  struct pollfd entry = {.fd = ends[0], .events = POLLIN};
  handled = 0;
  CHECK_ERRNO(poll(&entry, 1, -1), EINTR);
  CHECK(handled == 1);
  CHECK(pthread_join(sender, NULL) == 0);
  close(ends[0]);
  close(ends[1]);
}

int main(void) {
  check_stdin();
  check_files();
  check_pipe_and_timeouts();
  check_temporary_masks();
  check_interrupted_by_thread();
  printf("poll: all checks passed\n");
  return 0;
}
