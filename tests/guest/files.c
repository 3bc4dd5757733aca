// Sealed files, read-only at their guest paths, with their exact bytes; the fixed devices; the
// descriptor calls. Sealed with tests/guest/files.yaml (posix preset).
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static const char kGreeting[] = "hello from a sealed file\n";

static void sealed_file_reads_back_exactly(void) {
  int fd = open("/etc/greeting.txt", O_RDONLY | O_CLOEXEC);
  CHECK(fd >= 3);
  char buffer[64];
  CHECK(read(fd, buffer, sizeof buffer) == (ssize_t)strlen(kGreeting));
  CHECK(memcmp(buffer, kGreeting, strlen(kGreeting)) == 0);
  CHECK(read(fd, buffer, sizeof buffer) == 0);
  CHECK(pread(fd, buffer, 5, 6) == 5 && memcmp(buffer, "from ", 5) == 0);
  CHECK(lseek(fd, -5, SEEK_END) == (off_t)strlen(kGreeting) - 5);
  CHECK(read(fd, buffer, 5) == 5 && memcmp(buffer, "file\n", 5) == 0);
  CHECK_ERRNO(lseek(fd, -100, SEEK_SET), EINVAL);
  struct stat info;
  CHECK(fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size == (off_t)strlen(kGreeting));
  CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
  CHECK_ERRNO(write(fd, "x", 1), EBADF);
  CHECK(close(fd) == 0);
  CHECK_ERRNO(close(fd), EBADF);
}

