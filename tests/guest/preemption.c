// Preemption by the timer: a thread spinning in user mode without any syscall lets the others run.
// 1. main spins on a flag only a second thread sets (it can get the CPU only by preemption);
// 2. a signal sent to a thread that spins without syscalls is delivered to it (its handler ends
//    the spin);
// 3. two threads each hold known values in every general register, the carry flag and every XMM
//    register across long syscall-free loops while the other runs: after many preemptions all are
//    intact.
// Each spin is bounded by the TSC (no syscall), so a kernel that does not preempt fails, not hangs.
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static const uint64_t kSpinBoundTicks = 1ull << 36;  // tens of seconds at any plausible TSC rate

static uint64_t ticks(void) {
  uint32_t low, high;
  __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
  return ((uint64_t)high << 32) | low;
}

// Spins without syscalls until *flag is set; false if the bound passed first.
static int spin_until(volatile int* flag) {
  uint64_t start = ticks();
  while (!*flag) {
    if (ticks() - start > kSpinBoundTicks) return 0;
  }
  return 1;
}

static volatile int flag_set_by_other = 0;

static void* set_flag(void* argument) {
  (void)argument;
  flag_set_by_other = 1;
  return NULL;
}

static volatile int handler_ran = 0;
static volatile int spinner_ready = 0;
static volatile pid_t spinner_tid = 0;

static void on_usr1(int signal) {
  (void)signal;
  handler_ran = 1;
}

static void* spin_for_signal(void* argument) {
  (void)argument;
  spinner_tid = (pid_t)syscall(SYS_gettid);
  spinner_ready = 1;
  *(int*)argument = spin_until(&handler_ran);
  return NULL;
}

