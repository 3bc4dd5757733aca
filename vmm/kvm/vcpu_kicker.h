// Makes a vCPU thread leave KVM_RUN at a deadline, however the guest is spinning: a timer thread
// sets kvm_run.immediate_exit and signals the vCPU thread (the documented way: KVM API,
// "KVM_CAP_IMMEDIATE_EXIT"), so KVM_RUN returns EINTR now or on its next call. The vCPU thread
// clears immediate_exit after each KVM_RUN and then looks at the clock itself, so a kick that
// lands between two KVM_RUNs is never lost; it sets the next deadline (--timeout, the local APIC
// timer's next tick) before each KVM_RUN.
#pragma once
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace confwl::vmm::kvm {

class VcpuKicker {
 public:
  using Clock = std::chrono::steady_clock;

  // Call from the vCPU thread: that thread is the one that gets kicked.
  explicit VcpuKicker(kvm_run& run);
  VcpuKicker(const VcpuKicker&) = delete;
  VcpuKicker& operator=(const VcpuKicker&) = delete;
  ~VcpuKicker();

  // The next kick: at `deadline`, or none. Replaces the deadline set before; each one set is
  // kicked once. Cheap when the deadline did not change.
  void kick_at(std::optional<Clock::time_point> deadline);

 private:
  void wait_and_kick();

  kvm_run& run_;
  pthread_t vcpu_thread_;
  struct sigaction previous_action_ {};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Clock::time_point> deadline_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace confwl::vmm::kvm
