// A second, independent implementation of docs/measurement.md (the IGVM launch of a ConfWL
// image, from the ELF, without reading NAME.igvm), used only by
// tests: it shares no code with libconfwl (its own ELF reading, PAGE_INFO bytes, VMSA bytes and
// TDX stream, written from the specs), so a mistake in the library's page walk or layouts shows
// up as a mismatch.
//   independent_measure IMAGE snp VCPUS SIGNATURE_HEX FEATURES_HEX   -> launch digest
//   independent_measure IMAGE tdx                                    -> MRTD
#include <elf.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<unsigned char>;
constexpr uint64_t kPage = 4096;

Bytes sha384(const unsigned char* data, size_t size) {
  Bytes digest(48);
  unsigned int length = 0;
  EVP_Digest(data, size, digest.data(), &length, EVP_sha384(), nullptr);
  return digest;
}

template <typename T>
void put(Bytes& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

struct PageSet {
  std::map<uint64_t, Bytes> pages;  // GPA -> contents, ascending
  std::map<uint64_t, bool> has_file_bytes;
};

// Every page the PT_LOADs cover, assembled byte by byte.
PageSet load_pages(const Bytes& file, uint32_t& entry) {
  Elf64_Ehdr header;
  std::memcpy(&header, file.data(), sizeof(header));
  PageSet set;
  for (unsigned index = 0; index < header.e_phnum; ++index) {
    Elf64_Phdr phdr;
    std::memcpy(&phdr, file.data() + header.e_phoff + index * sizeof(phdr), sizeof(phdr));
    if (phdr.p_type == PT_NOTE) {  // the Xen PHYS32_ENTRY note: namesz 4, descsz 4, type 18, "Xen"
      for (uint64_t at = phdr.p_offset; at + 20 <= phdr.p_offset + phdr.p_filesz;) {
        uint32_t namesz, descsz, type;
        std::memcpy(&namesz, &file[at], 4);
        std::memcpy(&descsz, &file[at + 4], 4);
        std::memcpy(&type, &file[at + 8], 4);
        const uint64_t desc = at + 12 + ((namesz + 3) & ~3u);
        if (type == 18 && std::memcmp(&file[at + 12], "Xen", 4) == 0) std::memcpy(&entry, &file[desc], 4);
        at = desc + ((descsz + 3) & ~3u);
      }
    }
    if (phdr.p_type != PT_LOAD) continue;
    for (uint64_t address = phdr.p_paddr; address < phdr.p_paddr + phdr.p_memsz; ++address) {
      const uint64_t page = address & ~(kPage - 1);
      Bytes& contents = set.pages[page];
      if (contents.empty()) contents.assign(kPage, 0);
      if (address - phdr.p_paddr < phdr.p_filesz) {
        contents[address - page] = file[phdr.p_offset + (address - phdr.p_paddr)];
        set.has_file_bytes[page] = true;
      }
    }
  }
  return set;
}

struct Snp {
  Bytes digest = Bytes(48, 0);
  void step(uint8_t type, uint64_t gpa, const Bytes& contents) {
    Bytes info(0x70, 0);
    std::memcpy(&info[0], digest.data(), 48);
    std::memcpy(&info[0x30], contents.data(), 48);
    put<uint16_t>(info, 0x60, 0x70);
    info[0x62] = type;
    put<uint64_t>(info, 0x68, gpa);
    digest = sha384(info.data(), info.size());
  }
};

// The PVH entry VMSA of docs/measurement.md, byte offsets from APM vol. 2 table B-4.
Bytes pvh_vmsa(uint32_t entry, uint32_t signature, uint64_t features) {
  Bytes vmsa(kPage, 0);
  auto segment = [&](size_t offset, uint16_t selector, uint16_t attrib, uint32_t limit) {
    put(vmsa, offset, selector);
    put(vmsa, offset + 2, attrib);
    put(vmsa, offset + 4, limit);
  };
  for (size_t offset : {0x00, 0x20, 0x30, 0x40, 0x50}) segment(offset, 0x10, 0xC93, 0xFFFFFFFF);  // ES SS DS FS GS
  segment(0x10, 0x08, 0xC9B, 0xFFFFFFFF);                                                       // CS
  segment(0x60, 0, 0, 0xFFFF);                                                                  // GDTR
  segment(0x70, 0, 0x82, 0xFFFF);                                                               // LDTR
  segment(0x80, 0, 0, 0xFFFF);                                                                  // IDTR
  segment(0x90, 0, 0x8B, 0xFFFF);                                                               // TR
  put<uint64_t>(vmsa, 0xD0, 0x1000);       // EFER
  put<uint64_t>(vmsa, 0x148, 0x40);        // CR4
  put<uint64_t>(vmsa, 0x158, 0x31);        // CR0
  put<uint64_t>(vmsa, 0x160, 0x400);       // DR7
  put<uint64_t>(vmsa, 0x168, 0xFFFF0FF0);  // DR6
  put<uint64_t>(vmsa, 0x170, 2);           // RFLAGS
  put<uint64_t>(vmsa, 0x178, entry);       // RIP
  put<uint64_t>(vmsa, 0x268, 0x0007040600070406);  // G_PAT
  put<uint64_t>(vmsa, 0x310, signature);   // RDX
  // RBX (0x318) stays 0: the IGVM launch passes no hvm_start_info.
  put<uint64_t>(vmsa, 0x3B0, features);    // SEV_FEATURES
  put<uint64_t>(vmsa, 0x3E8, 1);           // XCR0
  put<uint32_t>(vmsa, 0x408, 0x1F80);      // MXCSR
  put<uint16_t>(vmsa, 0x410, 0x37F);       // FCW
  return vmsa;
}

Bytes tdx_block(const char* operation, uint64_t gpa) {
  Bytes block(128, 0);
  std::memcpy(block.data(), operation, std::strlen(operation));
  put(block, 16, gpa);
  return block;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  std::ifstream in(argv[1], std::ios::binary);
  const Bytes file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  uint32_t entry = 0;
  const PageSet set = load_pages(file, entry);
  Bytes result;
  if (std::string(argv[2]) == "snp" && argc == 6) {
    Snp snp;
    snp.step(4, 0x8000, Bytes(48, 0));  // the memory-map parameter area: UNMEASURED
    snp.step(5, 0x9000, Bytes(48, 0));  // SECRETS
    snp.step(6, 0xA000, Bytes(48, 0));  // CPUID
    for (const auto& [gpa, contents] : set.pages)
      set.has_file_bytes.count(gpa) ? snp.step(1, gpa, sha384(contents.data(), kPage)) : snp.step(3, gpa, Bytes(48, 0));
    const Bytes vmsa = pvh_vmsa(entry, std::stoul(argv[4], nullptr, 16), std::stoull(argv[5], nullptr, 16));
    for (int cpu = 0; cpu < std::stoi(argv[3]); ++cpu) snp.step(2, 0xFFFFFFFFF000, sha384(vmsa.data(), kPage));
    result = snp.digest;
  } else if (std::string(argv[2]) == "tdx") {
    Bytes stream;
    auto append = [&](const Bytes& bytes) { stream.insert(stream.end(), bytes.begin(), bytes.end()); };
    auto measured_page = [&](uint64_t gpa, const Bytes& contents) {
      append(tdx_block("MEM.PAGE.ADD", gpa));
      for (uint64_t chunk = 0; chunk < 16; ++chunk) {
        append(tdx_block("MR.EXTEND", gpa + chunk * 256));
        stream.insert(stream.end(), contents.begin() + chunk * 256, contents.begin() + (chunk + 1) * 256);
      }
    };
    append(tdx_block("MEM.PAGE.ADD", 0x8000));  // the memory-map parameter area, not extended
    for (const auto& [gpa, contents] : set.pages) measured_page(gpa, contents);
    // The reset page: at 0xFF0, mov ebx, 0; mov eax, entry; jmp eax; 4 x hlt.
    Bytes reset(kPage, 0);
    const unsigned char code[16] = {0xBB, 0, 0, 0, 0, 0xB8, 0, 0, 0, 0, 0xFF, 0xE0, 0xF4, 0xF4, 0xF4, 0xF4};
    std::memcpy(&reset[0xFF0], code, 16);
    std::memcpy(&reset[0xFF6], &entry, 4);
    measured_page(0xFFFFF000, reset);
    result = sha384(stream.data(), stream.size());
  } else {
    return 2;
  }
  for (unsigned char byte : result) std::printf("%02x", byte);
  std::printf("\n");
  return 0;
}
