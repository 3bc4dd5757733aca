// RAM /tmp (storage.tmp: 64K): files are created, written, read back, truncated and removed, and
// a write past the limit fails with ENOSPC. Sealed with tests/guest/tmpfs.yaml.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char block[4096];

int main(void) {
  int fd = open("/tmp/notes.txt", O_RDWR | O_CREAT | O_EXCL, 0600);
  CHECK(fd >= 0);
  CHECK_ERRNO(open("/tmp/notes.txt", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
  CHECK(write(fd, "first line\n", 11) == 11);
  CHECK(pwrite(fd, "FIRST", 5, 0) == 5);
  char buffer[32] = {0};
  CHECK(pread(fd, buffer, sizeof buffer, 0) == 11 && memcmp(buffer, "FIRST line\n", 11) == 0);
  CHECK(lseek(fd, 10000, SEEK_SET) == 10000 && write(fd, "!", 1) == 1);
  struct stat info;
  CHECK(fstat(fd, &info) == 0 && info.st_size == 10001 && S_ISREG(info.st_mode));
  CHECK(pread(fd, buffer, 4, 5000) == 4 && memcmp(buffer, "\0\0\0\0", 4) == 0);  // a hole reads as zeros
  CHECK(ftruncate(fd, 3) == 0 && fstat(fd, &info) == 0 && info.st_size == 3);
  CHECK(close(fd) == 0);

  fd = open("/tmp/notes.txt", O_WRONLY | O_APPEND);
  CHECK(write(fd, "+", 1) == 1);
  close(fd);
  fd = open("/tmp/notes.txt", O_RDONLY);
  CHECK(read(fd, buffer, sizeof buffer) == 4 && memcmp(buffer, "FIR+", 4) == 0);
  close(fd);

  // 64 KiB hold 16 pages: the notes file has one, so 15 whole blocks fit and the 16th does not.
  fd = open("/tmp/big", O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0);
  memset(block, 'b', sizeof block);
  for (int i = 0; i < 15; ++i) CHECK(write(fd, block, sizeof block) == sizeof block);
  CHECK_ERRNO(write(fd, block, sizeof block), ENOSPC);
  close(fd);
  CHECK(unlink("/tmp/big") == 0);
  CHECK_ERRNO(unlink("/tmp/big"), ENOENT);
  fd = open("/tmp/again", O_WRONLY | O_CREAT, 0600);
  CHECK(write(fd, block, sizeof block) == sizeof block);  // the space came back
  close(fd);
  CHECK_ERRNO(open("/new-file", O_WRONLY | O_CREAT, 0600), EROFS);
  CHECK_ERRNO(open("/tmp/missing/x", O_WRONLY | O_CREAT, 0600), ENOENT);
  printf("tmpfs: all checks passed\n");
  return 0;
}
