// Signal handlers: a handler runs on raise() and the interrupted code goes on with every register
// and its SSE/x87 state intact; SA_SIGINFO's fields; the mask during a handler and after
// sigreturn; SA_NODEFER; a signal raised inside a handler waits for it; SIG_IGN (also discarding
// a pending one); SA_RESETHAND; sigaltstack with SA_ONSTACK; rt_sigpending; sigtimedwait; a signal
// from another thread ends sigsuspend and nanosleep with EINTR, and a pipe read with EINTR or,
// with SA_RESTART, restarts it; a SIGTERM handler; SIGSEGV and
// SIGILL handlers that fix the fault or step over it, with every register back afterwards.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t handled = 0;
static volatile int order[4];
static volatile int order_count = 0;

static uint64_t now_ns(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (uint64_t)time.tv_sec * 1000000000u + (uint64_t)time.tv_nsec;
}

static void install(int signal, void (*handler)(int), int flags, const sigset_t* mask) {
  struct sigaction action = {0};
  action.sa_handler = handler;
  action.sa_flags = flags;
  if (mask != NULL) action.sa_mask = *mask;
  CHECK(sigaction(signal, &action, NULL) == 0);
}

static sigset_t current_mask(void) {
  sigset_t mask;
  CHECK(sigprocmask(SIG_BLOCK, NULL, &mask) == 0);
  return mask;
}

// --- registers and vector state survive a handler ---------------------------------------------

static void trashing_handler(int signal) {
  (void)signal;
  // Every vector register, MXCSR (round toward zero) and the x87 control word change here.
  uint32_t mxcsr = 0x7F80;
  uint16_t fcw = 0x0C7F;
  __asm__ volatile("ldmxcsr %0\n fldcw %1\n pcmpeqd %%xmm0, %%xmm0\n pcmpeqd %%xmm1, %%xmm1\n"
                   "pcmpeqd %%xmm7, %%xmm7\n pcmpeqd %%xmm8, %%xmm8\n pcmpeqd %%xmm15, %%xmm15\n"
                   : : "m"(mxcsr), "m"(fcw) : "xmm0", "xmm1", "xmm7", "xmm8", "xmm15");
  ++handled;
}

struct RegisterCheck {
  uint64_t pattern[32];   // loaded into xmm0..xmm15 before the syscall
  uint64_t vectors[32];   // xmm0..xmm15 after it
  uint64_t general[10];   // rdi rsi rdx r10 r8 r9 r12 r13 r14 r15 after it
  uint32_t mxcsr;
  uint16_t fcw;
};

