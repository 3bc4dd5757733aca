#include "vcpu_setup.h"

#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "confwl/hex.h"
#include "guest_memory.h"
#include "kvm_layout.h"
#include "kvm_vm.h"

namespace confwl::vmm::kvm {
namespace {

// CPUID leaves the kernel reads; every other leaf reads as zero in the guest.
constexpr uint32_t kBasicLeafLimit = 0xD;
constexpr uint32_t kKeptBasicLeaves[] = {0x0, 0x1, 0x7, 0xD};
constexpr uint32_t kExtendedLeafLimit = 0x8000'0008;
constexpr uint32_t kKeptExtendedLeaves[] = {0x8000'0000, 0x8000'0001, 0x8000'0008};

struct RequiredFeature {
  uint32_t leaf;
  uint32_t kvm_cpuid_entry2::*reg;
  uint32_t bit;
  const char* name;
};
constexpr RequiredFeature kRequiredFeatures[] = {
    {0x1, &kvm_cpuid_entry2::ecx, 30, "RDRAND (the kernel's only source of randomness)"},
    {0x1, &kvm_cpuid_entry2::edx, 26, "SSE2"},
    {0x1, &kvm_cpuid_entry2::edx, 24, "FXSR"},
    {0x8000'0001, &kvm_cpuid_entry2::edx, 20, "NX (no-execute pages, for W^X)"},
    {0x8000'0001, &kvm_cpuid_entry2::edx, 11, "SYSCALL/SYSRET"},
};
constexpr uint32_t kCpuid1EcxHypervisor = 1u << 31;
constexpr uint32_t kCpuid1EcxX2apic = 1u << 21;
constexpr uint32_t kCpuid1EcxTscDeadline = 1u << 24;
constexpr uint32_t kCpuid1EdxApic = 1u << 9;
constexpr uint32_t kCpuid1EbxApicIdMask = 0xFF00'0000;

bool kept(uint32_t leaf) {
  return std::ranges::find(kKeptBasicLeaves, leaf) != std::end(kKeptBasicLeaves) ||
         std::ranges::find(kKeptExtendedLeaves, leaf) != std::end(kKeptExtendedLeaves);
}

// Flat descriptor: base 0, 4 GiB limit (or the TSS's 104 bytes), `access` = type/S/DPL/P and
// `flags` = AVL/L/DB/G (Intel SDM vol. 3, 3.4.5 "Segment Descriptors").
constexpr uint64_t descriptor(uint8_t access, uint8_t flags, uint32_t limit) {
  return (limit & 0xFFFFull) | (uint64_t{access} << 40) | (uint64_t{(limit >> 16) & 0xF} << 48) |
         (uint64_t{flags & 0xFu} << 52);
}
constexpr uint64_t kCodeDescriptor = descriptor(0x9B, 0xC, 0xFFFFF);  // execute/read, accessed, 32-bit, 4K granular
constexpr uint64_t kDataDescriptor = descriptor(0x93, 0xC, 0xFFFFF);  // read/write, accessed
constexpr uint64_t kTssDescriptor = descriptor(0x8B, 0x0, 0x67);      // busy 32-bit TSS

kvm_segment segment_from(uint16_t selector, uint64_t desc) {
  const bool granular = (desc >> 55) & 1;
  const uint32_t limit = static_cast<uint32_t>((desc & 0xFFFF) | (((desc >> 48) & 0xF) << 16));
  kvm_segment segment{};
  segment.base = 0;
  segment.limit = granular ? (limit << 12) | 0xFFF : limit;
  segment.selector = selector;
  segment.type = (desc >> 40) & 0xF;
  segment.s = (desc >> 44) & 1;
  segment.dpl = (desc >> 45) & 3;
  segment.present = (desc >> 47) & 1;
  segment.avl = (desc >> 52) & 1;
  segment.l = (desc >> 53) & 1;
  segment.db = (desc >> 54) & 1;
  segment.g = granular;
  return segment;
}

// struct kvm_cpuid2 as the kernel (C) lays it out: nent, padding, then the entries. G++ gives
// the header's zero-length `entries[0]` array a different sizeof, which changes the size encoded
// in KVM_GET_SUPPORTED_CPUID / KVM_SET_CPUID2 and makes KVM refuse them (EINVAL); so the buffer
// and the two request numbers are spelled out here.
struct [[gnu::packed]] CpuidHeader {
  uint32_t nent;
  uint32_t padding;
};
static_assert(sizeof(CpuidHeader) == 8);
constexpr unsigned long kGetSupportedCpuid = _IOWR(KVMIO, 0x05, CpuidHeader);
constexpr unsigned long kSetCpuid2 = _IOW(KVMIO, 0x90, CpuidHeader);

// A zeroed kvm_cpuid2 buffer (KVM checks that the entries' padding is zero) for `count` entries.
struct CpuidBuffer {
  explicit CpuidBuffer(uint32_t count) : entries(count) { header.nent = count; }
  std::vector<std::byte> bytes() const {
    std::vector<std::byte> out(sizeof header + entries.size() * sizeof(kvm_cpuid_entry2));
    std::memcpy(out.data(), &header, sizeof header);
    std::memcpy(out.data() + sizeof header, entries.data(), entries.size() * sizeof(kvm_cpuid_entry2));
    return out;
  }
  CpuidHeader header{};
  std::vector<kvm_cpuid_entry2> entries;
};

Result<std::vector<kvm_cpuid_entry2>> supported_cpuid(int system_fd) {
  for (uint32_t capacity = 128; capacity <= 4096; capacity *= 2) {
    std::vector<std::byte> buffer = CpuidBuffer(capacity).bytes();
    if (::ioctl(system_fd, kGetSupportedCpuid, buffer.data()) == 0) {
      CpuidHeader header;
      std::memcpy(&header, buffer.data(), sizeof header);
      std::vector<kvm_cpuid_entry2> entries(std::min(header.nent, capacity));
      std::memcpy(entries.data(), buffer.data() + sizeof header, entries.size() * sizeof(kvm_cpuid_entry2));
      return entries;
    }
    if (errno != E2BIG) break;
  }
  return ioctl_error("KVM_GET_SUPPORTED_CPUID");
}

Status set_cpuid(int system_fd, int vcpu_fd, LocalApicModel apic) {
  Result<std::vector<kvm_cpuid_entry2>> entries = host_guest_cpuid(system_fd, apic);
  if (!entries) return entries.error();
  CpuidBuffer buffer(static_cast<uint32_t>(entries->size()));
  buffer.entries = std::move(*entries);
  std::vector<std::byte> bytes = buffer.bytes();
  if (::ioctl(vcpu_fd, kSetCpuid2, bytes.data()) != 0) return ioctl_error("KVM_SET_CPUID2");
  return Ok{};
}

// KVM keeps IA32_APIC_BASE itself (no exit) and derives CPUID.1:EDX.APIC from its enable bit
// (kvm_update_cpuid_runtime). With the model: enabled, BSP, at the page the engine emulates
// (Intel SDM vol. 3A, 11.4.4 "Local APIC Status and Location"); without: 0, so that CPUID tells
// the kernel the truth (it then runs without its preemption timer instead of touching the APIC).
Status set_apic_base(int vcpu_fd, LocalApicModel apic) {
  constexpr uint32_t kMsrApicBase = 0x1B;
  constexpr uint64_t kApicBaseBsp = 1u << 8, kApicBaseEnable = 1u << 11;
  const uint64_t value = apic == LocalApicModel::kOffered ? kLocalApicAddress | kApicBaseBsp | kApicBaseEnable : 0;
  // struct kvm_msrs as the kernel lays it out (nmsrs, pad, entries), for the reason CpuidHeader has.
  struct MsrsHeader {
    uint32_t nmsrs;
    uint32_t pad;
  };
  static_assert(sizeof(MsrsHeader) == 8);
  constexpr unsigned long kSetMsrs = _IOW(KVMIO, 0x89, MsrsHeader);
  alignas(kvm_msr_entry) std::byte buffer[sizeof(MsrsHeader) + sizeof(kvm_msr_entry)] = {};
  const MsrsHeader header{.nmsrs = 1, .pad = 0};
  const kvm_msr_entry entry{.index = kMsrApicBase, .reserved = 0, .data = value};
  std::memcpy(buffer, &header, sizeof header);
  std::memcpy(buffer + sizeof header, &entry, sizeof entry);
  const int written = ::ioctl(vcpu_fd, kSetMsrs, buffer);
  if (written < 0) return ioctl_error("KVM_SET_MSRS");
  if (written != 1) return Error{"KVM_SET_MSRS: KVM refused IA32_APIC_BASE = " + hex_number(value)};
  return Ok{};
}

Status set_special_registers(int vcpu_fd) {
  kvm_sregs sregs{};
  if (::ioctl(vcpu_fd, KVM_GET_SREGS, &sregs) != 0) return ioctl_error("KVM_GET_SREGS");
  sregs.cs = segment_from(kBootCodeSelector, kCodeDescriptor);
  sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = segment_from(kBootDataSelector, kDataDescriptor);
  sregs.tr = segment_from(kBootTssSelector, kTssDescriptor);
  sregs.gdt.base = kBootGdtAddress;
  sregs.gdt.limit = 4 * sizeof(uint64_t) - 1;
  sregs.idt.base = kBootIdtAddress;
  sregs.idt.limit = 0;
  sregs.cr0 = 1;  // PE: protected mode, paging off
  sregs.cr3 = sregs.cr4 = sregs.efer = 0;
  if (::ioctl(vcpu_fd, KVM_SET_SREGS, &sregs) != 0) return ioctl_error("KVM_SET_SREGS");
  return Ok{};
}

Status set_general_registers(int vcpu_fd, uint32_t entry) {
  kvm_regs regs{};
  regs.rip = entry;
  regs.rbx = kStartInfoAddress;
  regs.rflags = 0x2;  // reserved bit 1; IF clear
  if (::ioctl(vcpu_fd, KVM_SET_REGS, &regs) != 0) return ioctl_error("KVM_SET_REGS");
  kvm_fpu fpu{};
  fpu.fcw = 0x37F;     // x87 reset state (Intel SDM vol. 1, 8.1.5)
  fpu.mxcsr = 0x1F80;  // SSE reset state: all exceptions masked
  if (::ioctl(vcpu_fd, KVM_SET_FPU, &fpu) != 0) return ioctl_error("KVM_SET_FPU");
  return Ok{};
}

}  // namespace

Result<std::vector<kvm_cpuid_entry2>> host_guest_cpuid(int system_fd, LocalApicModel apic) {
  Result<std::vector<kvm_cpuid_entry2>> supported = supported_cpuid(system_fd);
  if (!supported) return supported.error();
  return guest_cpuid(*supported, apic);
}

Result<std::vector<kvm_cpuid_entry2>> guest_cpuid(std::span<const kvm_cpuid_entry2> supported, LocalApicModel apic) {
  std::vector<kvm_cpuid_entry2> entries;
  for (const kvm_cpuid_entry2& entry : supported)
    if (kept(entry.function)) entries.push_back(entry);
  for (const RequiredFeature& feature : kRequiredFeatures) {
    const auto leaf = std::ranges::find(entries, feature.leaf, &kvm_cpuid_entry2::function);
    if (leaf == entries.end() || ((*leaf).*feature.reg & (1u << feature.bit)) == 0)
      return Error{std::string("this host's KVM does not offer ") + feature.name + ", which the ConfWL kernel needs"};
  }
  for (kvm_cpuid_entry2& entry : entries) {
    if (entry.function == 0x0) entry.eax = std::min(entry.eax, kBasicLeafLimit);
    if (entry.function == 0x8000'0000) entry.eax = std::min(entry.eax, kExtendedLeafLimit);
    if (entry.function == 0x1) {
      // At most the xAPIC of local_apic.h: no x2APIC, no TSC-deadline timer.
      entry.ecx = (entry.ecx | kCpuid1EcxHypervisor) & ~(kCpuid1EcxX2apic | kCpuid1EcxTscDeadline);
      entry.edx = apic == LocalApicModel::kOffered ? entry.edx | kCpuid1EdxApic : entry.edx & ~kCpuid1EdxApic;
      entry.ebx &= ~kCpuid1EbxApicIdMask;                                  // vCPU 0
    }
  }
  return entries;
}

std::vector<uint64_t> boot_gdt() { return {0, kCodeDescriptor, kDataDescriptor, kTssDescriptor}; }

Status setup_boot_vcpu(int system_fd, int vcpu_fd, uint32_t entry, std::span<std::byte> guest_memory,
                       LocalApicModel apic) {
  const std::vector<uint64_t> gdt = boot_gdt();
  if (Status status = write_guest(guest_memory, kBootGdtAddress, std::as_bytes(std::span(gdt)), "the boot GDT"); !status)
    return status;
  const uint64_t empty_idt = 0;
  if (Status status = write_guest(guest_memory, kBootIdtAddress, std::as_bytes(std::span(&empty_idt, 1)), "the boot IDT");
      !status)
    return status;
  if (Status status = set_cpuid(system_fd, vcpu_fd, apic); !status) return status;
  if (Status status = set_apic_base(vcpu_fd, apic); !status) return status;
  if (Status status = set_special_registers(vcpu_fd); !status) return status;
  return set_general_registers(vcpu_fd, entry);
}

}  // namespace confwl::vmm::kvm
