#include "confwl/vmm/guest_report.h"

#include <confwl/hex.h>

#include <array>
#include <utility>

namespace confwl::vmm {
namespace {


// Syscalls a static program is likely to try and a small kernel may not implement.
constexpr std::pair<uint32_t, const char*> kSyscallNames[] = {
    {0, "read"},          {1, "write"},          {2, "open"},          {3, "close"},
    {4, "stat"},          {5, "fstat"},          {7, "poll"},          {8, "lseek"},
    {9, "mmap"},          {10, "mprotect"},      {11, "munmap"},       {12, "brk"},
    {13, "rt_sigaction"}, {14, "rt_sigprocmask"}, {15, "rt_sigreturn"}, {16, "ioctl"},
    {17, "pread64"},      {19, "readv"},         {20, "writev"},       {21, "access"},
    {22, "pipe"},         {24, "sched_yield"},   {25, "mremap"},       {28, "madvise"},
    {32, "dup"},          {33, "dup2"},          {35, "nanosleep"},    {39, "getpid"},
    {41, "socket"},       {42, "connect"},       {56, "clone"},        {57, "fork"},
    {59, "execve"},       {60, "exit"},          {61, "wait4"},        {62, "kill"},
    {63, "uname"},        {72, "fcntl"},         {78, "getdents"},     {79, "getcwd"},
    {89, "readlink"},     {96, "gettimeofday"},  {97, "getrlimit"},    {99, "sysinfo"},
    {102, "getuid"},      {104, "getgid"},       {107, "geteuid"},     {108, "getegid"},
    {110, "getppid"},     {131, "sigaltstack"},  {157, "prctl"},       {158, "arch_prctl"},  {163, "acct"},
    {186, "gettid"},      {200, "tkill"},        {201, "time"},        {202, "futex"},
    {217, "getdents64"},  {218, "set_tid_address"}, {228, "clock_gettime"}, {230, "clock_nanosleep"},
    {231, "exit_group"},  {234, "tgkill"},       {257, "openat"},      {262, "newfstatat"},
    {273, "set_robust_list"}, {293, "pipe2"},    {302, "prlimit64"},   {318, "getrandom"},
    {332, "statx"},       {334, "rseq"},         {435, "clone3"},
};

}  // namespace

const char* exception_name(uint32_t vector) {
  static constexpr std::array<const char*, 22> kNames = {
      "divide error", "debug", "non-maskable interrupt", "breakpoint", "overflow",
      "bound range exceeded", "invalid opcode", "device not available", "double fault",
      "coprocessor segment overrun", "invalid TSS", "segment not present", "stack fault",
      "general protection fault", "page fault", "exception", "x87 floating-point error",
      "alignment check", "machine check", "SIMD floating-point error", "virtualization exception",
      "control protection exception"};
  return vector < kNames.size() ? kNames[vector] : "exception";
}

std::string describe_crash(const abi::HostcallCrash& crash) {
  std::string text = std::string(exception_name(crash.vector)) + " (vector " +
                     std::to_string(crash.vector) + ") at rip " + hex_number(crash.rip);
  if (crash.vector == 14) text += ", address " + hex_number(crash.fault_address);
  return text + ", error " + hex_number(crash.error_code);
}

const char* syscall_name(uint32_t number) {
  for (const auto& [known, name] : kSyscallNames) {
    if (known == number) return name;
  }
  return nullptr;
}

std::string describe_syscall_counts(const std::map<uint32_t, uint64_t>& counts) {
  std::string text;
  for (const auto& [number, calls] : counts) {
    if (!text.empty()) text += ", ";
    const char* name = syscall_name(number);
    text += name ? std::string(name) + " (" + std::to_string(number) + ")" : std::to_string(number);
    text += " x" + std::to_string(calls);
  }
  return text;
}

}  // namespace confwl::vmm
