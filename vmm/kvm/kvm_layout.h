// Guest-physical addresses the kvm engine itself chooses (the image's own addresses are in
// include/confwl/abi/guest_layout.h). All of them lie in [0, abi::kVmmScratchEnd), the first
// MiB that the ABI reserves for the loader, so no image segment can overlap them.
#pragma once
#include <confwl/abi/guest_layout.h>
#include <confwl/abi/pvh.h>

#include <cstdint>

namespace confwl::vmm::kvm {

// Page 0 stays unused (zero) so that a guest null access reads zeros, not our structures.

// A flat GDT for the PVH entry: null, 32-bit code (0x08), 32-bit data (0x10), TSS (0x18). The
// kernel loads its own GDT at once; this one only has to make the segment state the PVH ABI
// promises consistent, should the guest look at GDTR before its lgdt. Same place as Firecracker.
inline constexpr uint64_t kBootGdtAddress = 0x500;
inline constexpr uint16_t kBootCodeSelector = 0x08;
inline constexpr uint16_t kBootDataSelector = 0x10;
inline constexpr uint16_t kBootTssSelector = 0x18;
// An empty IDT right after it: an exception before the kernel's own IDT is a triple fault, which
// the engine reports, rather than a jump through whatever lies at address 0.
inline constexpr uint64_t kBootIdtAddress = 0x520;

// hvm_start_info, passed in %ebx (PVH ABI). Page aligned and away from the BIOS data area.
inline constexpr uint64_t kStartInfoAddress = 0x6000;
// The memory map it points to; a page holds far more entries than we ever write.
inline constexpr uint64_t kMemmapAddress = 0x7000;
inline constexpr uint64_t kMemmapMaxEntries = abi::kPageSize / sizeof(abi::HvmMemmapEntry);

// Guest RAM is one region from address 0. The conventional 640 KiB of low memory and everything
// from 1 MiB are RAM; [0xA0000, 1 MiB) is the legacy VGA/ROM hole, left out of the map as on a PC.
inline constexpr uint64_t kLowMemoryEnd = 0xA0000;

// Intel VMX needs three pages for a real-mode TSS (KVM_SET_TSS_ADDR) outside guest RAM; AMD
// ignores it. Just below 4 GiB, where Firecracker and QEMU put it; only set when RAM ends below.
inline constexpr uint64_t kVmxTssAddress = 0xFFFB'D000;

// The local APIC model's page (local_apic.h): where IA32_APIC_BASE puts it at reset (Intel SDM
// vol. 3A, 11.4.4), which the kernel reads. Accesses there are MMIO exits only while guest RAM
// ends below it; with more RAM the engine offers no local APIC (vcpu_setup.h).
inline constexpr uint64_t kLocalApicAddress = 0xFEE0'0000;

static_assert(kMemmapAddress + abi::kPageSize <= abi::kVmmScratchEnd);
static_assert(kStartInfoAddress + sizeof(abi::HvmStartInfo) <= kMemmapAddress);
static_assert(kLowMemoryEnd <= abi::kVmmScratchEnd);

}  // namespace confwl::vmm::kvm
