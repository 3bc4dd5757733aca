#include "boot/memory_map.h"

#include <gtest/gtest.h>

namespace {

namespace abi = confwl::abi;

abi::HvmStartInfo valid_start_info() {
  abi::HvmStartInfo info{};
  info.magic = abi::kHvmStartMagic;
  info.version = 1;
  info.memmap_paddr = 0x7000;
  info.memmap_entries = 3;
  return info;
}

TEST(StartInfo, AcceptsAValidOne) { EXPECT_TRUE(kernel::validate_start_info(valid_start_info()).ok()); }

TEST(StartInfo, RejectsBadMagicVersionAndCounts) {
  auto info = valid_start_info();
  info.magic = 1;
  EXPECT_FALSE(kernel::validate_start_info(info).ok());
  info = valid_start_info();
  info.version = 0;
  EXPECT_FALSE(kernel::validate_start_info(info).ok());
  info = valid_start_info();
  info.memmap_entries = 129;
  EXPECT_FALSE(kernel::validate_start_info(info).ok());
  info = valid_start_info();
  info.memmap_paddr = 0xFFFF'FFFF'FFFF'FFF0;
  EXPECT_FALSE(kernel::validate_start_info(info).ok());
}

TEST(MemoryMap, KeepsRamAboveTheReservedEndPageAligned) {
  const abi::HvmMemmapEntry entries[] = {
      {0, 0x9FC00, abi::kE820Ram, 0},
      {0x9FC00, 0x400, 2, 0},
      {0x100000, 0x3F00123, abi::kE820Ram, 0},
  };
  auto usable = kernel::usable_memory(entries, 3, 0x500000);
  ASSERT_TRUE(usable.ok()) << usable.error().message;
  ASSERT_EQ(usable.value().count, 1u);
  EXPECT_EQ(usable.value().ranges[0].start, 0x500000u);
  EXPECT_EQ(usable.value().ranges[0].end, 0x4000000u);
  EXPECT_EQ(usable.value().end, 0x4000000u);
}

TEST(MemoryMap, RejectsOverflowOverlapAndNoRam) {
  const abi::HvmMemmapEntry overflow[] = {{0xFFFF'FFFF'FFFF'0000, 0x20000, abi::kE820Ram, 0}};
  EXPECT_STREQ(kernel::usable_memory(overflow, 1, 0).error().message,
               "memory map: an entry's address + size overflows");
  const abi::HvmMemmapEntry overlap[] = {{0x100000, 0x1000000, abi::kE820Ram, 0},
                                         {0x800000, 0x1000000, abi::kE820Ram, 0}};
  EXPECT_STREQ(kernel::usable_memory(overlap, 2, 0).error().message, "memory map: RAM entries overlap");
  const abi::HvmMemmapEntry small[] = {{0x100000, 0x300000, abi::kE820Ram, 0}};
  EXPECT_STREQ(kernel::usable_memory(small, 1, 0x500000).error().message,
               "memory map: no RAM above the sealed image");
}

TEST(MemoryMap, RamCovers) {
  const abi::HvmMemmapEntry entries[] = {{0x100000, 0x1000000, abi::kE820Ram, 0}};
  EXPECT_TRUE(kernel::ram_covers(entries, 1, 0x100000, 0x1100000));
  EXPECT_FALSE(kernel::ram_covers(entries, 1, 0x100000, 0x1100001));
}

}  // namespace
