// The FPU/SSE/AVX state around a signal handler: saved into the signal frame so a handler using
// vector registers cannot corrupt the interrupted code, cleared for the handler, and restored
// (validated) by rt_sigreturn. XSAVE images carry Linux's _fpx_sw_bytes and FP_XSTATE_MAGIC2.
#pragma once
#include <stdint.h>

#include "lib/result.h"

namespace kernel {

// Bytes the FPU image takes in a signal frame (XSAVE area + magic2, or the 512-byte FXSAVE image).
uint64_t signal_fpstate_size();
// Whether the image is an XSAVE one (uc_flags UC_FP_XSTATE).
bool signal_fpstate_is_xsave();
// Writes the live FPU state to user memory at address (64-byte aligned, signal_fpstate_size bytes).
Status save_fpu_to_user(uint64_t address);
// Puts the FPU in its initial state (what a handler starts with, as on Linux).
void reset_fpu();
// Loads the image at address (0: the initial state). Reserved MXCSR bits and XSAVE header fields
// are cleared, so no image can make the restore fault. EFAULT when it cannot be read.
Status restore_fpu_from_user(uint64_t address);

}  // namespace kernel
