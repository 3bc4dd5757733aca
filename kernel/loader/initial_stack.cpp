#include "loader/initial_stack.h"

#include "arch/x86_64/cpu_setup.h"
#include "lib/print.h"
#include "lib/string.h"
#include "loader/stack_layout.h"
#include "process/workload.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

// Auxiliary vector types (include/uapi/linux/auxvec.h).
constexpr uint64_t kAtNull = 0, kAtPhdr = 3, kAtPhent = 4, kAtPhnum = 5, kAtPagesz = 6, kAtBase = 7,
                   kAtFlags = 8, kAtEntry = 9, kAtUid = 11, kAtEuid = 12, kAtGid = 13, kAtEgid = 14,
                   kAtPlatform = 15, kAtHwcap = 16, kAtClktck = 17, kAtSecure = 23, kAtRandom = 25,
                   kAtExecfn = 31;
constexpr uint64_t kClockTicksPerSecond = 100;
constexpr uint64_t kMaxWords = 1 + (ProgramArguments::kMaxArgs + 1) + (confwl::abi::kBootConfigMaxEnv + 1) + 2 * kAuxPairs;

uint64_t words[kMaxWords];

class StackWriter {
 public:
  explicit StackWriter(uint64_t top) : cursor_(top) {}

  uint64_t push(const void* data, uint64_t size) {
    cursor_ -= size;
    // load_program checked that the state fits and mapped its pages: a failure is a kernel bug.
    if (cursor_ < kStackBottom || !copy_to_user(cursor_, data, size).ok()) {
      panic("the start state does not fit the stack pages mapped for it");
    }
    return cursor_;
  }
  uint64_t push_string(const char* string) { return push(string, strlen(string) + 1); }
  uint64_t cursor() const { return cursor_; }

 private:
  uint64_t cursor_;
};

}  // namespace

uint64_t build_initial_stack(const ProgramArguments& arguments, const LoadPlan& plan) {
  StackWriter stack(kStackTop);
  uint64_t random_bytes[kRandomBytes / sizeof(uint64_t)] = {x86::random_u64(), x86::random_u64()};
  uint64_t random_address = stack.push(random_bytes, sizeof random_bytes);
  uint64_t platform = stack.push_string(kPlatformString);

  size_t count = 0;
  words[count++] = arguments.argc;
  size_t argv_index = count;
  count += arguments.argc;
  words[count++] = 0;
  size_t envp_index = count;
  count += arguments.envc;
  words[count++] = 0;
  for (uint32_t i = arguments.envc; i > 0; --i) words[envp_index + i - 1] = stack.push_string(arguments.envp[i - 1]);
  for (uint32_t i = arguments.argc; i > 0; --i) words[argv_index + i - 1] = stack.push_string(arguments.argv[i - 1]);

  const uint64_t auxv[kAuxPairs][2] = {
      {kAtPhdr, plan.program_headers}, {kAtPhent, 56}, {kAtPhnum, plan.program_header_count},
      {kAtPagesz, 4096}, {kAtBase, 0}, {kAtFlags, 0}, {kAtEntry, plan.entry}, {kAtUid, 0}, {kAtEuid, 0},
      {kAtGid, 0}, {kAtEgid, 0}, {kAtSecure, 0}, {kAtRandom, random_address},
      {kAtHwcap, x86::hardware_capabilities()}, {kAtClktck, kClockTicksPerSecond}, {kAtPlatform, platform},
      {kAtExecfn, words[argv_index]}, {kAtNull, 0}};
  for (const auto& pair : auxv) {
    words[count++] = pair[0];
    words[count++] = pair[1];
  }

  // The loader mapped the pages from this %rsp up (stack_layout.h); the alignment padding lies
  // between the vectors and the strings.
  uint64_t rsp = initial_stack_pointer(arguments, kStackTop);
  if (count != start_vector_words(arguments) || rsp + count * sizeof(uint64_t) > stack.cursor()) {
    panic("the start state does not match its layout");
  }
  StackWriter vectors(rsp + count * sizeof(uint64_t));
  vectors.push(words, count * sizeof(uint64_t));
  return rsp;
}

}  // namespace kernel
