// The guest's attestation interface (Gramine's shape): write 64 bytes of report data to
// /dev/attestation/user_report_data, read /dev/attestation/report. Reading the report from offset
// 0 asks the (simulated) PSP over the hostcall channel (kAttestationRequest) and keeps the reply;
// the reply is host input, so its layout, status and size are checked before a byte reaches the
// workload.
#include "confwl/abi/hostcall.h"
#include "dev/devices.h"
#include "hostcall/channel.h"
#include "lib/string.h"
#include "syscalls/user_access.h"

namespace kernel {
namespace {

namespace abi = confwl::abi;

constexpr uint64_t kReportDataSize = sizeof(abi::HostcallAttestationRequest::report_data);

uint8_t report_data[kReportDataSize];
uint8_t report[abi::kSnpAttestationReportSize];
bool report_valid = false;

// The report as the host sent it, or the errno the workload gets: ENODEV when the engine has no
// TEE, EIO for a refusal or a reply that is not as its status says (a report only with kOk).
Status request_report() {
  report_valid = false;
  abi::HostcallAttestationRequest request{};
  memcpy(request.report_data, report_data, sizeof report_data);
  send_frame(abi::HostcallType::kAttestationRequest, &request, sizeof request);
  Frame reply = wait_for_frame(abi::HostcallType::kAttestationReply);
  abi::HostcallAttestationReply header;
  if (reply.size < sizeof header) return Errno::kIo;
  memcpy(&header, reply.payload, sizeof header);
  const bool ok = header.status == static_cast<uint32_t>(abi::AttestationStatus::kOk);
  const uint32_t report_size = ok ? abi::kSnpAttestationReportSize : 0;
  if (header.report_size != report_size || reply.size != sizeof header + report_size) return Errno::kIo;
  if (header.status == static_cast<uint32_t>(abi::AttestationStatus::kUnavailable)) return Errno::kNoDevice;
  if (!ok) return Errno::kIo;
  memcpy(report, reply.payload + sizeof header, sizeof report);
  report_valid = true;
  return kOk;
}

Result<uint64_t> copy_out(const uint8_t* source, uint64_t source_size, uint64_t offset, uint64_t user_buffer, uint64_t size) {
  if (offset >= source_size) return uint64_t{0};
  uint64_t count = source_size - offset < size ? source_size - offset : size;
  TRY(copy_to_user(user_buffer, source + offset, count));
  return count;
}

}  // namespace

Result<uint64_t> report_data_read(uint64_t offset, uint64_t user_buffer, uint64_t size) {
  return copy_out(report_data, sizeof report_data, offset, user_buffer, size);
}

Result<uint64_t> report_data_write(uint64_t offset, uint64_t user_buffer, uint64_t size) {
  // All 64 bytes at once: a partial write would bind the report to half-old data.
  if (offset != 0 || size != kReportDataSize) return Errno::kInvalid;
  TRY(copy_from_user(report_data, user_buffer, size));
  return size;
}

Result<uint64_t> report_read(uint64_t offset, uint64_t user_buffer, uint64_t size) {
  if (offset == 0) TRY(request_report());
  if (!report_valid) return Errno::kIo;
  return copy_out(report, sizeof report, offset, user_buffer, size);
}

}  // namespace kernel
