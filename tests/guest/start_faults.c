// What a program finds when it starts: the kernel's ELF loader maps its pages at load
// (kernel/loader/elf_loader.cpp), so no page fault has happened before main, both for the workload
// booted with sealed arguments that take more than one stack page (start_faults.yaml) and for a
// program execve starts with forty 1000-byte arguments; argv, envp and the auxiliary vector arrive
// intact both times. glibc's start code writes heap pages (sbrk) before main, each a demand fault;
// only those may have been counted. musl's writes none, so there the count must be exactly 0.
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <unistd.h>

#include "check.h"
#include "forked_child.h"
#include "decimal.h"

#define PAGE 4096u
#define SEALED_ARGS 12
#define SEALED_ARG_LENGTH 360
#define EXEC_ARGS 40
#define EXEC_ARG_LENGTH 1000
#define EXEC_ENV_LENGTH 2000

extern char end[];  // the end of .bss (linker-defined): the kernel starts the program break above it

static long minor_faults(void) {
  struct rusage usage;
  CHECK(getrusage(RUSAGE_SELF, &usage) == 0);
  return usage.ru_minflt;
}

static uintptr_t page_up(uintptr_t address) { return (address + PAGE - 1) & ~(uintptr_t)(PAGE - 1); }

// The heap pages that hold something: glibc's start code writes its TLS block and malloc's chunk
// headers there (sbrk), each page a demand fault; musl's writes nothing. Reading the other pages
// maps them now, after the count was taken.
static long heap_pages_written(void) {
  long written = 0;
  for (uintptr_t page = page_up((uintptr_t)end); page < page_up((uintptr_t)sbrk(0)); page += PAGE) {
    const volatile char* bytes = (const volatile char*)page;
    for (unsigned i = 0; i < PAGE; ++i) {
      if (bytes[i] != 0) {
        ++written;
        break;
      }
    }
  }
  return written;
}

static void check_faults_before_main(long faults, long already_counted) {
  long heap = heap_pages_written();
  printf("start_faults: %ld faults before main (%ld heap pages written)\n", faults - already_counted, heap);
  CHECK(faults >= already_counted);
  CHECK(faults - already_counted <= heap);
}

// Argument index (from 1): its two-digit index, then one letter repeated up to length bytes.
static void check_argument(const char* argument, int index, size_t length) {
  CHECK(strlen(argument) == length);
  CHECK(argument[0] == '0' + index / 10 % 10 && argument[1] == '0' + index % 10);
  for (size_t i = 2; i < length; ++i) CHECK(argument[i] == 'a' + (index - 1) % 26);
}

static void make_argument(char* out, int index, size_t length) {
  out[0] = (char)('0' + index / 10 % 10);
  out[1] = (char)('0' + index % 10);
  memset(out + 2, 'a' + (index - 1) % 26, length - 2);
  out[length] = '\0';
}

static void check_variable(const char* name, char letter, size_t length) {
  const char* value = getenv(name);
  CHECK(value != NULL && strlen(value) == length);
  for (size_t i = 0; i < length; ++i) CHECK(value[i] == letter);
}

static void check_auxiliary_vector(const char* program) {
  CHECK(getauxval(AT_PAGESZ) == PAGE);
  CHECK(getauxval(AT_CLKTCK) == 100);
  CHECK(getauxval(AT_PHDR) != 0 && getauxval(AT_PHENT) == 56 && getauxval(AT_PHNUM) > 0);
  CHECK(getauxval(AT_ENTRY) != 0);
  CHECK(strcmp((const char*)getauxval(AT_PLATFORM), "x86_64") == 0);
  CHECK(strcmp((const char*)getauxval(AT_EXECFN), program) == 0);
  const unsigned char* random = (const unsigned char*)getauxval(AT_RANDOM);
  CHECK(random != NULL);
  unsigned bits = 0;
  for (int i = 0; i < 16; ++i) bits |= random[i];
  CHECK(bits != 0);
}

static uintptr_t highest_end(uintptr_t top, const char* string) {
  uintptr_t string_end = (uintptr_t)string + strlen(string) + 1;
  return string_end > top ? string_end : top;
}

// From argc up to the end of the last string: the start state must cover more than one page for
// this test to say anything about mapping it.
static void check_spans_pages(char** argv, int argc, char** envp) {
  uintptr_t top = 0;
  for (int i = 0; i < argc; ++i) top = highest_end(top, argv[i]);
  for (char** env = envp; *env != NULL; ++env) top = highest_end(top, *env);
  uintptr_t argc_address = (uintptr_t)(argv - 1);
  printf("start_faults: the start state takes %lu bytes\n", (unsigned long)(top - argc_address));
  CHECK(top - argc_address > PAGE);
}

// The exec'd program: argv = [program, "exec-child", faults before execve, EXEC_ARGS arguments].
static int run_exec_child(int argc, char** argv, char** envp, long faults) {
  check_faults_before_main(faults, atol(argv[2]));
  CHECK(argc == 3 + EXEC_ARGS);
  for (int i = 1; i <= EXEC_ARGS; ++i) check_argument(argv[2 + i], i, EXEC_ARG_LENGTH);
  check_variable("LONG_C", 'C', EXEC_ENV_LENGTH);
  CHECK(getenv("LONG_A") == NULL);
  check_auxiliary_vector(argv[0]);
  check_spans_pages(argv, argc, envp);
  printf("start_faults: exec'd program checked\n");
  return 0;
}

static void exec_child(void) {
  char* argv[3 + EXEC_ARGS + 1];
  char* storage = malloc(EXEC_ARGS * (EXEC_ARG_LENGTH + 1));
  char* variable = malloc(EXEC_ENV_LENGTH + 8);
  char count[24];
  CHECK(storage != NULL && variable != NULL);
  argv[0] = "/proc/self/exe";
  argv[1] = "exec-child";
  argv[2] = count;
  for (int i = 1; i <= EXEC_ARGS; ++i) {
    argv[2 + i] = storage + (i - 1) * (EXEC_ARG_LENGTH + 1);
    make_argument(argv[2 + i], i, EXEC_ARG_LENGTH);
  }
  argv[3 + EXEC_ARGS] = NULL;
  memcpy(variable, "LONG_C=", 7);
  memset(variable + 7, 'C', EXEC_ENV_LENGTH);
  variable[7 + EXEC_ENV_LENGTH] = '\0';
  char* envp[] = {variable, NULL};
  // The count goes last: nothing below may fault (the stack here was touched by what ran before).
  decimal(count, minor_faults());
  execve(argv[0], argv, envp);
  printf("start_faults: execve failed: %s\n", strerror(errno));
  _exit(1);
}

int main(int argc, char** argv, char** envp) {
  long faults = minor_faults();  // first: nothing of main's own may count
  if (argc > 1 && strcmp(argv[1], "exec-child") == 0) return run_exec_child(argc, argv, envp, faults);

  check_faults_before_main(faults, 0);
  CHECK(argc == 1 + SEALED_ARGS);
  for (int i = 1; i <= SEALED_ARGS; ++i) check_argument(argv[i], i, SEALED_ARG_LENGTH);
  check_variable("LONG_A", 'A', 500);
  check_variable("LONG_B", 'B', 500);
  check_auxiliary_vector(argv[0]);
  check_spans_pages(argv, argc, envp);

  check_child_succeeds(exec_child);
  printf("start_faults: all checks passed\n");
  return 0;
}
