// Assertions for guest test programs: each failure prints the expression, the result and errno
// (by number and name), and the program exits 1; a passing program exits 0.
#pragma once
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(condition)                                                                     \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      printf("%s:%d: CHECK(%s) failed (errno %d, %s)\n", __FILE__, __LINE__, #condition, errno, \
             strerror(errno));                                                               \
      exit(1);                                                                               \
    }                                                                                        \
  } while (0)

// The call must fail with exactly this errno.
#define CHECK_ERRNO(call, expected)                                                            \
  do {                                                                                         \
    errno = 0;                                                                                 \
    long result_ = (long)(call);                                                               \
    if (result_ != -1 || errno != (expected)) {                                                \
      printf("%s:%d: %s returned %ld, errno %d (%s); expected -1, %s\n", __FILE__, __LINE__, #call, \
             result_, errno, strerror(errno), #expected);                                      \
      exit(1);                                                                                 \
    }                                                                                          \
  } while (0)