static void sealed_files_are_read_only(void) {
  CHECK_ERRNO(open("/etc/greeting.txt", O_WRONLY), EROFS);
  CHECK_ERRNO(open("/etc/greeting.txt", O_RDWR), EROFS);
  CHECK_ERRNO(open("/etc/greeting.txt", O_RDONLY | O_TRUNC), EROFS);
  CHECK_ERRNO(open("/etc/new.txt", O_WRONLY | O_CREAT, 0644), EROFS);
  CHECK_ERRNO(open("/etc/greeting.txt", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
  CHECK_ERRNO(open("/etc", O_WRONLY), EISDIR);
  CHECK_ERRNO(access("/etc/greeting.txt", W_OK), EROFS);
  CHECK(access("/etc/greeting.txt", R_OK) == 0);
  CHECK_ERRNO(unlink("/etc/greeting.txt"), EROFS);
  CHECK_ERRNO(open("/tmp/x", O_WRONLY | O_CREAT, 0644), ENOENT);  // no storage.tmp: no /tmp
}

static void paths_resolve_like_linux(void) {
  CHECK_ERRNO(open("/etc/missing", O_RDONLY), ENOENT);
  CHECK_ERRNO(open("/etc/greeting.txt/x", O_RDONLY), ENOTDIR);
  CHECK_ERRNO(open("/etc/greeting.txt/", O_RDONLY), ENOTDIR);
  CHECK_ERRNO(open("/etc/greeting.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);
  CHECK_ERRNO(open("", O_RDONLY), ENOENT);
  CHECK_ERRNO(open((const char*)16, O_RDONLY), EFAULT);
  char cwd[64];
  CHECK(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/") == 0);
  CHECK(chdir("/srv/data") == 0);
  CHECK(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/srv/data") == 0);
  CHECK(getcwd(cwd, 4) == NULL && errno == ERANGE);
  int fd = open("digits.txt", O_RDONLY);
  CHECK(fd >= 0);
  char digits[16];
  CHECK(read(fd, digits, 16) == 16 && memcmp(digits, "0123456789abcdef", 16) == 0);
  close(fd);
  int relative = open("../../etc/./greeting.txt", O_RDONLY);
  CHECK(relative >= 0);
  close(relative);
  int directory = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK(directory >= 0);
  struct stat info;
  CHECK(fstatat(directory, "greeting.txt", &info, 0) == 0 && info.st_size == (off_t)strlen(kGreeting));
  close(directory);
  CHECK_ERRNO(chdir("/etc/greeting.txt"), ENOTDIR);
  CHECK(chdir("/") == 0);
}

static void directories_list_their_entries(void) {
  DIR* directory = opendir("/srv/data");
  CHECK(directory != NULL);
  int seen = 0;
  struct dirent* entry;
  while ((entry = readdir(directory)) != NULL) {
    if (strcmp(entry->d_name, "digits.txt") == 0) {
      CHECK(entry->d_type == DT_REG);
      seen |= 1;
    } else if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
      seen |= 2;
    } else {
      printf("files: unexpected entry %s in /srv/data\n", entry->d_name);
      exit(1);
    }
  }
  closedir(directory);
  CHECK(seen == 3);
  struct stat info;
  CHECK(stat("/srv", &info) == 0 && S_ISDIR(info.st_mode));
  CHECK(stat("/dev/null", &info) == 0 && S_ISCHR(info.st_mode));
}

static void devices_behave(void) {
  char buffer[64];
  int null_fd = open("/dev/null", O_RDWR);
  CHECK(null_fd >= 0);
  CHECK(read(null_fd, buffer, sizeof buffer) == 0);
  CHECK(write(null_fd, buffer, sizeof buffer) == sizeof buffer);
  int zero_fd = open("/dev/zero", O_RDONLY);
  memset(buffer, 0x55, sizeof buffer);
  CHECK(read(zero_fd, buffer, sizeof buffer) == sizeof buffer);
  for (size_t i = 0; i < sizeof buffer; ++i) CHECK(buffer[i] == 0);
  int random_fd = open("/dev/urandom", O_RDONLY);
  uint64_t a = 0, b = 0;
  CHECK(read(random_fd, &a, sizeof a) == sizeof a && read(random_fd, &b, sizeof b) == sizeof b);
  CHECK(a != b);
  int exe = open("/proc/self/exe", O_RDONLY);
  CHECK(exe >= 0 && read(exe, buffer, 4) == 4 && memcmp(buffer, "\177ELF", 4) == 0);
  CHECK_ERRNO(open("/proc/self/exe", O_WRONLY), EROFS);
  char link[64];
  ssize_t length = readlink("/proc/self/exe", link, sizeof link);
  CHECK(length == 14 && memcmp(link, "/proc/self/exe", 14) == 0);
  CHECK_ERRNO(readlink("/etc/greeting.txt", link, sizeof link), EINVAL);
  CHECK_ERRNO(ioctl(1, 0x5413 /* TIOCGWINSZ */, buffer), ENOTTY);
  CHECK_ERRNO(lseek(1, 0, SEEK_CUR), ESPIPE);
  close(null_fd);
  close(zero_fd);
  close(random_fd);
  close(exe);
}

static void descriptors_duplicate(void) {
  int fd = open("/etc/greeting.txt", O_RDONLY);
  int copy = dup(fd);
  CHECK(copy == fd + 1);
  char c;
  CHECK(read(fd, &c, 1) == 1 && c == 'h');
  CHECK(read(copy, &c, 1) == 1 && c == 'e');  // one open file description, one offset
  CHECK(dup2(fd, 100) == 100);
  CHECK(fcntl(100, F_GETFD) == 0);
  CHECK(dup3(fd, 101, O_CLOEXEC) == 101 && fcntl(101, F_GETFD) == FD_CLOEXEC);
  CHECK_ERRNO(dup3(fd, fd, 0), EINVAL);
  CHECK(dup2(fd, fd) == fd);
  CHECK_ERRNO(dup(999), EBADF);
  CHECK_ERRNO(dup2(fd, 100000), EBADF);
  CHECK(fcntl(fd, F_DUPFD, 50) == 50);
  CHECK_ERRNO(fcntl(fd, 9999), EINVAL);
  const int opened[] = {copy, 100, 101, 50, fd};
  for (size_t i = 0; i < sizeof opened / sizeof opened[0]; ++i) CHECK(close(opened[i]) == 0);
  int count = 0;
  while (open("/etc/greeting.txt", O_RDONLY) >= 0) ++count;
  CHECK(errno == EMFILE && count == 256 - 3);
}

static void sealed_files_map_without_exec(void) {
  int fd = open("/etc/greeting.txt", O_RDONLY);
  char* bytes = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(bytes != MAP_FAILED);
  CHECK(memcmp(bytes, kGreeting, strlen(kGreeting)) == 0 && bytes[strlen(kGreeting)] == 0);
  CHECK(munmap(bytes, 4096) == 0);
  char* copy = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(copy != MAP_FAILED);
  copy[0] = 'H';  // a private copy: the sealed bytes do not change
  char first;
  CHECK(pread(fd, &first, 1, 0) == 1 && first == 'h');
  CHECK(mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EACCES);
  CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES);
  CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 1) == MAP_FAILED && errno == EINVAL);
  CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
        errno == EACCES);
  int null_fd = open("/dev/null", O_RDONLY);
  CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, null_fd, 0) == MAP_FAILED && errno == ENODEV);
  close(null_fd);
  // PROT_NONE holds the file's bytes where nothing may touch them, the kernel copying on the
  // program's behalf included, until mprotect lets the program read them.
  char* hidden = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE, fd, 0);
  CHECK(hidden != MAP_FAILED);
  CHECK_ERRNO(write(STDOUT_FILENO, hidden, 16), EFAULT);
  CHECK(mprotect(hidden, 4096, PROT_READ) == 0 && memcmp(hidden, kGreeting, strlen(kGreeting)) == 0);
  CHECK(munmap(hidden, 4096) == 0);
  close(fd);
}

int main(void) {
  sealed_file_reads_back_exactly();
  sealed_files_map_without_exec();
  sealed_files_are_read_only();
  paths_resolve_like_linux();
  directories_list_their_entries();
  devices_behave();
  descriptors_duplicate();
  printf("files: all checks passed\n");
  return 0;
}
