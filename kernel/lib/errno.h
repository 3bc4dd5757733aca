// Linux errno values the kernel returns to the workload (asm-generic/errno-base.h, errno.h).
#pragma once

namespace kernel {

enum class Errno : int {
  kPerm = 1,
  kNoEntry = 2,
  kSearch = 3,
  kInterrupted = 4,
  kIo = 5,
  kBadFd = 9,
  kNoMemory = 12,
  kAccess = 13,
  kFault = 14,
  kExists = 17,
  kNoDevice = 19,
  kInvalid = 22,
  kNotTty = 25,
  kRange = 34,
  kNoSys = 38,
};

constexpr long negated(Errno error) { return -static_cast<long>(error); }

}  // namespace kernel
