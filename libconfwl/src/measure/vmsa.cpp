#include "confwl/measure/vmsa.h"

namespace confwl::measure {
namespace {

// Segment attributes (compressed VMCB form): P, S, DPL 0 and the type, plus G/D for 32-bit flat.
constexpr uint16_t kDataReadWriteAccessed = 0x93;
constexpr uint16_t kCodeExecuteReadAccessed = 0x9B;
constexpr uint16_t kLdt = 0x82;
constexpr uint16_t kBusyTss32 = 0x8B;
constexpr uint16_t kGranular32Bit = 0xC00;  // G and D/B

constexpr uint64_t kEferSvme = 0x1000;           // KVM sets EFER.SVME in every SEV-ES VMSA
constexpr uint64_t kCr4Mce = 0x40;               // KVM sets CR4.MCE
constexpr uint64_t kCr0Et = 0x10;                // the reset value of CR0 KVM reports
constexpr uint64_t kCr0Pe = 0x1;
constexpr uint64_t kCr0Ne = 0x20;                // KVM forces CR0.NE once protected mode is on
constexpr uint64_t kDr7Reset = 0x400;
constexpr uint64_t kDr6Reset = 0xFFFF0FF0;
constexpr uint64_t kRflagsReset = 0x2;
constexpr uint64_t kPatReset = 0x0007040600070406;  // APM vol. 2, A.3: the PAT reset value
constexpr uint64_t kGcePat = 0x00070106;            // GCE's hypervisor writes its own PAT
constexpr uint64_t kXcr0Reset = 0x1;                // x87 only
constexpr uint32_t kMxcsrReset = 0x1F80;
constexpr uint16_t kFcwReset = 0x37F;
constexpr uint64_t kEc2GceRdx = 0x600;              // EC2 and GCE put a fixed signature in RDX

// Fields every profile shares, then the profile's quirks.
SevEsSaveArea common_state(const VcpuConfig& vcpu) {
  SevEsSaveArea vmsa{};
  vmsa.gdtr = {0, 0, 0xFFFF, 0};
  vmsa.idtr = {0, 0, 0xFFFF, 0};
  vmsa.ldtr = {0, kLdt, 0xFFFF, 0};
  vmsa.tr = {0, kBusyTss32, 0xFFFF, 0};
  vmsa.efer = kEferSvme;
  vmsa.cr4 = kCr4Mce;
  vmsa.cr0 = kCr0Et;
  vmsa.dr7 = kDr7Reset;
  vmsa.dr6 = kDr6Reset;
  vmsa.rflags = kRflagsReset;
  vmsa.g_pat = kPatReset;
  vmsa.rdx = vcpu.signature;  // CPUID(1).EAX, as after RESET
  vmsa.sev_features = vcpu.guest_features;
  vmsa.xcr0 = kXcr0Reset;
  vmsa.mxcsr = kMxcsrReset;
  vmsa.x87_fcw = kFcwReset;
  if (vcpu.vmm != VmmProfile::kQemu) {
    vmsa.rdx = kEc2GceRdx;
    vmsa.mxcsr = 0;
    vmsa.x87_fcw = 0;
  }
  if (vcpu.vmm == VmmProfile::kGce) vmsa.g_pat = kGcePat;
  return vmsa;
}

}  // namespace

SevEsSaveArea reset_state_vmsa(uint32_t eip, const VcpuConfig& vcpu) {
  SevEsSaveArea vmsa = common_state(vcpu);
  const VmcbSegment data{0, kDataReadWriteAccessed, 0xFFFF, 0};
  vmsa.es = vmsa.ds = vmsa.fs = vmsa.gs = vmsa.ss = data;
  vmsa.cs = {0xF000, kCodeExecuteReadAccessed, 0xFFFF, eip & 0xFFFF0000u};
  vmsa.rip = eip & 0xFFFF;
  if (vcpu.vmm == VmmProfile::kEc2) {
    // EC2's VMM leaves the accessed bits clear (and on the BSP's CS only at the reset vector).
    if (eip == kResetVectorEip) vmsa.cs.attrib = kCodeExecuteReadAccessed & ~1u;
    vmsa.ss.attrib = kDataReadWriteAccessed & ~1u;
    vmsa.tr.attrib = 0x83;
  }
  return vmsa;
}

SevEsSaveArea pvh_entry_vmsa(uint32_t entry, uint32_t start_info_gpa, const VcpuConfig& vcpu) {
  SevEsSaveArea vmsa = common_state(vcpu);
  // Selectors 0x8/0x10 as in the PVH boot protocol's example GDT; the kernel loads its own GDT.
  const VmcbSegment data{0x10, kGranular32Bit | kDataReadWriteAccessed, 0xFFFF'FFFF, 0};
  vmsa.es = vmsa.ds = vmsa.fs = vmsa.gs = vmsa.ss = data;
  vmsa.cs = {0x8, kGranular32Bit | kCodeExecuteReadAccessed, 0xFFFF'FFFF, 0};
  vmsa.cr0 = kCr0Pe | kCr0Et | kCr0Ne;
  vmsa.rip = entry;
  vmsa.rbx = start_info_gpa;
  return vmsa;
}

}  // namespace confwl::measure
