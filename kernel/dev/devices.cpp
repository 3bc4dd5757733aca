// /dev/null, /dev/zero, /dev/urandom (RDRAND, never the host) and the dispatch to the console and
// attestation devices.
#include "dev/devices.h"

#include "arch/x86_64/cpu_setup.h"
#include "lib/string.h"
#include "preset/subsystems.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

constexpr uint64_t kChunk = 256;

// Fills user memory chunk by chunk from fill(chunk, count).
template <typename Fill>
Result<uint64_t> produce(uint64_t user_buffer, uint64_t size, Fill fill) {
  uint8_t chunk[kChunk];
  uint64_t done = 0;
  while (done < size) {
    uint64_t count = size - done < kChunk ? size - done : kChunk;
    fill(chunk, count);
    if (!copy_to_user(user_buffer + done, chunk, count).ok()) {
      if (done > 0) return done;
      return Errno::kFault;
    }
    done += count;
  }
  return done;
}

void fill_random(uint8_t* bytes, uint64_t count) {
  for (uint64_t i = 0; i < count; i += 8) {
    uint64_t value = x86::random_u64();
    memcpy(bytes + i, &value, count - i < 8 ? count - i : 8);
  }
}

}  // namespace

Result<uint64_t> device_read(Device device, uint64_t offset, uint64_t user_buffer, uint64_t size, bool may_block) {
  switch (device) {
    case Device::kConsole: return console_read(user_buffer, size, may_block);
    case Device::kNull: return uint64_t{0};
    case Device::kZero: return produce(user_buffer, size, [](uint8_t* bytes, uint64_t count) { memset(bytes, 0, count); });
    case Device::kRandom: return produce(user_buffer, size, fill_random);
    // The attestation nodes exist only in kernels with attestation (preset/subsystems.h).
    case Device::kReportData:
      if constexpr (kPresetHasAttestation) return report_data_read(offset, user_buffer, size);
      break;
    case Device::kReport:
      if constexpr (kPresetHasAttestation) return report_read(offset, user_buffer, size);
      break;
    case Device::kNone: break;
  }
  return Errno::kInvalid;
}

Result<uint64_t> device_write(Device device, uint64_t offset, uint64_t user_buffer, uint64_t size) {
  switch (device) {
    case Device::kConsole: return console_write(user_buffer, size);
    case Device::kNull:
    case Device::kZero:
    case Device::kRandom: return size;  // discarded; random input never feeds the generator
    case Device::kReportData:
      if constexpr (kPresetHasAttestation) return report_data_write(offset, user_buffer, size);
      break;
    case Device::kReport: return Errno::kBadFd;
    case Device::kNone: break;
  }
  return Errno::kInvalid;
}

bool device_seekable(Device device) { return device != Device::kConsole; }

}  // namespace kernel