static void check_registers_survive_handler(void) {
  install(SIGUSR1, trashing_handler, 0, NULL);
  static struct RegisterCheck data;
  for (int i = 0; i < 32; ++i) data.pattern[i] = 0x0101010101010101ull * (uint64_t)(i + 1);
  long result;
  handled = 0;
  __asm__ volatile(
      "movdqu 0(%%rbx), %%xmm0\n movdqu 16(%%rbx), %%xmm1\n movdqu 32(%%rbx), %%xmm2\n movdqu 48(%%rbx), %%xmm3\n"
      "movdqu 64(%%rbx), %%xmm4\n movdqu 80(%%rbx), %%xmm5\n movdqu 96(%%rbx), %%xmm6\n movdqu 112(%%rbx), %%xmm7\n"
      "movdqu 128(%%rbx), %%xmm8\n movdqu 144(%%rbx), %%xmm9\n movdqu 160(%%rbx), %%xmm10\n movdqu 176(%%rbx), %%xmm11\n"
      "movdqu 192(%%rbx), %%xmm12\n movdqu 208(%%rbx), %%xmm13\n movdqu 224(%%rbx), %%xmm14\n movdqu 240(%%rbx), %%xmm15\n"
      "mov $0x1010, %%r10\n mov $0x8888, %%r8\n mov $0x9999, %%r9\n"
      "mov $0x1212, %%r12\n mov $0x1313, %%r13\n mov $0x1414, %%r14\n mov $0x1515, %%r15\n"
      "syscall\n"
      "movdqu %%xmm0, 256(%%rbx)\n movdqu %%xmm1, 272(%%rbx)\n movdqu %%xmm2, 288(%%rbx)\n movdqu %%xmm3, 304(%%rbx)\n"
      "movdqu %%xmm4, 320(%%rbx)\n movdqu %%xmm5, 336(%%rbx)\n movdqu %%xmm6, 352(%%rbx)\n movdqu %%xmm7, 368(%%rbx)\n"
      "movdqu %%xmm8, 384(%%rbx)\n movdqu %%xmm9, 400(%%rbx)\n movdqu %%xmm10, 416(%%rbx)\n movdqu %%xmm11, 432(%%rbx)\n"
      "movdqu %%xmm12, 448(%%rbx)\n movdqu %%xmm13, 464(%%rbx)\n movdqu %%xmm14, 480(%%rbx)\n movdqu %%xmm15, 496(%%rbx)\n"
      "mov %%rdi, 512(%%rbx)\n mov %%rsi, 520(%%rbx)\n mov %%rdx, 528(%%rbx)\n mov %%r10, 536(%%rbx)\n"
      "mov %%r8, 544(%%rbx)\n mov %%r9, 552(%%rbx)\n mov %%r12, 560(%%rbx)\n mov %%r13, 568(%%rbx)\n"
      "mov %%r14, 576(%%rbx)\n mov %%r15, 584(%%rbx)\n stmxcsr 592(%%rbx)\n fnstcw 596(%%rbx)\n"
      : "=a"(result)
      : "a"((long)SYS_tgkill), "D"((long)getpid()), "S"((long)syscall(SYS_gettid)), "d"((long)SIGUSR1), "b"(&data)
      : "rcx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
        "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
  CHECK(result == 0);
  CHECK(handled == 1);
  for (int i = 0; i < 32; ++i) CHECK(data.vectors[i] == data.pattern[i]);
  CHECK(data.general[0] == (uint64_t)getpid());
  CHECK(data.general[2] == SIGUSR1);
  CHECK(data.general[3] == 0x1010 && data.general[4] == 0x8888 && data.general[5] == 0x9999);
  CHECK(data.general[6] == 0x1212 && data.general[7] == 0x1313 && data.general[8] == 0x1414 && data.general[9] == 0x1515);
  CHECK(data.mxcsr == 0x1F80);
  CHECK(data.fcw == 0x037F);
}

// --- SA_SIGINFO -------------------------------------------------------------------------------

static siginfo_t seen_info;
static int seen_signal;
static uintptr_t seen_rip;

static void info_handler(int signal, siginfo_t* info, void* context) {
  seen_signal = signal;
  seen_info = *info;
  seen_rip = (uintptr_t)((ucontext_t*)context)->uc_mcontext.gregs[REG_RIP];
}

static void check_siginfo(void) {
  struct sigaction action = {0};
  action.sa_sigaction = info_handler;
  action.sa_flags = SA_SIGINFO;
  CHECK(sigaction(SIGUSR2, &action, NULL) == 0);
  CHECK(raise(SIGUSR2) == 0);
  CHECK(seen_signal == SIGUSR2);
  CHECK(seen_info.si_signo == SIGUSR2);
  CHECK(seen_info.si_code == SI_TKILL);
  CHECK(seen_info.si_pid == getpid());
  CHECK(seen_info.si_uid == 0);
  CHECK(seen_rip != 0 && seen_rip < 0x800000000000ull);
}

// --- masks --------------------------------------------------------------------------------------

static sigset_t mask_in_handler;

static void record_order(int signal) {
  order[order_count++] = signal;
  if (signal == SIGUSR1 && order_count == 1) {
    mask_in_handler = current_mask();
    CHECK(raise(SIGUSR2) == 0);  // blocked by sa_mask: runs only after this handler returns
    sigset_t pending;
    CHECK(sigpending(&pending) == 0);
    CHECK(sigismember(&pending, SIGUSR2));
    CHECK(order_count == 1);
  }
}

static void record_mask(int signal) {
  (void)signal;
  mask_in_handler = current_mask();
}

static void check_masks(void) {
  sigset_t extra;
  sigemptyset(&extra);
  sigaddset(&extra, SIGUSR2);
  install(SIGUSR1, record_order, 0, &extra);
  install(SIGUSR2, record_order, 0, NULL);
  sigset_t before = current_mask();
  order_count = 0;
  CHECK(raise(SIGUSR1) == 0);
  CHECK(order_count == 2 && order[0] == SIGUSR1 && order[1] == SIGUSR2);
  CHECK(sigismember(&mask_in_handler, SIGUSR1));
  CHECK(sigismember(&mask_in_handler, SIGUSR2));
  sigset_t after = current_mask();
  CHECK(sigismember(&after, SIGUSR1) == sigismember(&before, SIGUSR1));
  CHECK(!sigismember(&after, SIGUSR2));

  install(SIGUSR1, record_mask, SA_NODEFER, NULL);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(!sigismember(&mask_in_handler, SIGUSR1));
}

// --- blocking, pending, ignoring, one-shot handlers -----------------------------------------------

static void count_handler(int signal) {
  (void)signal;
  ++handled;
}

static void check_block_pending_ignore(void) {
  install(SIGUSR1, count_handler, 0, NULL);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  handled = 0;
  CHECK(sigprocmask(SIG_BLOCK, &usr1, NULL) == 0);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(handled == 0);
  sigset_t pending;
  CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1));
  CHECK(sigprocmask(SIG_UNBLOCK, &usr1, NULL) == 0);  // delivered before sigprocmask returns
  CHECK(handled == 1);

  CHECK(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(handled == 1);
  // Ignoring a pending signal discards it.
  install(SIGUSR1, count_handler, 0, NULL);
  CHECK(sigprocmask(SIG_BLOCK, &usr1, NULL) == 0);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
  CHECK(sigpending(&pending) == 0 && !sigismember(&pending, SIGUSR1));
  CHECK(sigprocmask(SIG_UNBLOCK, &usr1, NULL) == 0);
  CHECK(handled == 1);

  install(SIGUSR1, count_handler, SA_RESETHAND, NULL);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(handled == 2);
  struct sigaction now;
  CHECK(sigaction(SIGUSR1, NULL, &now) == 0);
  CHECK(now.sa_handler == SIG_DFL);

  CHECK_ERRNO(sigaction(SIGKILL, &now, NULL), EINVAL);
  CHECK_ERRNO(sigaction(65, NULL, &now), EINVAL);
}

