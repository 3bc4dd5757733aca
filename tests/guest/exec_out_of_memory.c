// execve when memory runs out: the loader maps the new program's pages before the point of no
// return (kernel/loader/elf_loader.cpp), so a lack of frames fails execve with ENOMEM and the
// calling program goes on, unchanged. A child uses up the free frames with /tmp files, then
// gives them back one page at a time, calling execve after each: every failure is ENOMEM, and
// once enough is free the program starts and finds its arguments intact.
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "check.h"
#include "forked_child.h"
#include "decimal.h"

#define PAGE 4096
#define FILL_CHUNK (64 * 1024)
#define MAX_FILES 32  // a /tmp file holds at most 2 MiB (EFBIG past it)
#define MAX_ATTEMPTS 8192

static char chunk[FILL_CHUNK];
static int files[MAX_FILES];
static off_t sizes[MAX_FILES];
static int file_count;

// Writes to one file until it is full (EFBIG: true) or the frames run out (ENOSPC: false).
static int fill_file(int index) {
  for (size_t length = FILL_CHUNK; length >= PAGE;) {
    ssize_t written = write(files[index], chunk, length);
    if (written > 0) {
      sizes[index] += written;
      continue;
    }
    CHECK(written == -1 && (errno == ENOSPC || errno == EFBIG));
    if (errno == EFBIG) return 1;
    length /= 2;
  }
  return 0;
}

// Files in /tmp until no frame is left.
static void fill(void) {
  int full = 1;
  while (full) {
    CHECK(file_count < MAX_FILES);
    char path[32];
    snprintf(path, sizeof path, "/tmp/fill-%d", file_count);
    files[file_count] = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    CHECK(files[file_count] >= 0);
    full = fill_file(file_count++);
  }
}

// Frees one page of the files; false when they are empty.
static int give_back_a_page(void) {
  for (int i = file_count - 1; i >= 0; --i) {
    if (sizes[i] == 0) continue;
    sizes[i] -= sizes[i] % PAGE != 0 ? sizes[i] % PAGE : PAGE;
    CHECK(ftruncate(files[i], sizes[i]) == 0);
    return 1;
  }
  return 0;
}

static void exec_with_shrinking_files(void) {
  memset(chunk, 'x', sizeof chunk);
  printf("exec_out_of_memory: filling /tmp\n");  // glibc allocates stdout's buffer here, not later
  fill();
  char failures_text[24];
  char* argv[] = {"/proc/self/exe", "started", failures_text, "an argument after the count", NULL};
  char* envp[] = {"AFTER=ENOMEM", NULL};
  for (long failures = 0; failures < MAX_ATTEMPTS; ++failures) {
    decimal(failures_text, failures);
    execve(argv[0], argv, envp);
    if (errno != ENOMEM) {
      printf("exec_out_of_memory: execve failed with errno %d, expected ENOMEM\n", errno);
      _exit(1);
    }
    if (!give_back_a_page()) break;
  }
  printf("exec_out_of_memory: execve never succeeded\n");
  _exit(1);
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "started") == 0) {
    CHECK(argc == 4 && strcmp(argv[3], "an argument after the count") == 0);
    CHECK(getenv("AFTER") != NULL && strcmp(getenv("AFTER"), "ENOMEM") == 0);
    printf("exec_out_of_memory: started after %s ENOMEM failures\n", argv[2]);
    CHECK(atol(argv[2]) > 0);
    return 0;
  }
  check_child_succeeds(exec_with_shrinking_files);
  printf("exec_out_of_memory: all checks passed\n");
  return 0;
}
