// sysinfo: uptime, memory and process count as this VM sees them (no swap, no load average:
// one vCPU whose run queue the kernel does not sample; partial).
#include "lib/errno.h"
#include "mm/physical.h"
#include "process/process.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"
#include "time/clock.h"

namespace kernel::syscalls {
namespace {

// struct sysinfo on x86-64 (include/uapi/linux/sysinfo.h): _f[] is empty with 8-byte longs.
struct [[gnu::packed]] SystemInfo {
  int64_t uptime;
  uint64_t loads[3];
  uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  uint16_t procs;
  uint16_t pad;
  uint32_t pad_to_long;
  uint64_t totalhigh, freehigh;
  uint32_t mem_unit;
  uint32_t tail_padding;
};
static_assert(sizeof(SystemInfo) == 112);
static_assert(offsetof(SystemInfo, totalram) == 32);
static_assert(offsetof(SystemInfo, procs) == 80);
static_assert(offsetof(SystemInfo, totalhigh) == 88);
static_assert(offsetof(SystemInfo, mem_unit) == 104);

uint16_t running_processes() {
  uint16_t count = 0;
  Process* slots = process_slots();
  for (uint32_t i = 0; i < kMaxProcesses; ++i) count += slots[i].state != ProcessState::kFree;
  return count;
}

}  // namespace

long sysinfo(const uint64_t* a) {
  SystemInfo info{};
  info.uptime = static_cast<int64_t>(monotonic_ns() / 1'000'000'000);
  info.totalram = frames().total_frames();
  info.freeram = frames().free_frames();
  info.procs = running_processes();
  info.mem_unit = kPageSize;
  return copy_to_user(a[0], &info, sizeof info).ok() ? 0 : negated(Errno::kFault);
}

}  // namespace kernel::syscalls
