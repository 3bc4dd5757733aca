#include "fs/node.h"

#include "fs/cpio.h"
#include "lib/print.h"
#include "lib/string.h"
#include "mm/physical.h"

namespace kernel {
namespace {

Node nodes[kMaxNodes];

constexpr uint32_t kDirectoryMode = kModeDirectory | 0755;
constexpr uint32_t kCharacterDevice = 0020000;

uint32_t add_fixed(uint32_t parent, const char* name, NodeKind kind, uint32_t mode, Device device = Device::kNone) {
  auto added = add_node(Node{.kind = kind, .device = device, .in_use = true, .writable_directory = false, .mode = mode,
                             .parent = parent, .name = name, .name_length = static_cast<uint32_t>(strlen(name)),
                             .data = nullptr, .size = 0, .tmp_file = 0, .open_count = 0});
  if (!added.ok()) panic("file tree: no room for the fixed nodes");
  return added.value();
}

uint32_t dev_directory() {
  auto dev = find_child(kRootNode, "dev", 3);
  if (!dev.ok()) panic("file tree: no /dev");
  return dev.value();
}

// Finds or creates each directory on the member's path; the last component becomes the member.
Expected<Unit, BootError> add_member(const CpioEntry& entry) {
  uint32_t parent = kRootNode;
  uint32_t start = 0;
  for (uint32_t i = 0; i <= entry.name_length; ++i) {
    if (i < entry.name_length && entry.name[i] != '/') continue;
    const char* part = entry.name + start;
    uint32_t length = i - start;
    bool last = i == entry.name_length;
    auto existing = find_child(parent, part, length);
    if (existing.ok()) {
      const Node& found = nodes[existing.value()];
      if (last && (found.kind != NodeKind::kDirectory || (entry.mode & kModeTypeMask) != kModeDirectory)) {
        return BootError{"sealed files: a path is sealed twice"};
      }
      if (found.kind != NodeKind::kDirectory) return BootError{"sealed files: a member lies under a file"};
      parent = existing.value();
    } else {
      bool directory = !last || (entry.mode & kModeTypeMask) == kModeDirectory;
      auto added = add_node(Node{.kind = directory ? NodeKind::kDirectory : NodeKind::kSealedFile,
                                 .device = Device::kNone, .in_use = true, .writable_directory = false,
                                 .mode = directory ? (last ? entry.mode : kDirectoryMode) : entry.mode,
                                 .parent = parent, .name = part, .name_length = length,
                                 .data = directory ? nullptr : entry.data, .size = directory ? 0 : entry.size,
                                 .tmp_file = 0, .open_count = 0});
      if (!added.ok()) return BootError{"sealed files: more than 2048 files and directories"};
      parent = added.value();
    }
    start = i + 1;
  }
  return kOk;
}

bool under_reserved_directory(const CpioEntry& entry) {
  static constexpr const char* kReserved[] = {"dev", "proc", "tmp"};
  for (const char* reserved : kReserved) {
    size_t length = strlen(reserved);
    if (entry.name_length >= length && memcmp(entry.name, reserved, length) == 0 &&
        (entry.name_length == length || entry.name[length] == '/')) {
      return true;
    }
  }
  return false;
}

}  // namespace

void init_console_tree() {
  nodes[kRootNode] = Node{.kind = NodeKind::kDirectory, .device = Device::kNone, .in_use = true,
                          .writable_directory = false, .mode = kDirectoryMode, .parent = kRootNode, .name = "",
                          .name_length = 0, .data = nullptr, .size = 0, .tmp_file = 0, .open_count = 0};
  uint32_t dev = add_fixed(kRootNode, "dev", NodeKind::kDirectory, kDirectoryMode);
  add_fixed(dev, "console", NodeKind::kDevice, kCharacterDevice | 0620, Device::kConsole);
}

void init_attestation_nodes() {
  uint32_t attestation = add_fixed(dev_directory(), "attestation", NodeKind::kDirectory, kDirectoryMode);
  add_fixed(attestation, "user_report_data", NodeKind::kDevice, kModeRegular | 0600, Device::kReportData);
  add_fixed(attestation, "report", NodeKind::kDevice, kModeRegular | 0400, Device::kReport);
}

void init_file_tree(const BootConfig& config) {
  uint32_t dev = dev_directory();
  add_fixed(dev, "null", NodeKind::kDevice, kCharacterDevice | 0666, Device::kNull);
  add_fixed(dev, "zero", NodeKind::kDevice, kCharacterDevice | 0666, Device::kZero);
  add_fixed(dev, "urandom", NodeKind::kDevice, kCharacterDevice | 0444, Device::kRandom);
  add_fixed(dev, "random", NodeKind::kDevice, kCharacterDevice | 0444, Device::kRandom);
  uint32_t proc = add_fixed(kRootNode, "proc", NodeKind::kDirectory, kDirectoryMode);
  uint32_t self = add_fixed(proc, "self", NodeKind::kDirectory, kDirectoryMode);
  uint32_t exe = add_fixed(self, "exe", NodeKind::kSelfExe, kModeRegular | 0555);
  nodes[exe].data = physical_to_virtual<const uint8_t>(config.workload.guest_address);
  nodes[exe].size = config.workload.size;
  if (config.tmpfs_size > 0) {
    uint32_t tmp = add_fixed(kRootNode, "tmp", NodeKind::kDirectory, kModeDirectory | 01777);
    nodes[tmp].writable_directory = true;
  }
  if (config.sealed_files.size == 0) return;
  const uint8_t* archive = physical_to_virtual<const uint8_t>(config.sealed_files.guest_address);
  auto added = for_each_cpio_entry(archive, config.sealed_files.size, [](const CpioEntry& entry) -> Expected<Unit, BootError> {
    if (under_reserved_directory(entry)) return BootError{"sealed files: a member lies under /dev, /proc or /tmp"};
    return add_member(entry);
  });
  if (!added.ok()) panic("%s", added.error().message);
}

Node& node(uint32_t index) { return nodes[index]; }
uint64_t inode_number(uint32_t index) { return index + 1; }

Result<uint32_t> find_child(uint32_t directory, const char* name, size_t length) {
  for (uint32_t i = 1; i < kMaxNodes; ++i) {
    const Node& candidate = nodes[i];
    if (candidate.in_use && candidate.parent == directory && candidate.name_length == length &&
        memcmp(candidate.name, name, length) == 0) {
      return i;
    }
  }
  return Errno::kNoEntry;
}

uint32_t next_child(uint32_t directory, uint32_t start) {
  for (uint32_t i = start < 1 ? 1 : start; i < kMaxNodes; ++i) {
    if (nodes[i].in_use && nodes[i].parent == directory) return i;
  }
  return kMaxNodes;
}

Result<uint32_t> add_node(const Node& value) {
  for (uint32_t i = 1; i < kMaxNodes; ++i) {
    if (!nodes[i].in_use) {
      nodes[i] = value;
      nodes[i].in_use = true;
      return i;
    }
  }
  return Errno::kNoSpace;
}

void remove_node(uint32_t index) { nodes[index].in_use = false; }

}  // namespace kernel
