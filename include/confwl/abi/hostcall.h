// The hostcall protocol: framed messages between the guest kernel and the VMM supervisor on COM2
// (0x2F8). Both sides treat the other as untrusted: a frame with a bad magic, version, type,
// length or checksum ends the run with a clear error on the side that received it.
//
// A frame is a HostcallHeader followed by payload_length bytes of payload.
// checksum = crc32 over the header (with checksum set to 0) followed by the payload.
//
// The host's stream starts with one kHostcallSyncByte, then frames. The guest turns COM2's
// receive FIFO on first thing (with it off, every byte costs QEMU one main-loop iteration), which
// flushes what the UART holds; with the FIFO off a 16550 holds one byte at most, so that flush can
// only take the sync byte, never a frame byte, however early the host sent. The guest drops the
// sync byte if it still arrives. This is what lets the host queue its first reply before the guest
// runs (version 2; version 1 had no sync byte).
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace confwl::abi {

inline constexpr uint32_t kHostcallMagic = 0x4348'5743;  // "CWHC"
inline constexpr uint16_t kHostcallVersion = 2;
inline constexpr uint8_t kHostcallSyncByte = 0x00;  // no frame starts with it: kHostcallMagic's low byte is 'C'
// Hard maximum payload: enough for runtime args and, later, an attestation report (1184 bytes).
inline constexpr uint32_t kHostcallMaxPayload = 8192;

enum class HostcallType : uint16_t {
  // guest -> host
  kExit = 1,            // HostcallExit: the workload ended; the VMM exits with this status
  kCrash = 2,           // HostcallCrash: the workload faulted; a kExit follows
  kSyscallCounts = 3,   // HostcallSyscallCount[]: syscalls that returned ENOSYS, sent before kExit
  kArgsRequest = 4,     // empty: ask for runtime argv (only if kBootFlagRuntimeArgs)
  kTimeRequest = 5,     // empty: ask for the host's wall clock (untrusted)
  kAttestationRequest = 6,  // HostcallAttestationRequest: ask the (simulated) PSP for a report
  // host -> guest
  kArgsReply = 64,      // HostcallArgsReply + argc NUL-terminated strings; may precede the request
  kTimeReply = 65,      // HostcallTimeReply
  kStdinEof = 66,       // HostcallStdinEof: unsolicited; COM1 input ends after total_bytes
  kAttestationReply = 67,  // HostcallAttestationReply followed by report_size bytes of report
};

struct [[gnu::packed]] HostcallHeader {
  uint32_t magic;           // kHostcallMagic
  uint16_t version;         // kHostcallVersion
  uint16_t type;            // HostcallType
  uint32_t payload_length;  // <= kHostcallMaxPayload
  uint32_t checksum;
};
static_assert(sizeof(HostcallHeader) == 16);
static_assert(offsetof(HostcallHeader, payload_length) == 8);
static_assert(offsetof(HostcallHeader, checksum) == 12);

struct [[gnu::packed]] HostcallExit {
  uint32_t status;          // 0..255, as the workload's exit_group or a signal-style 128+N
  uint32_t reserved;
};
static_assert(sizeof(HostcallExit) == 8);

struct [[gnu::packed]] HostcallCrash {
  uint32_t vector;          // x86 exception vector (14 = #PF, 13 = #GP, 6 = #UD, ...)
  uint32_t signal;          // the Linux signal it maps to (11 = SIGSEGV, ...)
  uint64_t error_code;
  uint64_t rip;
  uint64_t rsp;
  uint64_t fault_address;   // CR2 for #PF, 0 otherwise
};
static_assert(sizeof(HostcallCrash) == 40);

struct [[gnu::packed]] HostcallSyscallCount {
  uint32_t number;          // Linux x86-64 syscall number
  uint32_t calls;
};
static_assert(sizeof(HostcallSyscallCount) == 8);

struct [[gnu::packed]] HostcallArgsReply {
  uint32_t argc;            // NUL-terminated strings follow, exactly argc of them
  uint32_t reserved;
};
static_assert(sizeof(HostcallArgsReply) == 8);

struct [[gnu::packed]] HostcallTimeReply {
  uint64_t realtime_ns;     // host CLOCK_REALTIME; untrusted
};
static_assert(sizeof(HostcallTimeReply) == 8);

struct [[gnu::packed]] HostcallStdinEof {
  uint64_t total_bytes;     // bytes the host wrote to COM1 before the end of its stdin
};
static_assert(sizeof(HostcallStdinEof) == 8);

// SEV-SNP firmware ABI (AMD 56860), 7.3 MSG_REPORT_REQ: 64 bytes of REPORT_DATA and the VMPL.
struct [[gnu::packed]] HostcallAttestationRequest {
  uint8_t report_data[64];  // chosen by the workload, echoed in the report's REPORT_DATA
  uint32_t vmpl;            // 0 for ConfWL guests
  uint32_t reserved;
};
static_assert(sizeof(HostcallAttestationRequest) == 72);

// The size of an SEV-SNP ATTESTATION_REPORT (firmware ABI, Table 22 "ATTESTATION_REPORT").
inline constexpr uint32_t kSnpAttestationReportSize = 1184;

enum class AttestationStatus : uint32_t {
  kOk = 0,
  kUnavailable = 1,         // the engine has no (simulated) TEE to ask
  kInvalidRequest = 2,      // the host refused the request (e.g. vmpl out of range)
};

struct [[gnu::packed]] HostcallAttestationReply {
  uint32_t status;          // AttestationStatus
  uint32_t report_size;     // kSnpAttestationReportSize when status is kOk, else 0
  // report_size bytes follow
};
static_assert(sizeof(HostcallAttestationReply) == 8);

}  // namespace confwl::abi
