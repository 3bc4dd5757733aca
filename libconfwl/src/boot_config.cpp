#include "confwl/boot_config.h"

#include <bit>
#include <cstring>
#include <string_view>

#include "confwl/abi/guest_layout.h"
#include "confwl/checked.h"
#include "confwl/hex.h"
#include "confwl/size.h"

namespace confwl {
namespace {

// The block is little-endian on the wire; the host structs are copied as they are.
static_assert(std::endian::native == std::endian::little);

using abi::BlobDescriptor;
using abi::BootConfigHeader;

constexpr uint32_t kKnownFlags = abi::kBootFlagRuntimeArgs;

Error invalid(std::string what) { return Error{"boot config: " + std::move(what)}; }

std::optional<Error> check_strings_for_encoding(const BootConfig& config) {
  if (config.argv.empty()) return invalid("argv is empty; expected at least the workload's name");
  if (config.argv.size() > abi::kBootConfigMaxArgs)
    return invalid(std::to_string(config.argv.size()) + " argv entries; at most " +
                   std::to_string(abi::kBootConfigMaxArgs) + " fit");
  if (config.envp.size() > abi::kBootConfigMaxEnv)
    return invalid(std::to_string(config.envp.size()) + " environment entries; at most " +
                   std::to_string(abi::kBootConfigMaxEnv) + " fit");
  for (const std::string& arg : config.argv)
    if (arg.find('\0') != std::string::npos) return invalid("an argv entry contains a NUL character");
  for (const std::string& variable : config.envp)
    if (variable.find('\0') != std::string::npos || variable.find('=') == std::string::npos)
      return invalid("environment entry \"" + variable + "\" is not NAME=value without NULs");
  return std::nullopt;
}

std::optional<Error> check_storage_and_policy(uint64_t tmpfs_size, uint64_t memory_size, uint32_t policy) {
  if (tmpfs_size > memory_size)
    return invalid("tmpfs size " + std::to_string(tmpfs_size) + " exceeds the guest memory " +
                   std::to_string(memory_size));
  if (policy != static_cast<uint32_t>(abi::SyscallPolicy::kDeny) &&
      policy != static_cast<uint32_t>(abi::SyscallPolicy::kKill))
    return invalid("syscall policy " + std::to_string(policy) + ", expected 0 (deny) or 1 (kill)");
  return std::nullopt;
}

}  // namespace

Result<std::vector<std::byte>> encode_boot_config(const BootConfig& config) {
  if (auto error = check_strings_for_encoding(config)) return *error;
  if (config.blobs.size() > abi::kBootConfigMaxBlobs)
    return invalid(std::to_string(config.blobs.size()) + " blobs; at most " +
                   std::to_string(abi::kBootConfigMaxBlobs) + " fit");
  if (auto error = check_storage_and_policy(config.tmpfs_size, config.memory_size,
                                            static_cast<uint32_t>(config.syscall_policy)))
    return *error;

  std::string strings;
  for (const std::string& arg : config.argv) strings.append(arg).push_back('\0');
  for (const std::string& variable : config.envp) strings.append(variable).push_back('\0');
  const uint64_t blobs_size = config.blobs.size() * sizeof(BlobDescriptor);
  const uint64_t total_size = sizeof(BootConfigHeader) + blobs_size + strings.size();
  if (total_size > abi::kBootConfigMaxSize)
    return invalid("argv and environment need " + std::to_string(total_size) +
                   " bytes; the boot config holds at most " + format_size(abi::kBootConfigMaxSize));

  BootConfigHeader header{};
  header.magic = abi::kBootConfigMagic;
  header.version = abi::kBootConfigVersion;
  header.total_size = static_cast<uint32_t>(total_size);
  header.memory_size = config.memory_size;
  header.image_end = config.image_end;
  header.flags = config.runtime_args ? uint32_t{abi::kBootFlagRuntimeArgs} : 0u;
  header.argc = static_cast<uint32_t>(config.argv.size());
  header.envc = static_cast<uint32_t>(config.envp.size());
  header.blob_count = static_cast<uint32_t>(config.blobs.size());
  header.blobs_offset = sizeof(BootConfigHeader);
  header.strings_offset = static_cast<uint32_t>(sizeof(BootConfigHeader) + blobs_size);
  header.strings_size = static_cast<uint32_t>(strings.size());
  header.tmpfs_size = config.tmpfs_size;
  header.syscall_policy = static_cast<uint32_t>(config.syscall_policy);
  for (size_t bit = 0; bit < config.syscall_allowlist.size(); ++bit)
    if (config.syscall_allowlist.test(bit)) header.syscall_allowlist[bit / 64] |= uint64_t{1} << (bit % 64);

  std::vector<std::byte> block(total_size);
  std::memcpy(block.data(), &header, sizeof(header));
  std::byte* cursor = block.data() + header.blobs_offset;
  for (const BlobInfo& blob : config.blobs) {
    BlobDescriptor descriptor{static_cast<uint32_t>(blob.kind), 0, blob.guest_address, blob.size};
    std::memcpy(cursor, &descriptor, sizeof(descriptor));
    cursor += sizeof(descriptor);
  }
  std::memcpy(cursor, strings.data(), strings.size());
  return block;
}

namespace {

std::optional<Error> check_header(const BootConfigHeader& header) {
  if (header.flags & ~kKnownFlags) return invalid("unknown flags " + hex_number(header.flags & ~kKnownFlags));
  if (header.reserved != 0 || header.reserved2 != 0) return invalid("a reserved header field is not 0");
  if (auto error = check_storage_and_policy(header.tmpfs_size, header.memory_size, header.syscall_policy))
    return *error;
  if (header.memory_size < abi::kMinimumGuestMemory || header.memory_size > abi::kMaximumGuestMemory)
    return invalid("memory size " + std::to_string(header.memory_size) + " is outside [" +
                   format_size(abi::kMinimumGuestMemory) + ", " + format_size(abi::kMaximumGuestMemory) + "]");
  if (header.image_end % abi::kPageSize != 0 || header.image_end < abi::kBlobsBase)
    return invalid("image end " + hex_number(header.image_end) + " is not a page-aligned address >= " +
                   hex_number(abi::kBlobsBase));
  if (header.argc == 0 || header.argc > abi::kBootConfigMaxArgs)
    return invalid("argc " + std::to_string(header.argc) + ", expected 1 to " +
                   std::to_string(abi::kBootConfigMaxArgs));
  if (header.envc > abi::kBootConfigMaxEnv)
    return invalid("envc " + std::to_string(header.envc) + ", expected at most " +
                   std::to_string(abi::kBootConfigMaxEnv));
  if (header.blob_count > abi::kBootConfigMaxBlobs)
    return invalid("blob count " + std::to_string(header.blob_count) + ", expected at most " +
                   std::to_string(abi::kBootConfigMaxBlobs));
  const uint64_t blobs_size = uint64_t{header.blob_count} * sizeof(BlobDescriptor);
  if (header.blobs_offset < sizeof(BootConfigHeader) ||
      !range_within(header.blobs_offset, blobs_size, header.total_size))
    return invalid("blob descriptors at offset " + std::to_string(header.blobs_offset) +
                   " do not fit between the header and the total size " + std::to_string(header.total_size));
  if (header.strings_offset < sizeof(BootConfigHeader) ||
      !range_within(header.strings_offset, header.strings_size, header.total_size))
    return invalid("string table at offset " + std::to_string(header.strings_offset) + " (" +
                   std::to_string(header.strings_size) + " bytes) does not fit between the header and the total size " +
                   std::to_string(header.total_size));
  return std::nullopt;
}

// Exactly argc + envc NUL-terminated strings, filling the table with nothing left over.
std::optional<Error> decode_strings(std::string_view table, const BootConfigHeader& header,
                                    BootConfig& config) {
  const uint64_t expected = uint64_t{header.argc} + header.envc;
  uint64_t count = 0;
  while (!table.empty()) {
    const size_t end = table.find('\0');
    if (end == std::string_view::npos) return invalid("the last string is not NUL-terminated");
    if (count == expected) break;
    std::string text(table.substr(0, end));
    if (count < header.argc) {
      config.argv.push_back(std::move(text));
    } else {
      if (text.find('=') == std::string::npos)
        return invalid("environment entry \"" + text + "\" has no '='");
      config.envp.push_back(std::move(text));
    }
    ++count;
    table.remove_prefix(end + 1);
  }
  if (count != expected || !table.empty())
    return invalid("string table holds " + std::string(table.empty() ? "" : "more than ") +
                   std::to_string(count) + " strings, expected argc + envc = " + std::to_string(expected));
  return std::nullopt;
}

std::optional<Error> decode_blob(const BlobDescriptor& descriptor, const BootConfigHeader& header,
                                 size_t index, BootConfig& config) {
  const std::string which = "blob " + std::to_string(index);
  if (descriptor.kind != static_cast<uint32_t>(abi::BlobKind::kWorkloadElf) &&
      descriptor.kind != static_cast<uint32_t>(abi::BlobKind::kSealedFiles))
    return invalid(which + " has unknown kind " + std::to_string(descriptor.kind));
  for (const BlobInfo& earlier : config.blobs)
    if (earlier.kind == abi::BlobKind{descriptor.kind})
      return invalid(which + " repeats kind " + std::to_string(descriptor.kind) + "; expected at most one of each");
  if (descriptor.reserved != 0) return invalid(which + " has a non-zero reserved field");
  if (descriptor.guest_address % abi::kPageSize != 0 || descriptor.guest_address < abi::kBlobsBase)
    return invalid(which + " is at " + hex_number(descriptor.guest_address) +
                   ", expected a page-aligned address >= " + hex_number(abi::kBlobsBase));
  if (!range_within(descriptor.guest_address, descriptor.size, header.image_end))
    return invalid(which + " (" + std::to_string(descriptor.size) + " bytes at " +
                   hex_number(descriptor.guest_address) + ") ends past the image end " + hex_number(header.image_end));
  config.blobs.push_back({abi::BlobKind{descriptor.kind}, descriptor.guest_address, descriptor.size});
  return std::nullopt;
}

}  // namespace

Result<BootConfig> decode_boot_config(std::span<const std::byte> bytes) {
  BootConfigHeader header;
  if (bytes.size() < sizeof(header))
    return invalid("truncated: " + std::to_string(bytes.size()) + " bytes, the header needs " +
                   std::to_string(sizeof(header)));
  std::memcpy(&header, bytes.data(), sizeof(header));
  if (header.magic != abi::kBootConfigMagic)
    return invalid("bad magic " + hex_number(header.magic) + ", expected " + hex_number(abi::kBootConfigMagic) + " (\"CWLBOOT1\")");
  if (header.total_size < sizeof(header) || header.total_size > abi::kBootConfigMaxSize ||
      header.total_size > bytes.size())
    return invalid("total size " + std::to_string(header.total_size) + " is outside [" +
                   std::to_string(sizeof(header)) + ", " +
                   std::to_string(std::min<uint64_t>(abi::kBootConfigMaxSize, bytes.size())) + "]");
  if (header.version != abi::kBootConfigVersion)
    return invalid("version " + std::to_string(header.version) + ", expected " +
                   std::to_string(abi::kBootConfigVersion));
  if (auto error = check_header(header)) return *error;

  BootConfig config;
  config.memory_size = header.memory_size;
  config.image_end = header.image_end;
  config.runtime_args = (header.flags & abi::kBootFlagRuntimeArgs) != 0;
  config.tmpfs_size = header.tmpfs_size;
  config.syscall_policy = abi::SyscallPolicy{header.syscall_policy};
  for (size_t bit = 0; bit < config.syscall_allowlist.size(); ++bit)
    config.syscall_allowlist.set(bit, (header.syscall_allowlist[bit / 64] >> (bit % 64)) & 1);
  const std::string_view strings(reinterpret_cast<const char*>(bytes.data()) + header.strings_offset,
                                 header.strings_size);
  if (auto error = decode_strings(strings, header, config)) return *error;
  for (size_t index = 0; index < header.blob_count; ++index) {
    BlobDescriptor descriptor;
    std::memcpy(&descriptor, bytes.data() + header.blobs_offset + index * sizeof(descriptor),
                sizeof(descriptor));
    if (auto error = decode_blob(descriptor, header, index, config)) return *error;
  }
  return config;
}

}  // namespace confwl