// soak(values, out, iterations): loads values[0..13] into rax rbx rcx rdx rsi rdi r8..r15, sets CF,
// values[16..47] into xmm0..xmm15, counts rbp down from iterations (dec keeps CF), then stores every
// one of them to out in the same layout (CF as 0/1 at out[14]).
uint64_t soak(const uint64_t* values, uint64_t* out, uint64_t iterations);
__asm__(
    ".text\n"
    ".globl soak\n"
    "soak:\n"
    "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "  push %rsi\n"
    "  mov %rdx, %rbp\n"
    "  movdqu 128(%rdi), %xmm0\n movdqu 144(%rdi), %xmm1\n movdqu 160(%rdi), %xmm2\n movdqu 176(%rdi), %xmm3\n"
    "  movdqu 192(%rdi), %xmm4\n movdqu 208(%rdi), %xmm5\n movdqu 224(%rdi), %xmm6\n movdqu 240(%rdi), %xmm7\n"
    "  movdqu 256(%rdi), %xmm8\n movdqu 272(%rdi), %xmm9\n movdqu 288(%rdi), %xmm10\n movdqu 304(%rdi), %xmm11\n"
    "  movdqu 320(%rdi), %xmm12\n movdqu 336(%rdi), %xmm13\n movdqu 352(%rdi), %xmm14\n movdqu 368(%rdi), %xmm15\n"
    "  mov 0(%rdi), %rax\n mov 8(%rdi), %rbx\n mov 16(%rdi), %rcx\n mov 24(%rdi), %rdx\n mov 32(%rdi), %rsi\n"
    "  mov 48(%rdi), %r8\n mov 56(%rdi), %r9\n mov 64(%rdi), %r10\n mov 72(%rdi), %r11\n mov 80(%rdi), %r12\n"
    "  mov 88(%rdi), %r13\n mov 96(%rdi), %r14\n mov 104(%rdi), %r15\n mov 40(%rdi), %rdi\n"
    "  stc\n"
    "1:\n dec %rbp\n jnz 1b\n"
    "  push %rdi\n"
    "  mov 8(%rsp), %rdi\n"
    "  mov %rax, 0(%rdi)\n"
    "  setc %al\n movzbl %al, %eax\n mov %rax, 112(%rdi)\n"
    "  mov %rbx, 8(%rdi)\n mov %rcx, 16(%rdi)\n mov %rdx, 24(%rdi)\n mov %rsi, 32(%rdi)\n popq 40(%rdi)\n"
    "  mov %r8, 48(%rdi)\n mov %r9, 56(%rdi)\n mov %r10, 64(%rdi)\n mov %r11, 72(%rdi)\n mov %r12, 80(%rdi)\n"
    "  mov %r13, 88(%rdi)\n mov %r14, 96(%rdi)\n mov %r15, 104(%rdi)\n"
    "  movdqu %xmm0, 128(%rdi)\n movdqu %xmm1, 144(%rdi)\n movdqu %xmm2, 160(%rdi)\n movdqu %xmm3, 176(%rdi)\n"
    "  movdqu %xmm4, 192(%rdi)\n movdqu %xmm5, 208(%rdi)\n movdqu %xmm6, 224(%rdi)\n movdqu %xmm7, 240(%rdi)\n"
    "  movdqu %xmm8, 256(%rdi)\n movdqu %xmm9, 272(%rdi)\n movdqu %xmm10, 288(%rdi)\n movdqu %xmm11, 304(%rdi)\n"
    "  movdqu %xmm12, 320(%rdi)\n movdqu %xmm13, 336(%rdi)\n movdqu %xmm14, 352(%rdi)\n movdqu %xmm15, 368(%rdi)\n"
    "  add $8, %rsp\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "  ret\n");

enum { kValues = 48, kCarrySlot = 14, kUnusedSlot = 15, kChunkIterations = 1 << 20, kWantedSwitches = 40 };
enum { kMaxChunks = 1 << 13 };

static volatile uint64_t other_chunks = 0;  // chunks the other soaker finished
static volatile int soak_done = 0;

// One soak of kChunkIterations with values from seed; the index of the first slot that came back
// wrong, or -1.
static int soak_chunk(uint64_t seed) {
  uint64_t values[kValues], out[kValues];
  for (int i = 0; i < kValues; ++i) values[i] = seed ^ (0x9E3779B97F4A7C15ull * (uint64_t)(i + 1));
  values[kCarrySlot] = 1;
  values[kUnusedSlot] = out[kUnusedSlot] = 0;
  soak(values, out, kChunkIterations);
  for (int i = 0; i < kValues; ++i) {
    if (out[i] != values[i]) return i;
  }
  return -1;
}

static void* other_soaker(void* argument) {
  int* bad_slot = argument;
  for (uint64_t round = 0; !soak_done && *bad_slot < 0; ++round) {
    *bad_slot = soak_chunk(0xABCDEF0123456789ull + round);
    ++other_chunks;
  }
  return NULL;
}

static void check_registers_survive_preemption(void) {
  int other_bad = -1;
  pthread_t other;
  CHECK(pthread_create(&other, NULL, other_soaker, &other_bad) == 0);
  int switches = 0, chunks = 0;
  while (switches < kWantedSwitches && chunks < kMaxChunks) {
    uint64_t before = other_chunks;
    int bad = soak_chunk(0x1122334455667788ull * (uint64_t)(chunks + 1));
    if (bad >= 0) {
      printf("preemption: slot %d of the main soaker changed across a preemption\n", bad);
      exit(1);
    }
    if (other_chunks != before) ++switches;
    ++chunks;
  }
  soak_done = 1;
  CHECK(pthread_join(other, NULL) == 0);
  if (other_bad >= 0) {
    printf("preemption: slot %d of the other soaker changed across a preemption\n", other_bad);
    exit(1);
  }
  CHECK(switches >= kWantedSwitches);
  CHECK(other_chunks > 0);
  printf("preemption: registers intact over %d chunks, the other thread ran during %d of them\n", chunks,
         switches);
}

int main(void) {
  pthread_t setter;
  CHECK(pthread_create(&setter, NULL, set_flag, NULL) == 0);
  CHECK(spin_until(&flag_set_by_other));
  CHECK(pthread_join(setter, NULL) == 0);
  printf("preemption: a spinning thread let another set its flag\n");

  struct sigaction action = {0};
  action.sa_handler = on_usr1;
  CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
  int handled = -1;
  pthread_t spinner;
  CHECK(pthread_create(&spinner, NULL, spin_for_signal, &handled) == 0);
  CHECK(spin_until(&spinner_ready));
  CHECK(syscall(SYS_tgkill, getpid(), spinner_tid, SIGUSR1) == 0);
  CHECK(spin_until(&handler_ran));  // the spinner gets the CPU, and its handler, by preemption only
  CHECK(pthread_join(spinner, NULL) == 0);
  CHECK(handled == 1);
  printf("preemption: a signal reached a thread spinning without syscalls\n");

  check_registers_survive_preemption();
  printf("preemption: all checks passed\n");
  return 0;
}
