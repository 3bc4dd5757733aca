// madvise: MADV_DONTNEED and MADV_FREE really drop anonymous pages (they read as zero again);
// hints that change nothing a program can observe are accepted; anything whose promise the
// kernel would break (MADV_WIPEONFORK: the child must not see the bytes) is EINVAL.
#include "lib/checked.h"
#include "lib/errno.h"
#include "mm/physical.h"
#include "process/workload.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

// include/uapi/asm-generic/mman-common.h
enum Advice : uint64_t {
  kNormal = 0, kRandom = 1, kSequential = 2, kWillNeed = 3, kDontNeed = 4, kFree = 8, kDontFork = 10,
  kDoFork = 11, kMergeable = 12, kUnmergeable = 13, kHugePage = 14, kNoHugePage = 15, kDontDump = 16,
  kDoDump = 17, kKeepOnFork = 19, kCold = 20, kPageOut = 21, kPopulateRead = 22, kPopulateWrite = 23,
};

// Hints with no effect a program can see here: readahead, KSM, huge pages, core dumps (there are
// none), reclaim, prefaulting (pages come on first touch), and inheritance by fork (a DONTFORK
// child getting a copy it never uses is harmless).
bool harmless_hint(uint64_t advice) {
  switch (advice) {
    case kNormal: case kRandom: case kSequential: case kWillNeed: case kDontFork: case kDoFork:
    case kMergeable: case kUnmergeable: case kHugePage: case kNoHugePage: case kDontDump: case kDoDump:
    case kKeepOnFork: case kCold: case kPageOut: case kPopulateRead: case kPopulateWrite: return true;
    default: return false;
  }
}

}  // namespace

long madvise(const uint64_t* a) {
  uint64_t start = a[0], advice = a[2], length = 0;
  if (!is_aligned(start, kPageSize) || !checked_align_up(a[1], kPageSize, &length)) return negated(Errno::kInvalid);
  if (advice != kDontNeed && advice != kFree && !harmless_hint(advice)) return negated(Errno::kInvalid);
  if (length == 0) return 0;
  if (!is_user_range(start, length)) return negated(Errno::kNoMemory);
  if (harmless_hint(advice)) return 0;
  Status dropped = workload().memory.discard(start, start + length);
  return dropped.ok() ? 0 : negated(dropped.error());
}

}  // namespace kernel::syscalls
