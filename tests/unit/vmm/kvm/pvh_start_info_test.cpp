#include "pvh_start_info.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "kvm_layout.h"

namespace confwl::vmm::kvm {
namespace {

TEST(PvhStartInfo, WritesVersionOneWithAMemoryMapOfLowAndHighRam) {
  std::vector<std::byte> memory(16 << 20);
  ASSERT_TRUE(write_pvh_start_info(memory));
  abi::HvmStartInfo info;
  std::memcpy(&info, memory.data() + kStartInfoAddress, sizeof info);
  EXPECT_EQ(info.magic, abi::kHvmStartMagic);
  EXPECT_EQ(info.version, 1u);
  EXPECT_EQ(info.nr_modules, 0u);
  EXPECT_EQ(info.cmdline_paddr, 0u);
  ASSERT_EQ(info.memmap_paddr, kMemmapAddress);
  ASSERT_EQ(info.memmap_entries, 2u);
  abi::HvmMemmapEntry map[2];
  std::memcpy(map, memory.data() + kMemmapAddress, sizeof map);
  EXPECT_EQ(map[0].addr, 0u);
  EXPECT_EQ(map[0].size, 0xA0000u);
  EXPECT_EQ(map[1].addr, 0x100000u);
  EXPECT_EQ(map[1].size, (16u << 20) - 0x100000u);
  EXPECT_EQ(map[1].type, abi::kE820Ram);
}

TEST(PvhStartInfo, FailsWhenMemoryCannotHoldIt) {
  std::vector<std::byte> memory(0x1000);
  Status status = write_pvh_start_info(memory);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("does not fit"), std::string::npos);
}

}  // namespace
}  // namespace confwl::vmm::kvm
