#include "local_apic.h"

#include <algorithm>
#include <string>

#include "confwl/hex.h"

namespace confwl::vmm::kvm {
namespace {

constexpr uint32_t kSoftwareEnable = 1u << 8;          // SVR (11.9)
constexpr uint32_t kSpuriousWritable = 0x3FF;          // vector, enable, focus processor checking
constexpr uint32_t kLvtVector = 0xFF;                  // LVT timer fields (11.5.1, Figure 11-8)
constexpr uint32_t kLvtMasked = 1u << 16;
constexpr uint32_t kLvtModeShift = 17;
constexpr uint32_t kLvtPeriodic = 1u << kLvtModeShift;
constexpr uint32_t kModeOneShot = 0, kModePeriodic = 1, kModeTscDeadline = 2;
constexpr uint32_t kDivideWritable = 0xB;              // bits 0, 1, 3 (11.5.4, Figure 11-10)
constexpr uint8_t kFirstLegalVector = 16;              // 0-15 are illegal vectors (11.5.2)

constexpr const char* kProvided =
    "the APIC model has ID, version, TPR, EOI, SVR, LVT timer, initial count, current count and divide "
    "configuration, each as an aligned 4-byte access";

Error refused(const char* direction, uint64_t offset, size_t size, const std::string& why) {
  return Error{std::string("guest ") + direction + " local APIC offset " + hex_number(offset) + " (" +
               std::to_string(size) + " bytes), " + why};
}

Error not_provided(const char* direction, uint64_t offset, size_t size) {
  return refused(direction, offset, size, std::string("which is not in the device contract (") + kProvided + ")");
}

Status check_access(const char* direction, uint64_t offset, size_t size) {
  if (size != 4 || offset % 16 != 0 || offset >= LocalApic::kPageSize) return not_provided(direction, offset, size);
  return Ok{};
}

// The divide configuration's bits 3, 1, 0 as a shift: 0b000 divides by 2 ... 0b110 by 128, 0b111 by 1.
unsigned divide_shift(uint32_t configuration) {
  const uint32_t code = (configuration & 0x3) | ((configuration >> 1) & 0x4);
  return (code + 1) & 0x7;
}

}  // namespace

Result<uint32_t> LocalApic::read(uint64_t offset, size_t size, uint64_t now_ns) {
  if (Status status = check_access("read", offset, size); !status) return status.error();
  advance(now_ns);
  switch (static_cast<ApicRegister>(offset)) {
    case ApicRegister::kId: return uint32_t{0};  // vCPU 0, as CPUID.1:EBX[31:24] says
    case ApicRegister::kVersion: return kVersionValue;
    case ApicRegister::kTaskPriority: return task_priority_;
    case ApicRegister::kSpuriousInterruptVector: return spurious_vector_;
    case ApicRegister::kLvtTimer: return lvt_timer_;
    case ApicRegister::kInitialCount: return initial_count_;
    case ApicRegister::kCurrentCount: return current_count(now_ns);
    case ApicRegister::kDivideConfiguration: return divide_configuration_;
    case ApicRegister::kEoi: return refused("read", offset, size, "which is the write-only EOI register");
  }
  return not_provided("read", offset, size);
}

Status LocalApic::write(uint64_t offset, size_t size, uint32_t value, uint64_t now_ns) {
  if (Status status = check_access("wrote", offset, size); !status) return status;
  advance(now_ns);  // expiries up to now happen under the settings they were armed with
  switch (static_cast<ApicRegister>(offset)) {
    case ApicRegister::kTaskPriority: task_priority_ = value & 0xFF; return Ok{};
    case ApicRegister::kEoi: in_service_.reset(); return Ok{};
    case ApicRegister::kSpuriousInterruptVector:
      spurious_vector_ = value & kSpuriousWritable;
      if ((spurious_vector_ & kSoftwareEnable) == 0) lvt_timer_ |= kLvtMasked;  // 11.4.7.2
      return Ok{};
    case ApicRegister::kLvtTimer: return write_lvt_timer(value);
    case ApicRegister::kInitialCount:
      initial_count_ = value;
      counting_ = value != 0;  // a zero initial count stops the timer (11.5.4)
      segment_start_ns_ = now_ns;
      segment_count_ = value;
      return Ok{};
    case ApicRegister::kDivideConfiguration: write_divide_configuration(value, now_ns); return Ok{};
    case ApicRegister::kId: return refused("wrote", offset, size, "which is the APIC ID, kept at 0 by the model");
    case ApicRegister::kVersion:
    case ApicRegister::kCurrentCount: return refused("wrote", offset, size, "which is a read-only register");
  }
  return not_provided("wrote", offset, size);
}

Status LocalApic::write_lvt_timer(uint32_t value) {
  const uint32_t mode = (value >> kLvtModeShift) & 0x3;
  if (mode == kModeTscDeadline)
    return Error{"guest set the local APIC timer to TSC-deadline mode (LVT timer " + hex_number(value) +
                 "), which the APIC model does not offer (CPUID says so)"};
  if (mode != kModeOneShot && mode != kModePeriodic)
    return Error{"guest set the local APIC timer to the reserved mode 3 (LVT timer " + hex_number(value) + ")"};
  if ((value & kLvtMasked) == 0 && (value & kLvtVector) < kFirstLegalVector)
    return Error{"guest unmasked the local APIC timer with the illegal vector " + std::to_string(value & kLvtVector) +
                 " (LVT timer " + hex_number(value) + "; vectors 0-15 are illegal)"};
  // Delivery status (bit 12) is read-only and the other bits are reserved: not stored, as in hardware.
  lvt_timer_ = value & (kLvtVector | kLvtMasked | kLvtPeriodic);
  if ((spurious_vector_ & kSoftwareEnable) == 0) lvt_timer_ |= kLvtMasked;
  return Ok{};
}

// A new divider applies from now on to what is left of the count.
void LocalApic::write_divide_configuration(uint32_t value, uint64_t now_ns) {
  const uint32_t remaining = current_count(now_ns);
  divide_configuration_ = value & kDivideWritable;
  divide_shift_ = divide_shift(divide_configuration_);
  if (!counting_) return;
  segment_start_ns_ = now_ns;
  segment_count_ = remaining;
}

uint32_t LocalApic::current_count(uint64_t now_ns) const {
  if (!counting_) return 0;
  const uint64_t elapsed = now_ns > segment_start_ns_ ? now_ns - segment_start_ns_ : 0;
  const uint64_t ticks = elapsed >> divide_shift_;
  return ticks >= segment_count_ ? 0 : static_cast<uint32_t>(segment_count_ - ticks);
}

uint64_t LocalApic::segment_ns(uint32_t count) const {
  return std::max(uint64_t{count} << divide_shift_, kMinimumPeriodNs);
}

bool LocalApic::masked() const { return (lvt_timer_ & kLvtMasked) != 0; }

void LocalApic::advance(uint64_t now_ns) {
  if (!counting_) return;
  const uint64_t expiry = segment_start_ns_ + segment_ns(segment_count_);
  if (now_ns < expiry) return;
  if (!masked()) requested_ = static_cast<uint8_t>(lvt_timer_ & kLvtVector);
  if ((lvt_timer_ & kLvtPeriodic) == 0) {
    counting_ = false;
    return;
  }
  const uint64_t period = segment_ns(initial_count_);
  segment_start_ns_ = expiry + (now_ns - expiry) / period * period;  // missed periods: one interrupt
  segment_count_ = initial_count_;
}

std::optional<uint64_t> LocalApic::next_interrupt_ns() const {
  if (!counting_ || masked()) return std::nullopt;
  return segment_start_ns_ + segment_ns(segment_count_);
}

bool LocalApic::accepts(uint8_t vector) const {
  const unsigned priority_class = vector >> 4;
  if ((spurious_vector_ & kSoftwareEnable) == 0) return false;
  if (in_service_ && (*in_service_ >> 4) >= priority_class) return false;
  return priority_class > (task_priority_ >> 4);
}

std::optional<uint8_t> LocalApic::deliverable_vector() const {
  if (!requested_ || !accepts(*requested_)) return std::nullopt;
  return requested_;
}

std::optional<uint64_t> LocalApic::wake_ns(uint64_t now_ns) const {
  if (deliverable_vector()) return now_ns;
  if (requested_) return std::nullopt;  // held back; later expiries only coalesce into it
  const std::optional<uint64_t> next = next_interrupt_ns();
  if (!next || !accepts(static_cast<uint8_t>(lvt_timer_ & kLvtVector))) return std::nullopt;
  return next;
}

void LocalApic::delivered() {
  in_service_ = requested_;
  requested_.reset();
}

}  // namespace confwl::vmm::kvm
