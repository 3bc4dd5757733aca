#include "confwl/vmm/guest_report.h"

#include <gtest/gtest.h>

namespace confwl::vmm {
namespace {

TEST(GuestReport, DescribesAPageFaultWithItsAddress) {
  EXPECT_EQ(describe_crash({14, 11, 4, 0x401a2c, 0x7ffffffde000, 0}),
            "page fault (vector 14) at rip 0x401a2c, address 0x0, error 0x4");
}

TEST(GuestReport, DescribesOtherFaultsWithoutAnAddress) {
  EXPECT_EQ(describe_crash({13, 11, 0, 0x401000, 0, 0}),
            "general protection fault (vector 13) at rip 0x401000, error 0x0");
  EXPECT_EQ(describe_crash({6, 4, 0, 0x10, 0, 0}), "invalid opcode (vector 6) at rip 0x10, error 0x0");
  EXPECT_EQ(describe_crash({30, 11, 0, 0x10, 0, 0}), "exception (vector 30) at rip 0x10, error 0x0");
}

TEST(GuestReport, NamesCommonSyscalls) {
  EXPECT_STREQ(syscall_name(0), "read");
  EXPECT_STREQ(syscall_name(435), "clone3");
  EXPECT_EQ(syscall_name(999), nullptr);
  EXPECT_EQ(describe_syscall_counts({{302, 1}, {435, 2}, {999, 3}}),
            "prlimit64 (302) x1, clone3 (435) x2, 999 x3");
  EXPECT_EQ(describe_syscall_counts({}), "");
}

}  // namespace
}  // namespace confwl::vmm
