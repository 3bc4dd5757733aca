#include "confwl/vmm/kvm_engine.h"

#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <thread>

#include "confwl/checked.h"
#include "confwl/hex.h"
#include "confwl/sealed_image.h"
#include "confwl/vmm/run_outcome.h"
#include "apic_device.h"
#include "device_contract.h"
#include "guest_memory.h"
#include "image_loader.h"
#include "kvm_vm.h"
#include "pvh_start_info.h"
#include "vcpu_kicker.h"
#include "vcpu_setup.h"

namespace confwl::vmm {
namespace {

using kvm::VcpuKicker;

// How long the guest may take to reach the debug-exit port after kExit (the kernel writes it next).
constexpr auto kExitGrace = std::chrono::seconds(2);

// What one KVM exit means for the run: go on, or stop (with how the guest ended).
struct Step {
  std::optional<GuestEnd> end;
};

using Clock = VcpuKicker::Clock;

uint64_t monotonic_ns(Clock::time_point time) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count());
}

class VcpuLoop {
 public:
  VcpuLoop(kvm::KvmVm& vm, kvm::DeviceContract& devices, HostcallServer& server, HostcallDecoder& decoder,
           const GuestRunOptions& options)
      : vm_(vm), devices_(devices), server_(server), decoder_(decoder), options_(options), kicker_(vm.run_area()) {
    if (options.timeout_seconds)
      stop_at_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(*options.timeout_seconds));
    if (kvm::local_apic_model_for(options.memory_bytes) == kvm::LocalApicModel::kOffered) apic_.emplace(vm.vcpu_fd());
  }

  Result<int> run();

 private:
  Status before_entry(Clock::time_point now);
  Result<int> stopped();
  Result<Step> handle_exit();
  Result<Step> handle_io();
  Result<Step> handle_mmio();
  Result<Step> handle_halt();
  bool wait_for_interrupt();
  std::string where() const;

  kvm::KvmVm& vm_;
  kvm::DeviceContract& devices_;
  HostcallServer& server_;
  HostcallDecoder& decoder_;
  const GuestRunOptions& options_;
  VcpuKicker kicker_;
  std::optional<kvm::ApicDevice> apic_;          // none when guest RAM covers its page
  std::optional<Clock::time_point> stop_at_;     // --timeout, or the grace period after kExit
  bool grace_started_ = false;
};

// The clock decides, not the kick: immediate_exit is cleared first, so a kick that lands
// between two KVM_RUNs is seen here or makes the next KVM_RUN return at once.
Result<int> VcpuLoop::run() {
  while (true) {
    __atomic_store_n(&vm_.run_area().immediate_exit, 0, __ATOMIC_SEQ_CST);
    const Clock::time_point now = Clock::now();
    if (stop_at_ && now >= *stop_at_) return stopped();
    if (Status status = before_entry(now); !status) {
      devices_.flush_console();
      return status.error();
    }
    if (::ioctl(vm_.vcpu_fd(), KVM_RUN, 0) != 0) {
      if (errno != EINTR && errno != EAGAIN) return kvm::ioctl_error("KVM_RUN");
      continue;
    }
    Result<Step> step = handle_exit();
    if (!step) {
      devices_.flush_console();
      return step.error();
    }
    if (server_.exit_status() && !grace_started_) {
      grace_started_ = true;
      const Clock::time_point grace_end = Clock::now() + kExitGrace;
      stop_at_ = stop_at_ ? std::min(*stop_at_, grace_end) : grace_end;
    }
    if (step->end) {
      devices_.flush_console();
      return conclude_run(server_, decoder_, *step->end, options_);
    }
  }
}

// Queues a due timer interrupt and sets the next kick: the earlier of the stop time and the next tick.
// Console output may wait for our stdout until the stop time, no later.
Status VcpuLoop::before_entry(Clock::time_point now) {
  devices_.set_output_deadline(stop_at_);
  std::optional<Clock::time_point> kick = stop_at_;
  if (apic_) {
    if (Status status = apic_->before_entry(vm_.run_area(), monotonic_ns(now)); !status) return status;
    if (std::optional<uint64_t> tick = apic_->apic().next_interrupt_ns()) {
      const Clock::time_point tick_at{std::chrono::nanoseconds(*tick)};
      kick = kick ? std::min(*kick, tick_at) : tick_at;
    }
  }
  kicker_.kick_at(kick);
  return Ok{};
}

