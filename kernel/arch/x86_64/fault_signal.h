// A fault in user mode becomes a signal for the faulting thread: if it has a handler for it (and
// does not block it), the handler runs on a frame that records every register, the trap number,
// the error code and cr2, and rt_sigreturn resumes the interrupted instruction (or wherever the
// handler pointed uc_mcontext). Otherwise the fault stays fatal (the crash report).
#pragma once
#include <stdint.h>

#include "arch/x86_64/trap_frame.h"

namespace kernel {

// True if the handler's frame was built: the exception return enters the handler.
bool deliver_fault_to_handler(x86::TrapFrame& frame, uint32_t signal, uint64_t fault_address);

}  // namespace kernel
