#include "confwl/sealed_files.h"

#include "confwl/utf8.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <map>
#include <memory>

namespace confwl {
namespace {

constexpr size_t kMaxPath = 4095;
constexpr size_t kMaxComponent = 255;
constexpr std::string_view kReservedRoots[] = {"/dev", "/proc", "/tmp"};
constexpr mode_t kReadOnly = 0444;
constexpr mode_t kReadExecute = 0555;

struct FreeArchive {
  void operator()(archive* handle) const { archive_free(handle); }
};
struct FreeEntry {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using ArchivePtr = std::unique_ptr<archive, FreeArchive>;
using EntryPtr = std::unique_ptr<archive_entry, FreeEntry>;

Error archive_error(std::string_view what, archive* handle) {
  const char* detail = archive_error_string(handle);
  return Error{"sealed files: " + std::string(what) + ": " + (detail ? detail : "libarchive failed")};
}

// What the archive holds: every file and every parent directory, keyed by archive path (sorted).
struct Node {
  const SealedFile* file = nullptr;  // nullptr for a directory
};

Result<std::map<std::string, Node>> plan_entries(std::span<const SealedFile> files) {
  std::map<std::string, Node> entries;
  for (const SealedFile& file : files) {
    if (auto problem = sealed_file_path_problem(file.guest_path))
      return Error{"sealed file " + file.guest_path + ": " + *problem};
    const std::string path = file.guest_path.substr(1);
    auto [slot, inserted] = entries.emplace(path, Node{&file});
    if (!inserted)
      return Error{"sealed file " + file.guest_path + (slot->second.file ? " is given twice" : " is also a directory of another sealed file")};
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      auto [parent, added] = entries.emplace(path.substr(0, slash), Node{});
      if (!added && parent->second.file)
        return Error{"sealed file /" + parent->first + " is also a directory of " + file.guest_path};
    }
  }
  return entries;
}

std::optional<Error> write_entry(archive* writer, const std::string& path, const Node& node, int64_t inode) {
  EntryPtr entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), path.c_str());
  archive_entry_set_filetype(entry.get(), node.file ? AE_IFREG : AE_IFDIR);
  archive_entry_set_perm(entry.get(), !node.file || node.file->executable ? kReadExecute : kReadOnly);
  archive_entry_set_size(entry.get(), node.file ? static_cast<int64_t>(node.file->content.size()) : 0);
  archive_entry_set_nlink(entry.get(), node.file ? 1 : 2);
  archive_entry_set_ino64(entry.get(), inode);
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  archive_entry_set_mtime(entry.get(), 0, 0);
  if (archive_write_header(writer, entry.get()) != ARCHIVE_OK) return archive_error("writing " + path, writer);
  if (node.file && !node.file->content.empty()) {
    const auto written = archive_write_data(writer, node.file->content.data(), node.file->content.size());
    if (written < 0 || static_cast<size_t>(written) != node.file->content.size())
      return archive_error("writing " + path, writer);
  }
  return std::nullopt;
}

// libarchive's write callback: the archive goes to a byte vector, never to disk.
la_ssize_t append_to_vector(archive*, void* output, const void* buffer, size_t length) {
  auto* bytes = static_cast<std::vector<std::byte>*>(output);
  const auto* begin = static_cast<const std::byte*>(buffer);
  bytes->insert(bytes->end(), begin, begin + length);
  return static_cast<la_ssize_t>(length);
}

}  // namespace

std::optional<std::string> sealed_file_path_problem(std::string_view path) {
  if (path.empty() || path.front() != '/') return "expected an absolute guest path such as /etc/app.conf";
  if (path.size() > kMaxPath) return "the guest path is longer than " + std::to_string(kMaxPath) + " bytes";
  if (path.find('\0') != std::string_view::npos) return "the guest path contains a NUL character";
  if (!is_utf8(path)) return "the guest path is not UTF-8 text";
  if (path == "/" || path.back() == '/') return "expected the path of a file, not of a directory";
  for (std::string_view root : kReservedRoots)
    if (path == root || (path.starts_with(root) && path[root.size()] == '/'))
      return "guest paths under " + std::string(root) + " are the kernel's; expected a path outside /dev, /proc and /tmp";
  size_t start = 1;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view component = path.substr(start, end - start);
    if (component.empty() || component == "." || component == "..")
      return "expected a normalized path (no empty, '.' or '..' components)";
    if (component.size() > kMaxComponent)
      return "a path component is longer than " + std::to_string(kMaxComponent) + " bytes";
    start = end + 1;
  }
  return std::nullopt;
}

Result<std::vector<std::byte>> build_sealed_files_archive(std::span<const SealedFile> files) {
  Result<std::map<std::string, Node>> entries = plan_entries(files);
  if (!entries) return entries.error();
  std::vector<std::byte> bytes;
  ArchivePtr writer(archive_write_new());
  // No block padding: the archive ends right after its trailer, so the blob is exactly its bytes.
  if (archive_write_set_format_cpio_newc(writer.get()) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(writer.get(), 0) != ARCHIVE_OK ||
      archive_write_open(writer.get(), &bytes, nullptr, append_to_vector, nullptr) != ARCHIVE_OK)
    return archive_error("cannot start the archive", writer.get());
  int64_t inode = 1;
  for (const auto& [path, node] : *entries)
    if (auto error = write_entry(writer.get(), path, node, inode++)) return *error;
  if (archive_write_close(writer.get()) != ARCHIVE_OK) return archive_error("cannot finish the archive", writer.get());
  return bytes;
}

Result<std::vector<SealedFileEntry>> read_sealed_files_archive(std::span<const std::byte> bytes, Digests digests) {
  ArchivePtr reader(archive_read_new());
  if (archive_read_support_format_cpio(reader.get()) != ARCHIVE_OK ||
      archive_read_open_memory(reader.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    return archive_error("not a cpio archive", reader.get());
  std::vector<SealedFileEntry> listed;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
    const char* name = archive_entry_pathname(entry);
    SealedFileEntry item{"/" + std::string(name ? name : ""), static_cast<uint32_t>(archive_entry_perm(entry)),
                         archive_entry_filetype(entry) == AE_IFDIR, 0, {}};
    std::optional<Sha384Hasher> hasher;
    if (digests == Digests::kCompute) hasher.emplace();
    std::byte buffer[16384];
    la_ssize_t got = 0;
    while ((got = archive_read_data(reader.get(), buffer, sizeof(buffer))) > 0) {
      if (hasher) hasher->update(std::span(buffer, static_cast<size_t>(got)));
      item.size += static_cast<uint64_t>(got);
    }
    if (got < 0) return archive_error("reading " + item.guest_path, reader.get());
    if (hasher) item.sha384 = hasher->finish();
    listed.push_back(std::move(item));
  }
  if (status != ARCHIVE_EOF) return archive_error("reading the archive", reader.get());
  return listed;
}

}  // namespace confwl
