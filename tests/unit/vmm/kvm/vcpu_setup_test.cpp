#include "vcpu_setup.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace confwl::vmm::kvm {
namespace {

kvm_cpuid_entry2 leaf(uint32_t function, uint32_t eax, uint32_t ebx, uint32_t ecx, uint32_t edx) {
  kvm_cpuid_entry2 entry{};
  entry.function = function;
  entry.eax = eax;
  entry.ebx = ebx;
  entry.ecx = ecx;
  entry.edx = edx;
  return entry;
}

std::vector<kvm_cpuid_entry2> capable_host() {
  return {leaf(0x0, 0x16, 1, 2, 3),
          leaf(0x1, 0, 0x0500'0000, (1u << 30) | (1u << 24) | (1u << 21), (1u << 26) | (1u << 24) | (1u << 9)),
          leaf(0x6, 1, 1, 1, 1),
          leaf(0x7, 0, 1u << 7, 0, 0),
          leaf(0x8000'0000, 0x8000'001F, 0, 0, 0),
          leaf(0x8000'0001, 0, 0, 0, (1u << 20) | (1u << 11)),
          leaf(0x8000'001F, 1, 1, 1, 1)};
}

const kvm_cpuid_entry2* find(const std::vector<kvm_cpuid_entry2>& entries, uint32_t function) {
  auto it = std::ranges::find(entries, function, &kvm_cpuid_entry2::function);
  return it == entries.end() ? nullptr : &*it;
}

TEST(GuestCpuid, KeepsOnlyTheLeavesTheKernelReads) {
  Result<std::vector<kvm_cpuid_entry2>> entries = guest_cpuid(capable_host(), LocalApicModel::kHidden);
  ASSERT_TRUE(entries) << entries.error().message;
  EXPECT_EQ(find(*entries, 0x6), nullptr);
  EXPECT_EQ(find(*entries, 0x8000'001F), nullptr);
  EXPECT_EQ(find(*entries, 0x0)->eax, 0xDu);
  EXPECT_EQ(find(*entries, 0x8000'0000)->eax, 0x8000'0008u);
  const kvm_cpuid_entry2* features = find(*entries, 0x1);
  EXPECT_TRUE(features->ecx & (1u << 31));   // hypervisor
  EXPECT_FALSE(features->ecx & (1u << 21));  // no x2APIC
  EXPECT_FALSE(features->ecx & (1u << 24));  // no TSC-deadline timer
  EXPECT_FALSE(features->edx & (1u << 9));   // no local APIC at all
  EXPECT_EQ(features->ebx >> 24, 0u);        // APIC ID 0
  EXPECT_TRUE(features->ecx & (1u << 30));   // RDRAND kept
}

TEST(GuestCpuid, OffersTheXapicModelButNoX2apicOrTscDeadline) {
  std::vector<kvm_cpuid_entry2> host = capable_host();
  host[1].edx &= ~(1u << 9);  // KVM_GET_SUPPORTED_CPUID without an irqchip may leave it off
  Result<std::vector<kvm_cpuid_entry2>> entries = guest_cpuid(host, LocalApicModel::kOffered);
  ASSERT_TRUE(entries) << entries.error().message;
  const kvm_cpuid_entry2* features = find(*entries, 0x1);
  EXPECT_TRUE(features->edx & (1u << 9));    // local APIC
  EXPECT_FALSE(features->ecx & (1u << 21));  // no x2APIC
  EXPECT_FALSE(features->ecx & (1u << 24));  // no TSC-deadline timer
  EXPECT_EQ(features->ebx >> 24, 0u);        // APIC ID 0, as the model's ID register
}

TEST(GuestCpuid, NamesAMissingRequiredFeature) {
  std::vector<kvm_cpuid_entry2> host = capable_host();
  host[1].ecx &= ~(1u << 30);
  Result<std::vector<kvm_cpuid_entry2>> entries = guest_cpuid(host, LocalApicModel::kHidden);
  ASSERT_FALSE(entries);
  EXPECT_EQ(entries.error().message,
            "this host's KVM does not offer RDRAND (the kernel's only source of randomness), which the ConfWL kernel needs");
  host = capable_host();
  host.erase(host.begin() + 5);  // no leaf 0x80000001
  entries = guest_cpuid(host, LocalApicModel::kHidden);
  ASSERT_FALSE(entries);
  EXPECT_NE(entries.error().message.find("NX"), std::string::npos);
}

TEST(BootGdt, HasFlatCodeDataAndTssDescriptors) {
  const std::vector<uint64_t> gdt = boot_gdt();
  ASSERT_EQ(gdt.size(), 4u);
  EXPECT_EQ(gdt[0], 0u);
  EXPECT_EQ(gdt[1], 0x00CF'9B00'0000'FFFFull);  // the classic flat 32-bit code descriptor
  EXPECT_EQ(gdt[2], 0x00CF'9300'0000'FFFFull);
  EXPECT_EQ(gdt[3], 0x0000'8B00'0000'0067ull);
}

}  // namespace
}  // namespace confwl::vmm::kvm
