// Open file descriptions (what open() creates: node, offset, status flags), shared by every
// descriptor (dup, fork) that refers to them, and each process's descriptor table (fd ->
// description, plus close-on-exec). pid 1's fds 0, 1, 2 start on the console.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "fs/node.h"
#include "lib/result.h"

namespace kernel {

// Linux open(2) flags (include/uapi/asm-generic/fcntl.h).
namespace open_flags {
inline constexpr uint32_t kAccessMode = 03;
inline constexpr uint32_t kReadOnly = 0;
inline constexpr uint32_t kWriteOnly = 01;
inline constexpr uint32_t kReadWrite = 02;
inline constexpr uint32_t kCreate = 0100;
inline constexpr uint32_t kExclusive = 0200;
inline constexpr uint32_t kNoControllingTty = 0400;
inline constexpr uint32_t kTruncate = 01000;
inline constexpr uint32_t kAppend = 02000;
inline constexpr uint32_t kNonBlocking = 04000;
inline constexpr uint32_t kLargeFile = 0100000;
inline constexpr uint32_t kDirectory = 0200000;
inline constexpr uint32_t kNoFollow = 0400000;
inline constexpr uint32_t kCloseOnExec = 02000000;
inline constexpr uint32_t kPath = 010000000;
inline constexpr uint32_t kTmpFile = 020000000;
}  // namespace open_flags

struct OpenFile {
  uint32_t references;  // descriptors pointing here; 0 = free slot
  uint32_t node;
  uint32_t flags;       // open flags minus O_CREAT/O_EXCL/O_TRUNC/O_CLOEXEC
  uint64_t offset;      // bytes, or the next node index for a directory being listed

  bool readable() const { return (flags & open_flags::kAccessMode) != open_flags::kWriteOnly && !(flags & open_flags::kPath); }
  bool writable() const { return (flags & open_flags::kAccessMode) != open_flags::kReadOnly && !(flags & open_flags::kPath); }
};

inline constexpr int kMaxDescriptors = 256;

struct Descriptor {
  OpenFile* file;
  bool close_on_exec;
};

// One process's descriptors (process/process.h holds it); the functions below act on the
// current process's table.
struct DescriptorTable {
  Descriptor entries[kMaxDescriptors];
};

// Opens 0, 1, 2 on /dev/console.
void init_descriptors();

// fork: the child's table refers to the same descriptions as the parent's.
void copy_descriptors(const DescriptorTable& parent, DescriptorTable& child);
// execve: closes the close-on-exec descriptors.
void close_on_exec_descriptors(DescriptorTable& table);
// A process's end: closes every descriptor.
void close_all_descriptors(DescriptorTable& table);
// A new description on node (ENFILE when the table is full), not bound to any fd yet: the
// caller installs it with install_description or drops it with release_description.
Result<OpenFile*> create_description(uint32_t node_index, uint32_t flags);
Result<int> install_description(OpenFile* file, bool close_on_exec, int minimum = 0);
void release_description(OpenFile* file);

// A new description on node (ENFILE when the table is full) bound to the lowest free fd >= minimum
// (EMFILE when there is none).
Result<int> open_description(uint32_t node_index, uint32_t flags, bool close_on_exec, int minimum = 0);
// EBADF unless fd is open.
Result<OpenFile*> lookup_descriptor(uint64_t fd);
Status close_descriptor(uint64_t fd);
// dup/dup2/dup3/F_DUPFD: target < 0 means the lowest free fd >= minimum.
Result<int> duplicate_descriptor(uint64_t fd, int target, int minimum, bool close_on_exec);
Result<bool> close_on_exec(uint64_t fd);
Status set_close_on_exec(uint64_t fd, bool value);

}  // namespace kernel