Result<int> VcpuLoop::stopped() {
  devices_.flush_console();
  if (server_.exit_status())  // kExit came, then the grace period ran out: kExit decides
    return conclude_run(server_, decoder_, {devices_.debug_exit_status(), "it was stopped"}, options_);
  return report_timeout(options_);
}

// " at rip 0x..." for messages about the vCPU's state, or "" if the registers cannot be read.
std::string VcpuLoop::where() const {
  kvm_regs regs{};
  if (::ioctl(vm_.vcpu_fd(), KVM_GET_REGS, &regs) != 0) return "";
  return " at rip " + hex_number(regs.rip);
}

Result<Step> VcpuLoop::handle_exit() {
  const kvm_run& run = vm_.run_area();
  switch (run.exit_reason) {
    case KVM_EXIT_IO: return handle_io();
    case KVM_EXIT_HLT: return handle_halt();
    case KVM_EXIT_MMIO: return handle_mmio();
    case KVM_EXIT_IRQ_WINDOW_OPEN: return Step{};  // before_entry queues the interrupt
    case KVM_EXIT_SHUTDOWN:  // KVM has reset the vCPU by now: its registers say nothing about the fault
      return Step{GuestEnd{devices_.debug_exit_status(), "the guest shut down (triple fault)"}};
    case KVM_EXIT_FAIL_ENTRY:
      return Error{"KVM could not enter the guest (hardware entry failure reason " +
                   hex_number(run.fail_entry.hardware_entry_failure_reason) + ")" + where()};
    case KVM_EXIT_INTERNAL_ERROR:
      return Error{"KVM internal error (suberror " + std::to_string(run.internal.suberror) +
                   ", e.g. an instruction KVM cannot emulate)" + where()};
    case KVM_EXIT_SYSTEM_EVENT:
      return Step{GuestEnd{devices_.debug_exit_status(), "the guest requested a system event (type " +
                                                             std::to_string(run.system_event.type) + ")"}};
    default:
      return Error{"unexpected KVM exit reason " + std::to_string(run.exit_reason) + where()};
  }
}

// Each access of a (possibly REP) IN/OUT. The data lives in the kvm_run area at an offset KVM
// gives; it is checked against the area before use.
Result<Step> VcpuLoop::handle_io() {
  const auto& io = vm_.run_area().io;
  const std::optional<uint64_t> bytes = checked_mul<uint64_t>(io.size, io.count);
  if (!bytes || !range_within(io.data_offset, *bytes, vm_.run_area_size()))
    return Error{"KVM reported port I/O data outside the kvm_run area"};
  auto* data = reinterpret_cast<std::byte*>(&vm_.run_area()) + io.data_offset;
  for (uint32_t i = 0; i < io.count; ++i) {
    const std::span<std::byte> item(data + static_cast<size_t>(i) * io.size, io.size);
    Status status = io.direction == KVM_EXIT_IO_OUT ? devices_.port_out(io.port, item) : devices_.port_in(io.port, item);
    if (!status) return status.error();
  }
  if (io.port == kvm::kDebugExitPort && devices_.debug_exit_value())
    return Step{GuestEnd{devices_.debug_exit_status(), "it wrote " + hex_number(*devices_.debug_exit_value()) +
                                                           " to the debug-exit port, whose low 7 bits (all "
                                                           "isa-debug-exit can report) are 0"}};
  return Step{};
}

Result<Step> VcpuLoop::handle_mmio() {
  const kvm_run& run = vm_.run_area();
  if (apic_ && kvm::ApicDevice::claims(run.mmio.phys_addr)) {
    if (Status status = apic_->mmio(vm_.run_area(), monotonic_ns(Clock::now())); !status)
      return Error{status.error().message + where()};
    return Step{};
  }
  return Error{"guest " + std::string(run.mmio.is_write ? "wrote" : "read") + " guest-physical address " +
               hex_number(run.mmio.phys_addr) + where() + ", outside its " + std::to_string(options_.memory_bytes) +
               " bytes of RAM" + (apic_ ? " and the local APIC page" : " (no MMIO device is emulated)")};
}

