#include "confwl/vmm/hostcall_codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

namespace confwl::vmm {
namespace {

using abi::HostcallType;

std::vector<std::byte> bytes(std::initializer_list<uint8_t> values) {
  std::vector<std::byte> out;
  for (uint8_t value : values) out.push_back(std::byte{value});
  return out;
}

template <typename T>
std::vector<std::byte> payload_of(const T& value) {
  std::vector<std::byte> out(sizeof value);
  std::memcpy(out.data(), &value, sizeof value);
  return out;
}

struct Decoded {
  std::vector<HostcallFrame> frames;
  std::optional<std::string> error;
  bool mid_frame = false;
};

// Feeds `stream` in chunks of `chunk` bytes (0: all at once) and collects everything.
Decoded decode(std::span<const std::byte> stream, size_t chunk = 0) {
  HostcallDecoder decoder;
  Decoded result;
  for (size_t at = 0; at < stream.size() && !result.error;) {
    const size_t size = chunk == 0 ? stream.size() : std::min(chunk, stream.size() - at);
    std::span<const std::byte> input = stream.subspan(at, size);
    at += size;
    while (!input.empty()) {
      auto frame = decoder.next(input);
      if (!frame) {
        result.error = frame.error().message;
        break;
      }
      if (!*frame) break;
      result.frames.push_back(std::move(**frame));
    }
  }
  result.mid_frame = decoder.mid_frame();
  return result;
}

std::vector<std::byte> sample_stream() {
  std::vector<std::byte> stream;
  const auto append = [&](HostcallType type, std::span<const std::byte> payload) {
    const auto frame = encode_hostcall_frame(type, payload);
    stream.insert(stream.end(), frame.begin(), frame.end());
  };
  append(HostcallType::kArgsRequest, {});
  append(HostcallType::kSyscallCounts,
         payload_of(std::array<abi::HostcallSyscallCount, 2>{{{435, 2}, {999, 1}}}));
  append(HostcallType::kCrash, payload_of(abi::HostcallCrash{14, 11, 4, 0x401000, 0x7fff0000, 0}));
  append(HostcallType::kExit, payload_of(abi::HostcallExit{42, 0}));
  return stream;
}

TEST(HostcallCodec, EncodesTheHeaderAsTheAbiSays) {
  const auto frame = encode_hostcall_frame(HostcallType::kExit, payload_of(abi::HostcallExit{42, 0}));
  ASSERT_EQ(frame.size(), 24u);
  EXPECT_EQ(std::vector<std::byte>(frame.begin(), frame.begin() + 12),
            bytes({'C', 'W', 'H', 'C', 2, 0, 1, 0, 8, 0, 0, 0}));
  // crc32 over the header with a zero checksum, then the payload: a value computed independently
  // (python3: zlib.crc32(header_with_zero_checksum + payload)).
  uint32_t checksum;
  std::memcpy(&checksum, frame.data() + 12, 4);
  EXPECT_EQ(checksum, 0x6dc9'7506u);
}

TEST(HostcallCodec, DecodesWhatItEncodes) {
  const Decoded decoded = decode(sample_stream());
  ASSERT_FALSE(decoded.error) << *decoded.error;
  ASSERT_EQ(decoded.frames.size(), 4u);
  EXPECT_EQ(decoded.frames[0].type, HostcallType::kArgsRequest);
  EXPECT_TRUE(decoded.frames[0].payload.empty());
  EXPECT_EQ(decoded.frames[1].type, HostcallType::kSyscallCounts);
  EXPECT_EQ(decoded.frames[1].payload.size(), 16u);
  EXPECT_EQ(decoded.frames[2].type, HostcallType::kCrash);
  EXPECT_EQ(decoded.frames[3].type, HostcallType::kExit);
  EXPECT_EQ(decoded.frames[3].payload, payload_of(abi::HostcallExit{42, 0}));
}

TEST(HostcallCodec, SplitAtEveryByteGivesTheSameFrames) {
  const std::vector<std::byte> stream = sample_stream();
  const Decoded whole = decode(stream);
  for (size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    const Decoded split = decode(stream, chunk);
    ASSERT_FALSE(split.error) << "chunk " << chunk << ": " << *split.error;
    ASSERT_EQ(split.frames.size(), whole.frames.size()) << "chunk " << chunk;
    for (size_t i = 0; i < whole.frames.size(); ++i) {
      EXPECT_EQ(split.frames[i].type, whole.frames[i].type);
      EXPECT_EQ(split.frames[i].payload, whole.frames[i].payload);
    }
  }
  for (size_t cut = 0; cut <= stream.size(); ++cut) {  // two chunks, cut anywhere
    HostcallDecoder decoder;
    size_t frames = 0;
    for (auto part : {std::span(stream).first(cut), std::span(stream).subspan(cut)}) {
      std::span<const std::byte> input = part;
      while (true) {
        auto frame = decoder.next(input);
        ASSERT_TRUE(frame) << frame.error().message;
        if (!*frame) break;
        ++frames;
      }
    }
    EXPECT_EQ(frames, 4u) << "cut at " << cut;
    EXPECT_FALSE(decoder.mid_frame());
  }
}

TEST(HostcallCodec, AMaximalPayloadDecodes) {
  std::vector<std::byte> payload(abi::kHostcallMaxPayload, std::byte{0x5a});
  const Decoded decoded = decode(encode_hostcall_frame(HostcallType::kSyscallCounts, payload), 1000);
  ASSERT_FALSE(decoded.error) << *decoded.error;
  ASSERT_EQ(decoded.frames.size(), 1u);
  EXPECT_EQ(decoded.frames[0].payload, payload);
}

TEST(HostcallCodec, BadMagicFailsAtTheFirstWrongByte) {
  HostcallDecoder decoder;
  const auto one = bytes({'X'});
  std::span<const std::byte> input = one;
  auto frame = decoder.next(input);
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.error().message, "hostcall frame at stream offset 0: bad magic, expected 0x43485743 (\"CWHC\")");
}

TEST(HostcallCodec, ErrorsNameTheFieldAndOffset) {
  const auto exit_frame = encode_hostcall_frame(HostcallType::kExit, payload_of(abi::HostcallExit{0, 0}));
  const auto with = [&](size_t offset, std::initializer_list<uint8_t> values) {
    std::vector<std::byte> stream = encode_hostcall_frame(HostcallType::kArgsRequest, {});
    stream.insert(stream.end(), exit_frame.begin(), exit_frame.end());
    size_t at = 16 + offset;
    for (uint8_t value : values) stream[at++] = std::byte{value};
    return decode(stream).error.value_or("(no error)");
  };
  const std::string where = "hostcall frame at stream offset 16: ";
  EXPECT_EQ(with(4, {1, 0}), where + "unsupported version 1, expected 2");  // before the sync byte
  EXPECT_EQ(with(6, {9, 0}), where + "unknown type 9");
  EXPECT_EQ(with(6, {0, 1}), where + "unknown type 256");
  EXPECT_EQ(with(8, {0x01, 0x20, 0, 0}), where + "payload length 8193 exceeds the maximum 8192");
  EXPECT_EQ(with(8, {0xff, 0xff, 0xff, 0xff}), where + "payload length 4294967295 exceeds the maximum 8192");
  EXPECT_EQ(with(8, {4, 0, 0, 0}), where + "payload length 4 is wrong for kExit, expected 8 bytes");
  EXPECT_EQ(with(12, {0, 0, 0, 0}), where + "checksum mismatch (kExit, 8 payload bytes)");
  EXPECT_EQ(with(16, {1}), where + "checksum mismatch (kExit, 8 payload bytes)");
}

TEST(HostcallCodec, PayloadSizesFollowTheTypes) {
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kExit, 8));
  EXPECT_FALSE(hostcall_payload_size_fits(HostcallType::kExit, 0));
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kCrash, 40));
  EXPECT_FALSE(hostcall_payload_size_fits(HostcallType::kCrash, 48));
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kSyscallCounts, 0));
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kSyscallCounts, 8192));
  EXPECT_FALSE(hostcall_payload_size_fits(HostcallType::kSyscallCounts, 12));
  EXPECT_FALSE(hostcall_payload_size_fits(HostcallType::kSyscallCounts, 8200));
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kArgsRequest, 0));
  EXPECT_FALSE(hostcall_payload_size_fits(HostcallType::kTimeRequest, 1));
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kArgsReply, 8));
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kArgsReply, 100));
  EXPECT_FALSE(hostcall_payload_size_fits(HostcallType::kArgsReply, 7));
  EXPECT_TRUE(hostcall_payload_size_fits(HostcallType::kStdinEof, 8));
  EXPECT_FALSE(hostcall_payload_size_fits(static_cast<HostcallType>(6), 0));
  EXPECT_STREQ(hostcall_type_name(66), "kStdinEof");
  EXPECT_STREQ(hostcall_type_name(7), "unknown");
}

