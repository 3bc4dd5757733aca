#include "confwl/measure/vmsa.h"

#include <gtest/gtest.h>

#include <cstring>

namespace confwl::measure {
namespace {

template <typename T>
T at(const SevEsSaveArea& vmsa, size_t offset) {
  T value;
  std::memcpy(&value, reinterpret_cast<const std::byte*>(&vmsa) + offset, sizeof(T));
  return value;
}

TEST(CpuidSignature, SplitsFamilyAndModelAsCpuidReportsThem) {
  EXPECT_EQ(cpuid_signature(23, 1, 2), 0x800F12u);   // EPYC (Naples)
  EXPECT_EQ(cpuid_signature(25, 1, 1), 0xA00F11u);   // Milan
  EXPECT_EQ(cpuid_signature(25, 17, 0), 0xA10F10u);  // Genoa
  EXPECT_EQ(cpuid_signature(26, 0, 0), 0xB00F00u);   // Turin
  EXPECT_EQ(cpuid_signature(6, 0x55, 4), 0x50654u);  // a family below 0xF has no extended family
}

TEST(VcpuType, KnowsQemuModelsAndSuggestsOnTypos) {
  EXPECT_EQ(vcpu_type_signature("EPYC-v4").value(), 0x800F12u);
  EXPECT_EQ(vcpu_type_signature("EPYC-Milan").value(), 0xA00F11u);
  EXPECT_EQ(vcpu_type_signature("EPYC-Genoa").value(), 0xA10F10u);
  EXPECT_EQ(vcpu_type_signature("EPYC-Rome").value(), 0x830F10u);
  const Result<uint32_t> typo = vcpu_type_signature("EPYC-Milna");
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message.find("--vcpu-type 'EPYC-Milna': expected a QEMU AMD CPU model (EPYC, "),
            std::string::npos);
  EXPECT_NE(typo.error().message.find("did you mean 'EPYC-Milan'?"), std::string::npos);
}

TEST(VmmProfile, ParsesTheThreeProfiles) {
  for (const char* name : {"qemu", "ec2", "gce"}) EXPECT_EQ(vmm_profile_name(parse_vmm_profile(name).value()), name);
  EXPECT_EQ(parse_vmm_profile("kvm").error().message, "--vmm-type 'kvm': expected qemu, ec2 or gce");
}

// The QEMU/KVM reset state, read back at the APM table B-4 offsets.
TEST(ResetStateVmsa, PutsEveryFieldAtItsSpecOffset) {
  const SevEsSaveArea vmsa = reset_state_vmsa(0x0080B004, {0x800F12, 0x21, VmmProfile::kQemu});
  EXPECT_EQ(at<uint16_t>(vmsa, 0x010), 0xF000);      // CS selector
  EXPECT_EQ(at<uint16_t>(vmsa, 0x012), 0x9B);        // CS attrib
  EXPECT_EQ(at<uint32_t>(vmsa, 0x014), 0xFFFFu);     // CS limit
  EXPECT_EQ(at<uint64_t>(vmsa, 0x018), 0x800000u);   // CS base = EIP & 0xFFFF0000
  EXPECT_EQ(at<uint16_t>(vmsa, 0x022), 0x93);        // SS attrib
  EXPECT_EQ(at<uint16_t>(vmsa, 0x072), 0x82);        // LDTR attrib
  EXPECT_EQ(at<uint16_t>(vmsa, 0x092), 0x8B);        // TR attrib
  EXPECT_EQ(at<uint32_t>(vmsa, 0x064), 0xFFFFu);     // GDTR limit
  EXPECT_EQ(at<uint64_t>(vmsa, 0x0D0), 0x1000u);     // EFER.SVME
  EXPECT_EQ(at<uint64_t>(vmsa, 0x148), 0x40u);       // CR4.MCE
  EXPECT_EQ(at<uint64_t>(vmsa, 0x158), 0x10u);       // CR0.ET
  EXPECT_EQ(at<uint64_t>(vmsa, 0x160), 0x400u);      // DR7
  EXPECT_EQ(at<uint64_t>(vmsa, 0x168), 0xFFFF0FF0u); // DR6
  EXPECT_EQ(at<uint64_t>(vmsa, 0x170), 0x2u);        // RFLAGS
  EXPECT_EQ(at<uint64_t>(vmsa, 0x178), 0xB004u);     // RIP = EIP & 0xFFFF
  EXPECT_EQ(at<uint64_t>(vmsa, 0x268), 0x0007040600070406u);  // G_PAT
  EXPECT_EQ(at<uint64_t>(vmsa, 0x310), 0x800F12u);   // RDX = CPUID signature
  EXPECT_EQ(at<uint64_t>(vmsa, 0x3B0), 0x21u);       // SEV_FEATURES
  EXPECT_EQ(at<uint64_t>(vmsa, 0x3E8), 0x1u);        // XCR0
  EXPECT_EQ(at<uint32_t>(vmsa, 0x408), 0x1F80u);     // MXCSR
  EXPECT_EQ(at<uint16_t>(vmsa, 0x410), 0x37F);       // x87 FCW
}

TEST(ResetStateVmsa, AppliesTheEc2AndGceQuirks) {
  const SevEsSaveArea ec2_bsp = reset_state_vmsa(kResetVectorEip, {0x800F12, 1, VmmProfile::kEc2});
  EXPECT_EQ(ec2_bsp.cs.attrib, 0x9A);
  EXPECT_EQ(ec2_bsp.ss.attrib, 0x92);
  EXPECT_EQ(ec2_bsp.tr.attrib, 0x83);
  EXPECT_EQ(ec2_bsp.rdx, 0x600u);
  EXPECT_EQ(ec2_bsp.mxcsr, 0u);
  EXPECT_EQ(ec2_bsp.x87_fcw, 0);
  EXPECT_EQ(reset_state_vmsa(0x80B004, {0x800F12, 1, VmmProfile::kEc2}).cs.attrib, 0x9B);
  const SevEsSaveArea gce = reset_state_vmsa(kResetVectorEip, {0x800F12, 1, VmmProfile::kGce});
  EXPECT_EQ(gce.g_pat, 0x00070106u);
  EXPECT_EQ(gce.cs.attrib, 0x9B);
  EXPECT_EQ(gce.rdx, 0x600u);
}

TEST(PvhEntryVmsa, StartsIn32BitProtectedModeAtTheEntry) {
  const SevEsSaveArea vmsa = pvh_entry_vmsa(0x100040, 0x1000, {0xA00F11, 0x1, VmmProfile::kQemu});
  EXPECT_EQ(at<uint16_t>(vmsa, 0x012), 0xC9B);   // CS: 32-bit, 4 KiB granular, execute/read
  EXPECT_EQ(at<uint32_t>(vmsa, 0x014), 0xFFFFFFFFu);
  EXPECT_EQ(at<uint16_t>(vmsa, 0x032), 0xC93);   // DS
  EXPECT_EQ(at<uint64_t>(vmsa, 0x158), 0x31u);   // CR0: PE | ET | NE, paging off
  EXPECT_EQ(at<uint64_t>(vmsa, 0x178), 0x100040u);
  EXPECT_EQ(at<uint64_t>(vmsa, 0x318), 0x1000u); // RBX = hvm_start_info
  EXPECT_EQ(at<uint64_t>(vmsa, 0x310), 0xA00F11u);
  EXPECT_EQ(at<uint64_t>(vmsa, 0x3B0), 0x1u);
}

}  // namespace
}  // namespace confwl::measure
