#include "fs/file_table.h"

#include "fs/pipe.h"
#include "fs/tmpfs.h"
#include "lib/print.h"
#include "preset/subsystems.h"
#include "process/process.h"

namespace kernel {
namespace {

constexpr size_t kMaxOpenFiles = 512;

OpenFile open_files[kMaxOpenFiles];

Descriptor* current_descriptors() { return current_process().descriptors.entries; }

Result<OpenFile*> new_description(uint32_t node_index, uint32_t flags) {
  for (OpenFile& file : open_files) {
    if (file.references == 0) {
      file = OpenFile{1, node_index, flags, 0};
      ++node(node_index).open_count;
      return &file;
    }
  }
  return Errno::kTooManyFiles;
}

void release(OpenFile* file) {
  if (--file->references > 0) return;
  Node& target = node(file->node);
  // Pipes and tmp files exist only in kernels with their subsystems (preset/subsystems.h).
  if constexpr (kPresetHasProcesses) {
    if (target.kind == NodeKind::kPipe) {
      --target.open_count;
      pipe_end_closed(file->node, file->writable());  // the last end frees the pipe and its node
      return;
    }
  }
  // A tmp file removed while open is freed with its last description.
  if (--target.open_count == 0 && target.kind == NodeKind::kTmpFile && target.parent == kMaxNodes) {
    if constexpr (kPresetHasFiles) tmpfs_release(target);
    remove_node(file->node);
  }
}

Result<int> lowest_free(int minimum) {
  Descriptor* descriptors = current_descriptors();
  for (int fd = minimum; fd < kMaxDescriptors; ++fd) {
    if (descriptors[fd].file == nullptr) return fd;
  }
  return Errno::kTooManyOpen;
}

}  // namespace

void init_descriptors() {
  auto dev = find_child(kRootNode, "dev", 3);
  auto console = dev.ok() ? find_child(dev.value(), "console", 7) : dev;
  if (!console.ok()) panic("file tree: no /dev/console");
  for (int fd = 0; fd <= 2; ++fd) {
    uint32_t access = fd == 0 ? open_flags::kReadOnly : open_flags::kWriteOnly;
    if (!open_description(console.value(), access, false, fd).ok()) panic("file tree: cannot open the console");
  }
}

Result<int> open_description(uint32_t node_index, uint32_t flags, bool close_on_exec, int minimum) {
  int fd = TRY(lowest_free(minimum));
  OpenFile* file = TRY(new_description(node_index, flags));
  current_descriptors()[fd] = Descriptor{file, close_on_exec};
  return fd;
}

Result<OpenFile*> create_description(uint32_t node_index, uint32_t flags) { return new_description(node_index, flags); }

Result<int> install_description(OpenFile* file, bool close_on_exec, int minimum) {
  int fd = TRY(lowest_free(minimum));
  current_descriptors()[fd] = Descriptor{file, close_on_exec};
  return fd;
}

void release_description(OpenFile* file) { release(file); }

void copy_descriptors(const DescriptorTable& parent, DescriptorTable& child) {
  for (int fd = 0; fd < kMaxDescriptors; ++fd) {
    child.entries[fd] = parent.entries[fd];
    if (child.entries[fd].file != nullptr) ++child.entries[fd].file->references;
  }
}

void close_on_exec_descriptors(DescriptorTable& table) {
  for (Descriptor& descriptor : table.entries) {
    if (descriptor.file == nullptr || !descriptor.close_on_exec) continue;
    release(descriptor.file);
    descriptor = Descriptor{nullptr, false};
  }
}

void close_all_descriptors(DescriptorTable& table) {
  for (Descriptor& descriptor : table.entries) {
    if (descriptor.file == nullptr) continue;
    release(descriptor.file);
    descriptor = Descriptor{nullptr, false};
  }
}

Result<OpenFile*> lookup_descriptor(uint64_t fd) {
  Descriptor* descriptors = current_descriptors();
  if (fd >= static_cast<uint64_t>(kMaxDescriptors) || descriptors[fd].file == nullptr) return Errno::kBadFd;
  return descriptors[fd].file;
}

Status close_descriptor(uint64_t fd) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  current_descriptors()[fd] = Descriptor{nullptr, false};
  release(file);
  return kOk;
}

Result<int> duplicate_descriptor(uint64_t fd, int target, int minimum, bool close_on_exec) {
  OpenFile* file = TRY(lookup_descriptor(fd));
  Descriptor* descriptors = current_descriptors();
  if (target < 0) {
    target = TRY(lowest_free(minimum));
  } else if (descriptors[target].file != nullptr) {
    if (descriptors[target].file == file) {
      descriptors[target].close_on_exec = close_on_exec;
      return target;
    }
    release(descriptors[target].file);
  }
  ++file->references;
  descriptors[target] = Descriptor{file, close_on_exec};
  return target;
}

Result<bool> close_on_exec(uint64_t fd) {
  (void)TRY(lookup_descriptor(fd));
  return current_descriptors()[fd].close_on_exec;
}

Status set_close_on_exec(uint64_t fd, bool value) {
  (void)TRY(lookup_descriptor(fd));
  current_descriptors()[fd].close_on_exec = value;
  return kOk;
}

}  // namespace kernel
