#include "vcpu_kicker.h"

namespace confwl::vmm::kvm {
namespace {

// A signal nothing else in confwl uses; its handler does nothing: its only job is to interrupt
// KVM_RUN (and a blocking console write) with EINTR.
const int kKickSignal = SIGUSR1;
void ignore_kick(int) {}

}  // namespace

VcpuKicker::VcpuKicker(kvm_run& run) : run_(run), vcpu_thread_(::pthread_self()) {
  struct sigaction action {};
  action.sa_handler = ignore_kick;  // no SA_RESTART: interrupted system calls return EINTR
  sigemptyset(&action.sa_mask);
  ::sigaction(kKickSignal, &action, &previous_action_);
  timer_ = std::thread([this] { wait_and_kick(); });
}

VcpuKicker::~VcpuKicker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  timer_.join();
  ::sigaction(kKickSignal, &previous_action_, nullptr);
}

void VcpuKicker::kick_at(std::optional<Clock::time_point> deadline) {
  {
    std::lock_guard lock(mutex_);
    if (deadline_ == deadline) return;
    deadline_ = deadline;
  }
  changed_.notify_all();
}

void VcpuKicker::wait_and_kick() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!deadline_) {
      changed_.wait(lock);
      continue;
    }
    if (changed_.wait_until(lock, *deadline_) == std::cv_status::timeout && Clock::now() >= *deadline_) {
      deadline_.reset();
      __atomic_store_n(&run_.immediate_exit, 1, __ATOMIC_SEQ_CST);
      ::pthread_kill(vcpu_thread_, kKickSignal);
    }
  }
}

}  // namespace confwl::vmm::kvm