// --- the alternate stack ------------------------------------------------------------------------

static char alternate[64 * 1024];
static uintptr_t handler_local;
static int altstack_flags_in_handler, altstack_change_errno;

static void stack_handler(int signal) {
  (void)signal;
  int local = 0;
  handler_local = (uintptr_t)&local;
  stack_t now;
  CHECK(sigaltstack(NULL, &now) == 0);
  altstack_flags_in_handler = now.ss_flags;
  stack_t other = {.ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 0};
  errno = 0;
  altstack_change_errno = sigaltstack(&other, NULL) == -1 ? errno : 0;
}

static void check_alternate_stack(void) {
  stack_t stack = {.ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 0};
  CHECK(sigaltstack(&stack, NULL) == 0);
  install(SIGUSR1, stack_handler, SA_ONSTACK, NULL);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(handler_local >= (uintptr_t)alternate && handler_local < (uintptr_t)alternate + sizeof alternate);
  CHECK(altstack_flags_in_handler == SS_ONSTACK);
  CHECK(altstack_change_errno == EPERM);
  stack_t now;
  CHECK(sigaltstack(NULL, &now) == 0);
  CHECK(now.ss_flags == 0 && now.ss_sp == alternate && now.ss_size == sizeof alternate);
  stack_t tiny = {.ss_sp = alternate, .ss_size = 1024, .ss_flags = 0};
  CHECK_ERRNO(sigaltstack(&tiny, NULL), ENOMEM);
  stack_t off = {.ss_flags = SS_DISABLE};
  CHECK(sigaltstack(&off, NULL) == 0);
  CHECK(sigaltstack(NULL, &now) == 0 && now.ss_flags == SS_DISABLE);
}

// --- waiting for signals ---------------------------------------------------------------------------

static pthread_t main_thread;

static void* send_later(void* argument) {
  struct timespec delay = {0, 20 * 1000 * 1000};
  nanosleep(&delay, NULL);
  CHECK(pthread_kill(main_thread, (int)(intptr_t)argument) == 0);
  return NULL;
}

static void check_waits(void) {
  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  CHECK(sigprocmask(SIG_BLOCK, &usr2, NULL) == 0);
  CHECK(raise(SIGUSR2) == 0);
  siginfo_t info;
  CHECK(sigtimedwait(&usr2, &info, NULL) == SIGUSR2 && info.si_signo == SIGUSR2 && info.si_pid == getpid());
  CHECK(info.si_code == SI_TKILL || info.si_code == SI_USER);  // glibc folds SI_TKILL into SI_USER here
  struct timespec twenty_ms = {0, 20 * 1000 * 1000};
  uint64_t start = now_ns();
  CHECK_ERRNO(sigtimedwait(&usr2, &info, &twenty_ms), EAGAIN);
  CHECK(now_ns() - start >= 20 * 1000 * 1000);
  CHECK(sigprocmask(SIG_UNBLOCK, &usr2, NULL) == 0);

  main_thread = pthread_self();
  install(SIGUSR1, count_handler, 0, NULL);
  handled = 0;
  pthread_t sender;
  CHECK(pthread_create(&sender, NULL, send_later, (void*)(intptr_t)SIGUSR1) == 0);
  sigset_t none;
  sigemptyset(&none);
  CHECK_ERRNO(sigsuspend(&none), EINTR);
  CHECK(handled == 1);
  CHECK(pthread_join(sender, NULL) == 0);

  CHECK(pthread_create(&sender, NULL, send_later, (void*)(intptr_t)SIGUSR1) == 0);
  struct timespec long_sleep = {5, 0};
  start = now_ns();
  CHECK_ERRNO(nanosleep(&long_sleep, NULL), EINTR);
  CHECK(now_ns() - start < 2000ull * 1000 * 1000);
  CHECK(handled == 2);
  CHECK(pthread_join(sender, NULL) == 0);
}