// KVM has moved rip past the HLT, so entering the guest again wakes it: only once an interrupt
// is deliverable (or the run is to stop). False if none will ever come (LocalApic::wake_ns).
bool VcpuLoop::wait_for_interrupt() {
  if (!apic_) return false;
  while (true) {
    const Clock::time_point now = Clock::now();
    apic_->apic().advance(monotonic_ns(now));
    if (stop_at_ && now >= *stop_at_) return true;
    const std::optional<uint64_t> wake = apic_->apic().wake_ns(monotonic_ns(now));
    if (!wake) return false;
    const Clock::time_point wake_at{std::chrono::nanoseconds(*wake)};
    if (wake_at <= now) return true;
    std::this_thread::sleep_until(stop_at_ ? std::min(*stop_at_, wake_at) : wake_at);
  }
}

// A halt with interrupts on waits for the local APIC timer; one that nothing can wake (interrupts
// off, or no timer armed) ends the run.
Result<Step> VcpuLoop::handle_halt() {
  kvm_regs regs{};
  if (::ioctl(vm_.vcpu_fd(), KVM_GET_REGS, &regs) != 0) return kvm::ioctl_error("KVM_GET_REGS");
  constexpr uint64_t kInterruptFlag = 1u << 9;
  if ((regs.rflags & kInterruptFlag) && wait_for_interrupt()) return Step{};
  const char* state = (regs.rflags & kInterruptFlag) ? "waiting for an interrupt no device sends"
                                                     : "with interrupts off";
  return Step{GuestEnd{devices_.debug_exit_status(),
                       std::string("the guest halted ") + state + " at rip " + hex_number(regs.rip)}};
}

// Everything up to the first instruction: VM, RAM, image, PVH hand-over, vCPU state.
Status prepare(kvm::KvmVm& vm, kvm::GuestMemory& memory, std::span<const std::byte> image,
               const SealedImage& sealed) {
  if (Status status = vm.map_memory(memory.bytes()); !status) return status;
  if (Status status = kvm::load_image_segments(image, sealed.segments, memory.bytes()); !status) return status;
  if (Status status = kvm::write_pvh_start_info(memory.bytes()); !status) return status;
  return kvm::setup_boot_vcpu(vm.system_fd(), vm.vcpu_fd(), sealed.pvh_entry, memory.bytes(),
                              kvm::local_apic_model_for(memory.bytes().size()));
}

}  // namespace

Result<int> run_on_kvm(std::span<const std::byte> image, HostcallServer& server, const GuestRunOptions& options) {
  Result<SealedImage> sealed = parse_sealed_image(image, Digests::kSkip);  // only the layout is used
  if (!sealed) return sealed.error();
  Result<kvm::KvmVm> vm = kvm::KvmVm::create();
  if (!vm) return vm.error();
  Result<kvm::GuestMemory> memory = kvm::GuestMemory::create(options.memory_bytes);
  if (!memory) return memory.error();
  if (Status status = prepare(*vm, *memory, image, *sealed); !status) return status.error();
  if (options.verbose)
    std::fprintf(options.diagnostics, "confwl: kvm engine: %s bytes of RAM, PVH entry %s, %s\n",
                 std::to_string(options.memory_bytes).c_str(), hex_number(sealed->pvh_entry).c_str(),
                 kvm::local_apic_model_for(options.memory_bytes) == kvm::LocalApicModel::kOffered
                     ? "local APIC timer model"
                     : "no local APIC (RAM covers its page: threads switch at syscalls only)");
  HostcallDecoder decoder;
  Result<kvm::DeviceContract> devices = kvm::DeviceContract::create(server, decoder, options.stdin_fd, options.stdout_fd);
  if (!devices) return devices.error();
  return VcpuLoop(*vm, *devices, server, decoder, options).run();
}

}  // namespace confwl::vmm
