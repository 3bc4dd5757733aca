// A large .bss stays demand-zero: the kernel's ELF loader maps only the first 64 KiB of a
// segment's zero-fill tail at load (kEagerZeroFillBytes, kernel/loader/elf_plan.h), so a program
// with a 4 MiB static array starts in little memory. Touching pages of the array beyond that reads
// zeros and counts one minor fault per page in getrusage's ru_minflt (RUSAGE_SELF and
// RUSAGE_THREAD); touching them again counts nothing; a child's faults reach its parent through
// wait4's rusage and RUSAGE_CHILDREN once it is reaped.
#define _GNU_SOURCE  // RUSAGE_THREAD
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096
#define ARRAY_BYTES (4 << 20)
// Past the array's first 128 KiB: beyond the eagerly mapped part of the tail wherever .bss starts.
#define FIRST_PAGE 32
#define TOUCHED_PAGES 256
#define CHILD_PAGES 64
// Faults besides the touched pages a step may take (the stack growing into a new page).
#define SLACK 4

static char big[ARRAY_BYTES];

static long faults_of(int who) {
  struct rusage usage;
  CHECK(getrusage(who, &usage) == 0);
  CHECK(usage.ru_majflt == 0);
  return usage.ru_minflt;
}

// Reads each page first (it must be zero), then writes it; returns the sum of what it read.
static unsigned touch_pages(int first, int count) {
  unsigned sum = 0;
  for (int page = first; page < first + count; ++page) {
    volatile char* byte = &big[page * PAGE + page % PAGE];
    sum += (unsigned char)*byte;
    *byte = 1;
  }
  return sum;
}

static void check_own_faults(void) {
  long self_before = faults_of(RUSAGE_SELF), thread_before = faults_of(RUSAGE_THREAD);
  CHECK(touch_pages(FIRST_PAGE, TOUCHED_PAGES) == 0);
  long self = faults_of(RUSAGE_SELF) - self_before, thread = faults_of(RUSAGE_THREAD) - thread_before;
  printf("demand_faults: touching %d pages counted %ld faults (thread: %ld)\n", TOUCHED_PAGES, self, thread);
  CHECK(self >= TOUCHED_PAGES && self <= TOUCHED_PAGES + SLACK);
  CHECK(thread >= TOUCHED_PAGES && thread <= TOUCHED_PAGES + SLACK);

  long again_before = faults_of(RUSAGE_SELF);
  CHECK(touch_pages(FIRST_PAGE, TOUCHED_PAGES) == TOUCHED_PAGES);  // present now, and still written
  CHECK(faults_of(RUSAGE_SELF) - again_before <= SLACK);
}

static void check_child_faults(void) {
  CHECK(faults_of(RUSAGE_CHILDREN) == 0);
  int child_first = FIRST_PAGE + TOUCHED_PAGES;
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) _exit(touch_pages(child_first, CHILD_PAGES) == 0 ? 0 : 1);
  int status = 0;
  struct rusage reported;
  CHECK(wait4(pid, &status, 0, &reported) == pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  printf("demand_faults: wait4 reported %ld faults for a child touching %d pages\n", reported.ru_minflt, CHILD_PAGES);
  CHECK(reported.ru_minflt >= CHILD_PAGES);
  CHECK(faults_of(RUSAGE_CHILDREN) == reported.ru_minflt);
  CHECK(touch_pages(child_first, CHILD_PAGES) == 0);  // the child's writes were its own
}

int main(void) {
  check_own_faults();
  check_child_faults();
  printf("demand_faults: all checks passed\n");
  return 0;
}
