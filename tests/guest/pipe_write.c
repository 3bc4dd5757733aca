// Blocking pipe writes larger than PIPE_BUF (and than the pipe) write everything, as on Linux: one
// write of 1 MiB through a 64 KiB pipe returns 1 MiB and the reader gets every byte in order. A
// signal that arrives once some bytes are in ends the write with their count (with or without
// SA_RESTART); one that arrives before any byte is in gives EINTR, or with SA_RESTART a write that
// goes on and completes. O_NONBLOCK takes what fits, then EAGAIN; a reader that goes away midway
// leaves the count written so far.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

enum { kPipeSize = 65536, kLarge = 1 << 20 };

static unsigned char large[kLarge];
static int ends[2];
static volatile sig_atomic_t handled = 0;
static pthread_t main_thread;

static void count_handler(int signal) {
  (void)signal;
  ++handled;
}

static void sleep_ms(long ms) {
  struct timespec delay = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&delay, NULL);
}

static void set_handler(int flags) {
  struct sigaction action = {.sa_handler = count_handler, .sa_flags = flags};
  CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
  handled = 0;
}

static void* read_everything(void* argument) {
  size_t expected = (size_t)(uintptr_t)argument, total = 0;
  static unsigned char buffer[10000];  // not a divisor of the pipe or the write: reads straddle
  while (total < expected) {
    ssize_t got = read(ends[0], buffer, sizeof buffer);
    CHECK(got > 0);
    for (ssize_t i = 0; i < got; ++i) CHECK(buffer[i] == large[total + (size_t)i]);
    total += (size_t)got;
  }
  return NULL;
}

static void check_large_write_completes(void) {
  for (size_t i = 0; i < kLarge; ++i) large[i] = (unsigned char)(i * 7 + i / 4093);
  CHECK(pipe(ends) == 0);
  pthread_t reader;
  CHECK(pthread_create(&reader, NULL, read_everything, (void*)(uintptr_t)kLarge) == 0);
  CHECK(write(ends[1], large, kLarge) == kLarge);
  CHECK(pthread_join(reader, NULL) == 0);
  close(ends[0]);
  close(ends[1]);
}

static void* signal_later(void* argument) {
  (void)argument;
  sleep_ms(30);
  CHECK(pthread_kill(main_thread, SIGUSR1) == 0);
  return NULL;
}

// Nobody reads: the write fills the pipe, waits, and the signal ends it with what went in.
static void check_signal_after_some_bytes(int flags) {
  set_handler(flags);
  CHECK(pipe(ends) == 0);
  pthread_t sender;
  CHECK(pthread_create(&sender, NULL, signal_later, NULL) == 0);
  CHECK(write(ends[1], large, 4 * kPipeSize) == kPipeSize);
  CHECK(handled == 1);
  CHECK(pthread_join(sender, NULL) == 0);
  close(ends[0]);
  close(ends[1]);
}

static void* signal_then_drain(void* argument) {
  (void)argument;
  sleep_ms(30);
  CHECK(pthread_kill(main_thread, SIGUSR1) == 0);
  sleep_ms(30);
  char buffer[4096];
  size_t total = 0;
  while (total < kPipeSize + 100000) {
    ssize_t got = read(ends[0], buffer, sizeof buffer);
    CHECK(got > 0);
    total += (size_t)got;
  }
  return NULL;
}

// The pipe is full before the write starts: the signal comes before any byte is in.
static void check_signal_before_any_byte(int flags) {
  set_handler(flags);
  CHECK(pipe(ends) == 0);
  CHECK(write(ends[1], large, kPipeSize) == kPipeSize);
  pthread_t helper;
  CHECK(pthread_create(&helper, NULL, (flags & SA_RESTART) ? signal_then_drain : signal_later, NULL) == 0);
  if (flags & SA_RESTART) {
    CHECK(write(ends[1], large, 100000) == 100000);  // restarted after the handler, then completed
  } else {
    CHECK_ERRNO(write(ends[1], large, 100000), EINTR);
  }
  CHECK(handled == 1);
  CHECK(pthread_join(helper, NULL) == 0);
  close(ends[0]);
  close(ends[1]);
}

static void check_nonblocking(void) {
  CHECK(pipe2(ends, O_NONBLOCK) == 0);
  CHECK(write(ends[1], large, 3 * kPipeSize) == kPipeSize);
  CHECK_ERRNO(write(ends[1], large, 3 * kPipeSize), EAGAIN);
  close(ends[0]);
  close(ends[1]);
}

static void* read_some_then_close(void* argument) {
  (void)argument;
  sleep_ms(30);
  char buffer[8192];
  CHECK(read(ends[0], buffer, sizeof buffer) == sizeof buffer);
  sleep_ms(30);
  CHECK(close(ends[0]) == 0);
  return NULL;
}

static void check_reader_gone_midway(void) {
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  CHECK(pipe(ends) == 0);
  pthread_t reader;
  CHECK(pthread_create(&reader, NULL, read_some_then_close, NULL) == 0);
  CHECK(write(ends[1], large, 4 * kPipeSize) == kPipeSize + 8192);
  CHECK_ERRNO(write(ends[1], large, 1), EPIPE);
  CHECK(pthread_join(reader, NULL) == 0);
  close(ends[1]);
}

int main(void) {
  main_thread = pthread_self();
  check_large_write_completes();
  check_signal_after_some_bytes(0);
  check_signal_after_some_bytes(SA_RESTART);
  check_signal_before_any_byte(0);
  check_signal_before_any_byte(SA_RESTART);
  check_nonblocking();
  check_reader_gone_midway();
  printf("pipe_write: all checks passed\n");
  return 0;
}
