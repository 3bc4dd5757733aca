#include "time/clock.h"

#include "arch/x86_64/cpu.h"
#include "confwl/abi/hostcall.h"
#include "hostcall/channel.h"
#include "lib/checked.h"
#include "lib/print.h"
#include "lib/string.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;

// Bounds on a TSC frequency the kernel believes (from CPUID or from calibration against the host).
constexpr uint64_t kMinimumTscHz = 100'000'000;
constexpr uint64_t kMaximumTscHz = 20'000'000'000;
// Ticks between the two host time samples of a calibration: a few milliseconds on current CPUs,
// long against the jitter of a serial round trip. Where in its round trip the host read its clock
// is not known; the same delay at both ends cancels out, but a loaded host answers one of them late
// (a 50 ms hiccup against a 5 ms interval made frequencies of 10x). So a few samples are taken at
// each end and the quickest answer kept, and the interval is stretched until the difference of the
// two round trips is below 1/kCalibrationPrecision of it, or kCalibrationMaximumTicks have passed.
constexpr uint64_t kCalibrationTicks = 1ull << 24;
constexpr uint64_t kCalibrationMaximumTicks = 1ull << 32;
constexpr uint64_t kCalibrationPrecision = 64;
constexpr int kSamplesPerEnd = 3;

uint64_t boot_tsc = 0;
uint64_t tsc_hz = 0;          // 0 until known
bool realtime_known = false;
uint64_t realtime_at_boot_ns = 0;

// CPUID 0x15 (TSC/crystal ratio and crystal frequency), else 0x16 (base frequency in MHz).
uint64_t tsc_hz_from_cpuid() {
  uint32_t max_leaf = x86::cpuid(0).eax;
  if (max_leaf >= 0x15) {
    x86::CpuidResult leaf = x86::cpuid(0x15);
    if (leaf.eax != 0 && leaf.ebx != 0 && leaf.ecx != 0) return uint64_t{leaf.ecx} * leaf.ebx / leaf.eax;
  }
  if (max_leaf >= 0x16) {
    uint32_t mhz = x86::cpuid(0x16).eax & 0xFFFF;
    if (mhz != 0) return uint64_t{mhz} * 1'000'000;
  }
  return 0;
}

struct HostSample {
  uint64_t realtime_ns;
  uint64_t tsc;          // the midpoint of the round trip
  uint64_t round_trip;  // ticks
};

HostSample ask_host_time() {
  uint64_t sent = x86::read_tsc();
  send_frame(abi::HostcallType::kTimeRequest, nullptr, 0);
  Frame reply = wait_for_frame(abi::HostcallType::kTimeReply);
  uint64_t received = x86::read_tsc();
  abi::HostcallTimeReply time;
  if (reply.size != sizeof time) panic("hostcall: time reply of %u bytes, expected 8", reply.size);
  memcpy(&time, reply.payload, sizeof time);
  return HostSample{time.realtime_ns, sent + (received - sent) / 2, received - sent};
}

// The sample with the shortest round trip of a few: the one whose time is known best.
HostSample best_host_sample() {
  HostSample best = ask_host_time();
  for (int i = 1; i < kSamplesPerEnd; ++i) {
    HostSample next = ask_host_time();
    if (next.round_trip < best.round_trip) best = next;
  }
  return best;
}

uint64_t calibrate_tsc_hz(const HostSample& first) {
  for (uint64_t wait = kCalibrationTicks;;) {
    while (x86::read_tsc() - first.tsc < wait) x86::pause();
    HostSample second = best_host_sample();
    uint64_t span = second.tsc - first.tsc;
    uint64_t jitter = second.round_trip > first.round_trip ? second.round_trip - first.round_trip
                                                            : first.round_trip - second.round_trip;
    if (jitter * kCalibrationPrecision <= span || span >= kCalibrationMaximumTicks) {
      uint64_t elapsed_ns = second.realtime_ns > first.realtime_ns ? second.realtime_ns - first.realtime_ns : 0;
      return multiply_divide(span, 1'000'000'000, elapsed_ns);
    }
    wait = jitter * kCalibrationPrecision;
  }
}

uint64_t ticks_to_ns(uint64_t ticks) {
  return multiply_divide(ticks, 1'000'000'000, tsc_hz);
}

void learn_time() {
  HostSample first = tsc_hz == 0 ? best_host_sample() : ask_host_time();
  if (tsc_hz == 0) {
    uint64_t hz = calibrate_tsc_hz(first);
    if (hz < kMinimumTscHz || hz > kMaximumTscHz) panic("the host's clock gives an implausible TSC frequency (%lu Hz)", hz);
    tsc_hz = hz;
  }
  uint64_t since_boot = ticks_to_ns(first.tsc - boot_tsc);
  realtime_at_boot_ns = first.realtime_ns > since_boot ? first.realtime_ns - since_boot : 0;
  realtime_known = true;
}

}  // namespace

void init_clock() {
  boot_tsc = x86::read_tsc();
  uint64_t hz = tsc_hz_from_cpuid();
  if (hz >= kMinimumTscHz && hz <= kMaximumTscHz) tsc_hz = hz;
}

uint64_t monotonic_ns() {
  if (tsc_hz == 0) learn_time();
  return ticks_to_ns(x86::read_tsc() - boot_tsc);
}

uint64_t tsc_ticks_to_ns(uint64_t ticks) {
  if (tsc_hz == 0) learn_time();
  return ticks_to_ns(ticks);
}

uint64_t realtime_ns() {
  if (!realtime_known) learn_time();
  return realtime_at_boot_ns + monotonic_ns();
}

}  // namespace kernel
