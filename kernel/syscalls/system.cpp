// getrandom, prlimit64, umask: what a process asks of the system beyond files and memory.
// Randomness comes from RDRAND only (never from the host); limits are fixed by the sealed image.
#include "arch/x86_64/cpu_setup.h"
#include "fs/file_table.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "process/process.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

constexpr uint64_t kGrndNonBlock = 1, kGrndRandom = 2, kGrndInsecure = 4;
constexpr uint64_t kMaxRandomRequest = (1u << 25) - 1;  // Linux caps one getrandom call at 32 MiB - 1
constexpr uint64_t kResourceCount = 16;                   // RLIM_NLIMITS
constexpr uint64_t kResourceStack = 3, kResourceOpenFiles = 7;
constexpr uint64_t kInfinity = ~0ull;                     // RLIM_INFINITY

struct Rlimit {
  uint64_t current;
  uint64_t maximum;
};

long fill_random(uint64_t user_buffer, uint64_t size) {
  uint8_t chunk[256];
  uint64_t done = 0;
  while (done < size) {
    uint64_t count = size - done < sizeof chunk ? size - done : sizeof chunk;
    for (uint64_t i = 0; i < count; i += 8) {
      uint64_t value = x86::random_u64();
      memcpy(chunk + i, &value, count - i < 8 ? count - i : 8);
    }
    if (!copy_to_user(user_buffer + done, chunk, count).ok()) {
      return done > 0 ? static_cast<long>(done) : negated(Errno::kFault);
    }
    done += count;
  }
  return static_cast<long>(done);
}

Rlimit limit_of(uint64_t resource) {
  if (resource == kResourceStack) return {kStackSize, kStackSize};
  if (resource == kResourceOpenFiles) return {kMaxDescriptors, kMaxDescriptors};
  return {kInfinity, kInfinity};
}

}  // namespace

long getrandom(const uint64_t* a) {
  if ((a[2] & ~(kGrndNonBlock | kGrndRandom | kGrndInsecure)) != 0) return negated(Errno::kInvalid);
  if ((a[2] & (kGrndRandom | kGrndInsecure)) == (kGrndRandom | kGrndInsecure)) return negated(Errno::kInvalid);
  return fill_random(a[0], a[1] < kMaxRandomRequest ? a[1] : kMaxRandomRequest);
}

long prlimit64(const uint64_t* a) {
  uint64_t pid = a[0], resource = a[1], new_limit = a[2], old_limit = a[3];
  if (pid != 0 && find_process(static_cast<uint32_t>(pid)) == nullptr) return negated(Errno::kSearch);
  if (resource >= kResourceCount) return negated(Errno::kInvalid);
  if (old_limit != 0) {
    Rlimit current = limit_of(resource);
    if (!copy_to_user(old_limit, &current, sizeof current).ok()) return negated(Errno::kFault);
  }
  // The limits are part of the sealed image: a workload may read them, not raise or lower them.
  return new_limit != 0 ? negated(Errno::kPerm) : 0;
}

long umask(const uint64_t* a) {
  uint32_t& mask = current_process().file_creation_mask;
  uint32_t previous = mask;
  mask = static_cast<uint32_t>(a[0]) & 0777;
  return previous;
}

}  // namespace kernel::syscalls