TEST(HostcallCodec, TheFirstErrorSticks) {
  HostcallDecoder decoder;
  const auto garbage = bytes({'n', 'o', 'p', 'e'});
  std::span<const std::byte> input = garbage;
  const auto first = decoder.next(input);
  ASSERT_FALSE(first);
  const auto good = encode_hostcall_frame(HostcallType::kArgsRequest, {});
  std::span<const std::byte> more = good;
  const auto second = decoder.next(more);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, first.error().message);
}

TEST(HostcallCodec, ReportsAStreamThatStopsInsideAFrame) {
  const auto frame = encode_hostcall_frame(HostcallType::kExit, payload_of(abi::HostcallExit{1, 0}));
  HostcallDecoder decoder;
  std::span<const std::byte> input = std::span(frame).first(20);
  const auto result = decoder.next(input);
  ASSERT_TRUE(result);
  EXPECT_FALSE(*result);
  EXPECT_TRUE(input.empty());
  EXPECT_TRUE(decoder.mid_frame());
  EXPECT_EQ(decoder.stream_offset(), 20u);
}

// Random garbage, and valid streams with one random byte changed: the decoder never crashes,
// never returns a frame whose payload breaks its type's rule, and fails by the corrupted frame.
TEST(HostcallCodec, SurvivesRandomGarbageAndCorruption) {
  std::mt19937_64 random(12345);
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::byte> stream(random() % 200);
    for (std::byte& b : stream) b = std::byte(random());
    if (round % 2 == 0) {  // a plausible header start makes the decoder go deeper
      const auto valid = sample_stream();
      stream.insert(stream.begin(), valid.begin(), valid.end());
      if (!stream.empty()) stream[random() % valid.size()] ^= std::byte(1 + random() % 255);
    }
    const Decoded decoded = decode(stream, 1 + random() % 64);
    for (const HostcallFrame& frame : decoded.frames)
      EXPECT_TRUE(hostcall_payload_size_fits(frame.type, static_cast<uint32_t>(frame.payload.size())));
    if (round % 2 == 0) {
      EXPECT_LT(decoded.frames.size(), 4u) << "round " << round << ": corruption went unnoticed";
      // a corrupted length may announce more bytes than the stream has: then it waits for them
      EXPECT_TRUE(decoded.error || decoded.mid_frame) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace confwl::vmm
