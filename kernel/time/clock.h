// Clocks for clock_gettime. CLOCK_MONOTONIC counts TSC ticks since boot. CLOCK_REALTIME adds the
// host's wall clock (kTimeRequest, untrusted: the workload gets whatever the host says), fetched on
// first use so that programs which never ask for the time never wait for the host.
#pragma once
#include <stdint.h>

namespace kernel {

// Call at boot: records the TSC origin of CLOCK_MONOTONIC.
void init_clock();

uint64_t monotonic_ns();
uint64_t realtime_ns();

}  // namespace kernel
