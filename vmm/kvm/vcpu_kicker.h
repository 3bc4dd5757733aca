// Makes a vCPU thread leave KVM_RUN at a deadline, however the guest is spinning: a timer thread
// sets kvm_run.immediate_exit and signals the vCPU thread (the documented way: KVM API,
// "KVM_CAP_IMMEDIATE_EXIT"), so KVM_RUN returns EINTR now or on its next call.
#pragma once
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
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

  // Kick at `deadline` (an earlier deadline replaces a later one).
  void kick_at(Clock::time_point deadline);
  bool kicked() const { return kicked_.load(); }

 private:
  void wait_and_kick();

  kvm_run& run_;
  pthread_t vcpu_thread_;
  struct sigaction previous_action_ {};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Clock::time_point> deadline_;
  bool stopping_ = false;
  std::atomic<bool> kicked_{false};
  std::thread timer_;
};

}  // namespace confwl::vmm::kvm
