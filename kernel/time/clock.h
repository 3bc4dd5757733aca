// Clocks for clock_gettime. CLOCK_MONOTONIC counts TSC ticks since boot. CLOCK_REALTIME adds the
// host's wall clock (kTimeRequest, untrusted: the workload gets whatever the host says), fetched on
// first use so that programs which never ask for the time never wait for the host.
#pragma once
#include <stdint.h>

namespace kernel {

// Call at boot: records the TSC origin of CLOCK_MONOTONIC.
void init_clock();

uint64_t monotonic_ns();
// TSC ticks as nanoseconds (CPU time is counted in ticks; the frequency is learnt on first use).
uint64_t tsc_ticks_to_ns(uint64_t ticks);
uint64_t realtime_ns();

}  // namespace kernel
