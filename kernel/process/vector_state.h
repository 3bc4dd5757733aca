// A thread's FPU/SSE/AVX registers, saved to and restored from the physical frame it owns (an
// XSAVE area when CR4.OSXSAVE is set, else an FXSAVE area) when threads switch.
#pragma once
#include <stdint.h>

namespace kernel {

void save_vector_state(uint64_t area_frame);
void restore_vector_state(uint64_t area_frame);

}  // namespace kernel
