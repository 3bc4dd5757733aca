#include "boot/igvm_memory_map.h"

#include <gtest/gtest.h>

#include <string>

namespace {

namespace abi = confwl::abi;

struct Page {
  abi::IgvmMemoryMapEntry entries[abi::kIgvmMemoryMapCapacity]{};
};

TEST(IgvmMemoryMap, TurnsEntriesIntoE820UpToTheTerminator) {
  Page page;
  page.entries[0] = {0, 0xA0, abi::kIgvmMemoryMapMemory, 0, 0};
  page.entries[1] = {0x100, 0x3F00, abi::kIgvmMemoryMapMemory, 0, 0};
  page.entries[2] = {0xFEC00, 1, 1, 0, 0};  // PLATFORM_RESERVED
  page.entries[4] = {0x200000, 1, 0, 0, 0};  // after the terminator: ignored
  abi::HvmMemmapEntry out[kernel::kMaxMemmapEntries];
  auto count = kernel::igvm_memory_map(page.entries, out);
  ASSERT_TRUE(count.ok());
  ASSERT_EQ(count.value(), 3u);
  EXPECT_EQ(out[1].addr, 0x100000u);
  EXPECT_EQ(out[1].size, 0x3F00000u);
  EXPECT_EQ(out[1].type, abi::kE820Ram);
  EXPECT_EQ(out[2].addr, 0xFEC00000u);
  EXPECT_NE(out[2].type, abi::kE820Ram);
}

TEST(IgvmMemoryMap, RejectsEmptyOverflowingAndUnterminatedMaps) {
  abi::HvmMemmapEntry out[kernel::kMaxMemmapEntries];
  Page empty;
  EXPECT_EQ(std::string(kernel::igvm_memory_map(empty.entries, out).error().message), "IGVM memory map: empty");
  Page overflow;
  overflow.entries[0] = {0xFFFF'FFFF'FFFF'0000, 0x10, 0, 0, 0};
  EXPECT_EQ(std::string(kernel::igvm_memory_map(overflow.entries, out).error().message),
            "IGVM memory map: an entry's address + size overflows");
  Page full;
  for (auto& entry : full.entries) entry = {0x100, 1, 0, 0, 0};
  EXPECT_EQ(std::string(kernel::igvm_memory_map(full.entries, out).error().message),
            "IGVM memory map: more than 128 entries");
}

}  // namespace
