// The host side of the hostcall frame format (include/confwl/abi/hostcall.h): encoding frames for
// the guest and decoding the guest's byte stream, which is untrusted. The decoder takes the stream
// in chunks of any size, checks each header field as soon as its bytes arrive, never buffers more
// than one maximal frame, and stops for good at the first malformed byte.
#pragma once
#include <confwl/abi/hostcall.h>
#include <confwl/result.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace confwl::vmm {

struct HostcallFrame {
  abi::HostcallType type;
  std::vector<std::byte> payload;  // at most abi::kHostcallMaxPayload bytes
};

// The header and payload of one frame, checksum filled in. The payload must fit the type (see
// hostcall_payload_size_fits) and kHostcallMaxPayload: callers build it from trusted host data.
std::vector<std::byte> encode_hostcall_frame(abi::HostcallType type,
                                             std::span<const std::byte> payload);

// Whether `size` is a valid payload size for a frame of `type`; false for unknown types.
bool hostcall_payload_size_fits(abi::HostcallType type, uint32_t size);

// A readable name ("kExit") for messages; "unknown" for values outside the enum.
const char* hostcall_type_name(uint16_t type);

class HostcallDecoder {
 public:
  // Consumes bytes from the front of `input` until one frame is complete (returned, with `input`
  // advanced past it) or `input` is used up (nullopt: feed more). A malformed frame gives an
  // error naming the stream offset and the field; every later call repeats that error.
  Result<std::optional<HostcallFrame>> next(std::span<const std::byte>& input);

  // True when the stream stopped inside a frame (bytes received since the last whole frame).
  bool mid_frame() const { return received_ > 0; }
  uint64_t stream_offset() const { return frame_start_ + received_; }

 private:
  Status check_header_prefix() const;
  Result<std::optional<HostcallFrame>> fail(Status status);

  std::array<std::byte, sizeof(abi::HostcallHeader) + abi::kHostcallMaxPayload> buffer_{};
  size_t received_ = 0;       // bytes of the current frame in buffer_
  uint64_t frame_start_ = 0;  // stream offset of the current frame
  std::optional<Error> error_;
};

}  // namespace confwl::vmm
