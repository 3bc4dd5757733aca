#include "confwl/vmm/hostcall_codec.h"

#include <confwl/abi/crc32.h>
#include <confwl/hex.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

namespace confwl::vmm {
namespace {

static_assert(std::endian::native == std::endian::little, "hostcall frames are little-endian");

constexpr size_t kHeaderSize = sizeof(abi::HostcallHeader);
using abi::HostcallType;

struct PayloadRule {
  uint32_t size;  // exact size, or the element / minimum size
  enum { kExact, kMultiple, kAtLeast } kind;
};

std::optional<PayloadRule> payload_rule(HostcallType type) {
  switch (type) {
    case HostcallType::kExit: return PayloadRule{sizeof(abi::HostcallExit), PayloadRule::kExact};
    case HostcallType::kCrash: return PayloadRule{sizeof(abi::HostcallCrash), PayloadRule::kExact};
    case HostcallType::kSyscallCounts:
      return PayloadRule{sizeof(abi::HostcallSyscallCount), PayloadRule::kMultiple};
    case HostcallType::kArgsRequest:
    case HostcallType::kTimeRequest: return PayloadRule{0, PayloadRule::kExact};
    case HostcallType::kArgsReply:
      return PayloadRule{sizeof(abi::HostcallArgsReply), PayloadRule::kAtLeast};
    case HostcallType::kTimeReply:
      return PayloadRule{sizeof(abi::HostcallTimeReply), PayloadRule::kExact};
    case HostcallType::kStdinEof:
      return PayloadRule{sizeof(abi::HostcallStdinEof), PayloadRule::kExact};
    case HostcallType::kAttestationRequest:
      return PayloadRule{sizeof(abi::HostcallAttestationRequest), PayloadRule::kExact};
    case HostcallType::kAttestationReply:
      return PayloadRule{sizeof(abi::HostcallAttestationReply), PayloadRule::kAtLeast};
  }
  return std::nullopt;
}

std::string describe(PayloadRule rule) {
  switch (rule.kind) {
    case PayloadRule::kExact: return std::to_string(rule.size) + " bytes";
    case PayloadRule::kMultiple: return "a multiple of " + std::to_string(rule.size) + " bytes";
    case PayloadRule::kAtLeast: return "at least " + std::to_string(rule.size) + " bytes";
  }
  return {};
}


uint32_t frame_checksum(abi::HostcallHeader header, std::span<const std::byte> payload) {
  header.checksum = 0;
  uint32_t crc = abi::crc32_update(0, reinterpret_cast<const uint8_t*>(&header), sizeof header);
  return abi::crc32_update(crc, reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
}

}  // namespace

bool hostcall_payload_size_fits(HostcallType type, uint32_t size) {
  const std::optional<PayloadRule> rule = payload_rule(type);
  if (!rule || size > abi::kHostcallMaxPayload) return false;
  switch (rule->kind) {
    case PayloadRule::kExact: return size == rule->size;
    case PayloadRule::kMultiple: return size % rule->size == 0;
    case PayloadRule::kAtLeast: return size >= rule->size;
  }
  return false;
}

const char* hostcall_type_name(uint16_t type) {
  switch (static_cast<HostcallType>(type)) {
    case HostcallType::kExit: return "kExit";
    case HostcallType::kCrash: return "kCrash";
    case HostcallType::kSyscallCounts: return "kSyscallCounts";
    case HostcallType::kArgsRequest: return "kArgsRequest";
    case HostcallType::kTimeRequest: return "kTimeRequest";
    case HostcallType::kArgsReply: return "kArgsReply";
    case HostcallType::kTimeReply: return "kTimeReply";
    case HostcallType::kStdinEof: return "kStdinEof";
    case HostcallType::kAttestationRequest: return "kAttestationRequest";
    case HostcallType::kAttestationReply: return "kAttestationReply";
  }
  return "unknown";
}

std::vector<std::byte> encode_hostcall_frame(HostcallType type,
                                             std::span<const std::byte> payload) {
  abi::HostcallHeader header{abi::kHostcallMagic, abi::kHostcallVersion,
                             static_cast<uint16_t>(type), static_cast<uint32_t>(payload.size()), 0};
  header.checksum = frame_checksum(header, payload);
  std::vector<std::byte> frame(kHeaderSize + payload.size());
  std::memcpy(frame.data(), &header, kHeaderSize);
  std::copy(payload.begin(), payload.end(), frame.begin() + kHeaderSize);
  return frame;
}

// Checks the header fields whose bytes have all arrived, so a bad stream fails at its first
// wrong field instead of waiting for a length it announced.
Status HostcallDecoder::check_header_prefix() const {
  abi::HostcallHeader header{};
  std::memcpy(&header, buffer_.data(), std::min(received_, kHeaderSize));
  const std::string where = "hostcall frame at stream offset " + std::to_string(frame_start_) + ": ";
  const uint32_t magic = abi::kHostcallMagic;
  if (std::memcmp(&header, &magic, std::min<size_t>(received_, sizeof magic)) != 0)
    return Error{where + "bad magic, expected " + hex_number(magic) + " (\"CWHC\")"};
  if (received_ >= offsetof(abi::HostcallHeader, type) && header.version != abi::kHostcallVersion)
    return Error{where + "unsupported version " + std::to_string(header.version) + ", expected " +
                 std::to_string(abi::kHostcallVersion)};
  if (received_ < offsetof(abi::HostcallHeader, payload_length)) return Ok{};
  const auto type = static_cast<HostcallType>(header.type);
  const std::optional<PayloadRule> rule = payload_rule(type);
  if (!rule) return Error{where + "unknown type " + std::to_string(header.type)};
  if (received_ < offsetof(abi::HostcallHeader, checksum)) return Ok{};
  if (header.payload_length > abi::kHostcallMaxPayload)
    return Error{where + "payload length " + std::to_string(header.payload_length) +
                 " exceeds the maximum " + std::to_string(abi::kHostcallMaxPayload)};
  if (!hostcall_payload_size_fits(type, header.payload_length))
    return Error{where + "payload length " + std::to_string(header.payload_length) + " is wrong for " +
                 hostcall_type_name(header.type) + ", expected " + describe(*rule)};
  return Ok{};
}

Result<std::optional<HostcallFrame>> HostcallDecoder::fail(Status status) {
  error_ = status.error();
  return *error_;
}

Result<std::optional<HostcallFrame>> HostcallDecoder::next(std::span<const std::byte>& input) {
  if (error_) return *error_;
  while (true) {
    abi::HostcallHeader header{};
    size_t frame_size = kHeaderSize;
    if (received_ >= kHeaderSize) {
      std::memcpy(&header, buffer_.data(), kHeaderSize);
      frame_size += header.payload_length;  // checked against the maximum on arrival
    }
    if (received_ == frame_size && received_ >= kHeaderSize) {
      const std::span<const std::byte> payload(buffer_.data() + kHeaderSize, header.payload_length);
      if (frame_checksum(header, payload) != header.checksum)
        return fail(Error{"hostcall frame at stream offset " + std::to_string(frame_start_) +
                          ": checksum mismatch (" + hostcall_type_name(header.type) + ", " +
                          std::to_string(header.payload_length) + " payload bytes)"});
      HostcallFrame frame{static_cast<HostcallType>(header.type), {payload.begin(), payload.end()}};
      frame_start_ += frame_size;
      received_ = 0;
      return std::optional<HostcallFrame>(std::move(frame));
    }
    if (input.empty()) return std::optional<HostcallFrame>();
    const size_t take = std::min(frame_size - received_, input.size());
    std::memcpy(buffer_.data() + received_, input.data(), take);
    input = input.subspan(take);
    received_ += take;
    if (received_ <= kHeaderSize) {
      if (Status status = check_header_prefix(); !status) return fail(std::move(status));
    }
  }
}

}  // namespace confwl::vmm
