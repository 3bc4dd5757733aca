// Linux errno values the kernel returns to the workload (asm-generic/errno-base.h, errno.h).
#pragma once

namespace kernel {

enum class Errno : int {
  kPerm = 1,
  kNoEntry = 2,
  kSearch = 3,
  kInterrupted = 4,
  kIo = 5,
  kArgumentsTooLong = 7,  // E2BIG
  kBadFd = 9,
  kNoChild = 10,
  kAgain = 11,
  kNoMemory = 12,
  kAccess = 13,
  kFault = 14,
  kBusy = 16,
  kExists = 17,
  kNoDevice = 19,
  kNotDirectory = 20,
  kIsDirectory = 21,
  kInvalid = 22,
  kTooManyFiles = 23,  // ENFILE: the kernel's open-file table is full
  kTooManyOpen = 24,   // EMFILE: the process's descriptor table is full
  kNotTty = 25,
  kFileTooBig = 27,
  kNoSpace = 28,
  kIllegalSeek = 29,
  kReadOnly = 30,
  kBrokenPipe = 32,
  kRange = 34,
  kNameTooLong = 36,
  kNoSys = 38,
  kNotEmpty = 39,
  kLoop = 40,
  kNotSupported = 95,
  kTimedOut = 110,
};

constexpr long negated(Errno error) { return -static_cast<long>(error); }

}  // namespace kernel