// --- faults with handlers -------------------------------------------------------------------------

static volatile unsigned char* guarded_page;
static siginfo_t fault_info;
static long fault_trap, fault_error;

static void segv_handler(int signal, siginfo_t* info, void* context) {
  (void)signal;
  fault_info = *info;
  fault_trap = ((ucontext_t*)context)->uc_mcontext.gregs[REG_TRAPNO];
  fault_error = ((ucontext_t*)context)->uc_mcontext.gregs[REG_ERR];
  ++handled;
  CHECK(mprotect((void*)guarded_page, 4096, PROT_READ | PROT_WRITE) == 0);  // the store is retried
}

static void ill_handler(int signal, siginfo_t* info, void* context) {
  (void)signal;
  (void)info;
  ++handled;
  ((ucontext_t*)context)->uc_mcontext.gregs[REG_RIP] += 2;  // over the ud2
}

static void check_fault_handlers(void) {
  guarded_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(guarded_page != MAP_FAILED);
  struct sigaction action = {0};
  action.sa_sigaction = segv_handler;
  action.sa_flags = SA_SIGINFO;
  CHECK(sigaction(SIGSEGV, &action, NULL) == 0);
  handled = 0;
  uint64_t rcx = 0, r11 = 0, rax = 0;
  // %rcx, %r11 and %rax are live across the faulting store: sigreturn must give them back too.
  __asm__ volatile("mov $0x1c1c, %%rcx\n mov $0x1b1b, %%r11\n mov $0xaaaa, %%rax\n movb $42, (%3)\n"
                   "mov %%rcx, %0\n mov %%r11, %1\n mov %%rax, %2\n"
                   : "=m"(rcx), "=m"(r11), "=m"(rax)
                   : "r"(guarded_page)
                   : "rax", "rcx", "r11", "memory");
  CHECK(handled == 1);
  CHECK(guarded_page[0] == 42);
  CHECK(rcx == 0x1c1c && r11 == 0x1b1b && rax == 0xaaaa);
  CHECK(fault_info.si_signo == SIGSEGV && fault_info.si_code == SEGV_ACCERR);
  CHECK(fault_info.si_addr == (void*)guarded_page);
  CHECK(fault_trap == 14 && (fault_error & 2));  // a page fault on a write

  action.sa_sigaction = ill_handler;
  CHECK(sigaction(SIGILL, &action, NULL) == 0);
  __asm__ volatile("ud2");
  CHECK(handled == 2);
  CHECK(munmap((void*)guarded_page, 4096) == 0);
}

// A read of an empty pipe interrupted by a handled signal: EINTR, or (SA_RESTART) the read goes
// on and gets the byte written after the signal.
static int restart_pipe[2];

static void* signal_then_write(void* argument) {
  (void)argument;
  struct timespec delay = {0, 20 * 1000 * 1000};
  nanosleep(&delay, NULL);
  CHECK(pthread_kill(main_thread, SIGUSR1) == 0);
  nanosleep(&delay, NULL);
  CHECK(write(restart_pipe[1], "r", 1) == 1);
  return NULL;
}

static void check_restart(void) {
  CHECK(pipe(restart_pipe) == 0);
  main_thread = pthread_self();
  char byte = 0;
  pthread_t sender;
  install(SIGUSR1, count_handler, 0, NULL);
  handled = 0;
  CHECK(pthread_create(&sender, NULL, signal_then_write, NULL) == 0);
  CHECK_ERRNO(read(restart_pipe[0], &byte, 1), EINTR);
  CHECK(handled == 1);
  CHECK(pthread_join(sender, NULL) == 0);
  CHECK(read(restart_pipe[0], &byte, 1) == 1 && byte == 'r');

  install(SIGUSR1, count_handler, SA_RESTART, NULL);
  byte = 0;
  CHECK(pthread_create(&sender, NULL, signal_then_write, NULL) == 0);
  CHECK(read(restart_pipe[0], &byte, 1) == 1 && byte == 'r');
  CHECK(handled == 2);
  CHECK(pthread_join(sender, NULL) == 0);
  close(restart_pipe[0]);
  close(restart_pipe[1]);
}

static void check_sigterm_handler(void) {
  install(SIGTERM, count_handler, 0, NULL);
  handled = 0;
  CHECK(raise(SIGTERM) == 0);
  CHECK(handled == 1);
  CHECK(kill(getpid(), SIGTERM) == 0);  // process-directed: this thread takes it before kill returns
  CHECK(handled == 2);
}

int main(void) {
  check_registers_survive_handler();
  check_siginfo();
  check_masks();
  check_block_pending_ignore();
  check_alternate_stack();
  check_waits();
  check_restart();
  check_sigterm_handler();
  check_fault_handlers();
  printf("signals: all checks passed\n");
  return 0;
}
