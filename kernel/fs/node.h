// The file tree the workload sees: one table of nodes for the sealed files (read-only, pointing
// into the measured archive), the fixed device and /proc nodes, and the RAM files of /tmp.
// Directories hold no child lists: a child names its parent, and a directory is listed by
// scanning the table (archives are small; the table is bounded).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "boot/boot_config.h"
#include "lib/result.h"

namespace kernel {

enum class NodeKind : uint8_t {
  kDirectory,
  kSealedFile,  // bytes in the archive, read-only
  kSelfExe,     // /proc/self/exe: the workload's sealed ELF, read-only
  kDevice,
  kTmpFile,     // bytes in RAM pages, counted against tmpfs_size
  kPipe,        // an unnamed pipe (fs/pipe.h), in no directory; tmp_file is its pipe slot
};

enum class Device : uint8_t { kNone, kConsole, kNull, kZero, kRandom, kReportData, kReport };

struct Node {
  NodeKind kind;
  Device device;
  bool in_use;
  bool writable_directory;  // /tmp: files may be created and removed in it
  uint32_t mode;            // st_mode
  uint32_t parent;          // index of the parent directory (the root is its own parent)
  const char* name;         // not NUL-terminated; name_length bytes
  uint32_t name_length;
  const uint8_t* data;      // kSealedFile, kSelfExe
  uint64_t size;            // bytes of content
  uint32_t tmp_file;        // kTmpFile: its slot in tmpfs
  uint32_t open_count;      // open file descriptions on it (a removed tmp file lives until 0)
};

inline constexpr uint32_t kRootNode = 0;
inline constexpr size_t kMaxNodes = 2048;

// The tree is built in steps, each by the subsystem it belongs to (kernel/boot/main.cpp):
// / and /dev/console, which every kernel has (fds 0-2 are the console).
void init_console_tree();
// /dev/attestation/{user_report_data,report} (the attestation subsystem).
void init_attestation_nodes();
// The files subsystem: /dev/{null,zero,urandom,random}, /proc/self/exe, /tmp if tmpfs_size > 0, then
// every member of the sealed archive. Panics on a bad archive or a member that collides with a
// fixed path (the image is refused, not guessed at).
void init_file_tree(const BootConfig& config);

Node& node(uint32_t index);
uint64_t inode_number(uint32_t index);

// Looks name up in the directory; ENOENT if absent.
Result<uint32_t> find_child(uint32_t directory, const char* name, size_t length);
// The first child at or after table index start; kMaxNodes when there is none.
uint32_t next_child(uint32_t directory, uint32_t start);
// A new node in the table (ENOSPC if full); the name is copied by the caller's storage.
Result<uint32_t> add_node(const Node& value);
void remove_node(uint32_t index);

}  // namespace kernel
