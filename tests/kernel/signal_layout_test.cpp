// The x86-64 signal frame's placement (Linux's get_sigframe), the rflags sigreturn accepts and the
// mask a handler runs under (kernel/process/signal_layout.h).
#include "process/signal_layout.h"

#include <gtest/gtest.h>

namespace kernel {
namespace {

constexpr uint64_t kXsaveImage = 832 + 4;  // x87 + SSE + AVX image and FP_XSTATE_MAGIC2

TEST(SignalFramePlacement, BelowTheRedZoneWithAlignedFpuImageAndCallAlignedFrame) {
  SignalStack none{0, kSsDisable, 0, 0};
  FramePlacement place = place_signal_frame(0x7fff'0000'1000, none, false, kXsaveImage);
  ASSERT_NE(place.frame, 0u);
  EXPECT_EQ(place.fpstate % 64, 0u);
  EXPECT_LE(place.fpstate + kXsaveImage, 0x7fff'0000'1000u - 128);  // the red zone stays untouched
  EXPECT_EQ((place.frame + 8) % 16, 0u);                            // rsp as right after a call
  EXPECT_LE(place.frame + sizeof(RtSigframe), place.fpstate);
}

TEST(SignalFramePlacement, AlternateStackOnlyWithOnStackAndNotNested) {
  SignalStack alternate{0x10'0000, 0, 0, 0x4000};
  FramePlacement place = place_signal_frame(0x7fff'0000'1000, alternate, true, kXsaveImage);
  EXPECT_GE(place.frame, alternate.ss_sp);
  EXPECT_LE(place.fpstate + kXsaveImage, alternate.ss_sp + alternate.ss_size);
  // Without SA_ONSTACK the thread's own stack is used.
  EXPECT_GT(place_signal_frame(0x7fff'0000'1000, alternate, false, kXsaveImage).frame, 0x7ffe'0000'0000u);
  // Already on the alternate stack: the frame goes below the current rsp there.
  uint64_t inside = alternate.ss_sp + 0x3000;
  FramePlacement nested = place_signal_frame(inside, alternate, true, kXsaveImage);
  EXPECT_LT(nested.frame, inside - 128);
  EXPECT_GE(nested.frame, alternate.ss_sp);
  EXPECT_TRUE(on_alternate_stack(inside, alternate));
  EXPECT_FALSE(on_alternate_stack(alternate.ss_sp, alternate));
  EXPECT_TRUE(on_alternate_stack(alternate.ss_sp + alternate.ss_size, alternate));
}

TEST(SignalFramePlacement, RefusesWhatDoesNotFit) {
  SignalStack small{0x10'0000, 0, 0, 1024};
  EXPECT_EQ(place_signal_frame(0x7fff'0000'1000, small, true, kXsaveImage).frame, 0u);
  SignalStack none{0, kSsDisable, 0, 0};
  EXPECT_EQ(place_signal_frame(64, none, false, kXsaveImage).frame, 0u);
  EXPECT_EQ(place_signal_frame(1024, none, false, kXsaveImage).frame, 0u);
  SignalStack wrapping{~0ull - 100, 0, 0, 0x4000};
  EXPECT_EQ(place_signal_frame(0x7fff'0000'1000, wrapping, true, kXsaveImage).frame, 0u);
  // A zeroed stack_t (a fresh thread) is no alternate stack.
  SignalStack zeroed{};
  EXPECT_FALSE(alternate_stack_enabled(zeroed));
  EXPECT_NE(place_signal_frame(0x7fff'0000'1000, zeroed, true, kXsaveImage).frame, 0u);
}

TEST(SignalReturnFlags, OnlyUserChangeableFlagsComeFromTheFrame) {
  constexpr uint64_t kCurrent = 0x202;  // IF and the reserved bit
  // IOPL 3, NT, RF, VM, VIF, VIP, ID from user memory are dropped; CF, ZF, DF, AC are taken.
  EXPECT_EQ(sanitized_rflags(kCurrent, 0x3000 | 0x4000 | 0x10000 | 0x20000 | 0x80000 | 0x100000 | 0x200000), kCurrent);
  EXPECT_EQ(sanitized_rflags(kCurrent, 0x1 | 0x40 | 0x400 | 0x40000), kCurrent | 0x1 | 0x40 | 0x400 | 0x40000);
  EXPECT_EQ(sanitized_rflags(kCurrent, 0), 0x202u);  // IF cannot be cleared from user memory
  EXPECT_EQ(sanitized_rflags(0x002, 0x200), 0x202u);  // and is set even if the saved rflags lacked it
  EXPECT_EQ(sanitized_rflags(0x002, 0), 0x202u);
}

TEST(SignalHandlerMask, AddsSaMaskAndTheSignalUnlessNoDefer) {
  KernelSigaction action{0x1000, sa::kRestorer, 0x2000, signal_bit(sig::kUsr2) | kUnblockableSignals};
  SignalSet mask = handler_mask(signal_bit(sig::kInt), action, sig::kUsr1);
  EXPECT_EQ(mask, signal_bit(sig::kInt) | signal_bit(sig::kUsr1) | signal_bit(sig::kUsr2));
  action.flags |= sa::kNoDefer;
  EXPECT_EQ(handler_mask(0, action, sig::kUsr1), signal_bit(sig::kUsr2));
  EXPECT_EQ(signal_bit(64), 1ull << 63);
}

}  // namespace
}  // namespace kernel
