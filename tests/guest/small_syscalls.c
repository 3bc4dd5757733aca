// madvise(MADV_DONTNEED) really drops anonymous pages (they read as zero afterwards) and refuses
// what it cannot honour; sysinfo reports memory and this process; mkdir/mkdirat/rmdir work in
// /tmp (listing, nesting, ENOTEMPTY, EEXIST, EBUSY for another process's working directory) and
// give EROFS in the sealed tree.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// Another process's working directory is not removed under it (docs/syscalls.md, rmdir).
static void directory_stays_while_a_process_works_in_it(void) {
  CHECK(mkdir("/tmp/busy", 0755) == 0);
  int ready[2], done[2];
  CHECK(pipe(ready) == 0 && pipe(done) == 0);
  fflush(stdout);
  pid_t child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    close(ready[0]);
    close(done[1]);
    char byte = 0;
    _exit(chdir("/tmp/busy") == 0 && write(ready[1], "r", 1) == 1 && read(done[0], &byte, 1) == 1 ? 0 : 1);
  }
  close(ready[1]);  // so that a child that failed before writing ends the read with EOF
  close(done[0]);
  char byte = 0;
  CHECK(read(ready[0], &byte, 1) == 1);
  CHECK_ERRNO(rmdir("/tmp/busy"), EBUSY);
  CHECK(write(done[1], "d", 1) == 1);
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(rmdir("/tmp/busy") == 0);
  close(ready[0]);
  close(done[1]);
}

static void check_madvise(void) {
  size_t size = 4 * 4096;
  unsigned char* memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(memory != MAP_FAILED);
  memset(memory, 0xAB, size);
  CHECK(madvise(memory + 4096, 2 * 4096, MADV_DONTNEED) == 0);
  CHECK(memory[0] == 0xAB && memory[4095] == 0xAB);
  for (size_t i = 4096; i < 3 * 4096; ++i) CHECK(memory[i] == 0);
  CHECK(memory[3 * 4096] == 0xAB);
  memory[5000] = 7;  // the dropped pages are usable again
  CHECK(memory[5000] == 7);
  CHECK(madvise(memory, size, MADV_WILLNEED) == 0);
  CHECK(memory[0] == 0xAB);
  CHECK_ERRNO(madvise(memory + 1, 4096, MADV_DONTNEED), EINVAL);
  CHECK_ERRNO(madvise(memory, 4096, MADV_WIPEONFORK), EINVAL);
  CHECK_ERRNO(madvise(memory, 4096, 12345), EINVAL);
  CHECK(munmap(memory + 2 * 4096, 4096) == 0);
  CHECK_ERRNO(madvise(memory, size, MADV_DONTNEED), ENOMEM);
  CHECK(munmap(memory, size) == 0);
}

static void check_sysinfo(void) {
  struct sysinfo info;
  CHECK(sysinfo(&info) == 0);
  CHECK(info.mem_unit > 0);
  CHECK(info.totalram > 0 && info.freeram > 0 && info.freeram < info.totalram);
  CHECK(info.procs >= 1);
  CHECK(info.totalswap == 0);
}

static int entries_in(const char* path) {
  DIR* directory = opendir(path);
  CHECK(directory != NULL);
  int count = 0;
  struct dirent* entry;
  while ((entry = readdir(directory)) != NULL) count += entry->d_name[0] != '.';
  closedir(directory);
  return count;
}

static void check_directories(void) {
  CHECK(mkdir("/tmp/outer", 0755) == 0);
  CHECK_ERRNO(mkdir("/tmp/outer", 0755), EEXIST);
  CHECK(mkdir("/tmp/outer/inner/", 0700) == 0);
  struct stat status;
  CHECK(stat("/tmp/outer/inner", &status) == 0 && S_ISDIR(status.st_mode));
  CHECK((status.st_mode & 0777) == 0700);
  int outer = open("/tmp/outer", O_RDONLY | O_DIRECTORY);
  CHECK(outer >= 0);
  CHECK(mkdirat(outer, "second", 0755) == 0);
  close(outer);
  int file = open("/tmp/outer/inner/file", O_CREAT | O_WRONLY, 0644);
  CHECK(file >= 0);
  CHECK(write(file, "x", 1) == 1);
  close(file);
  CHECK(entries_in("/tmp/outer") == 2);
  CHECK_ERRNO(rmdir("/tmp/outer/inner"), ENOTEMPTY);
  CHECK_ERRNO(rmdir("/tmp/outer/inner/file"), ENOTDIR);
  CHECK_ERRNO(unlink("/tmp/outer/inner"), EISDIR);
  CHECK(unlink("/tmp/outer/inner/file") == 0);
  CHECK(rmdir("/tmp/outer/inner") == 0);
  CHECK(unlinkat(AT_FDCWD, "/tmp/outer/second", AT_REMOVEDIR) == 0);
  CHECK(entries_in("/tmp/outer") == 0);
  CHECK(rmdir("/tmp/outer/") == 0);
  CHECK_ERRNO(stat("/tmp/outer", &status), ENOENT);
  CHECK_ERRNO(mkdir("/sealed-dir", 0755), EROFS);
  CHECK_ERRNO(mkdir("/tmp/missing/child", 0755), ENOENT);
  CHECK_ERRNO(rmdir("/proc"), EROFS);
  directory_stays_while_a_process_works_in_it();
}

int main(void) {
  check_madvise();
  check_sysinfo();
  check_directories();
  printf("small_syscalls: all checks passed\n");
  return 0;
}
