#include "confwl/vmm/hostcall_server.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace confwl::vmm {
namespace {

using abi::HostcallType;

template <typename T>
std::vector<std::byte> payload_of(const T& value) {
  std::vector<std::byte> out(sizeof value);
  std::memcpy(out.data(), &value, sizeof value);
  return out;
}

// A server whose sync byte, the first byte of every stream to the guest, has been written out.
HostcallServer make_server(bool allow_args = false, std::vector<std::string> args = {}) {
  Result<HostcallServer> server =
      HostcallServer::create({allow_args, std::move(args), [] { return uint64_t{1'700'000'000'123'456'789}; }});
  EXPECT_TRUE(server) << server.error().message;
  EXPECT_EQ(server->pending_output().front(), std::byte{abi::kHostcallSyncByte});
  server->consume_output(1);
  return std::move(*server);
}

// The frames the server queued for the guest, decoded as the guest would.
std::vector<HostcallFrame> replies(HostcallServer& server) {
  std::vector<HostcallFrame> frames;
  HostcallDecoder decoder;
  std::span<const std::byte> input = server.pending_output();
  while (!input.empty()) {
    auto frame = decoder.next(input);
    EXPECT_TRUE(frame && *frame);
    if (!frame || !*frame) break;
    frames.push_back(std::move(**frame));
  }
  server.consume_output(server.pending_output().size());
  return frames;
}

// Splits a kArgsReply payload, checking that exactly argc NUL-terminated strings fill it.
std::vector<std::string> args_in(const HostcallFrame& reply) {
  abi::HostcallArgsReply header;
  std::memcpy(&header, reply.payload.data(), sizeof header);
  EXPECT_EQ(header.reserved, 0u);
  std::vector<std::string> args;
  const char* text = reinterpret_cast<const char*>(reply.payload.data());
  size_t at = sizeof header;
  while (at < reply.payload.size()) {
    const size_t length = strnlen(text + at, reply.payload.size() - at);
    EXPECT_LT(at + length, reply.payload.size()) << "unterminated string";
    args.emplace_back(text + at, length);
    at += length + 1;
  }
  EXPECT_EQ(args.size(), header.argc);
  return args;
}

std::string error_of(HostcallServer& server, const HostcallFrame& frame) {
  const Status status = server.handle(frame);
  return status ? "(accepted)" : status.error().message;
}

TEST(HostcallServer, TheStreamStartsWithTheSyncByteAlone) {
  Result<HostcallServer> server = HostcallServer::create({false, {}, [] { return uint64_t{1}; }});
  ASSERT_TRUE(server);
  EXPECT_EQ(std::vector<std::byte>(server->pending_output().begin(), server->pending_output().end()),
            std::vector<std::byte>{std::byte{abi::kHostcallSyncByte}});
}

TEST(HostcallServer, RecordsTheExitStatus) {
  HostcallServer server = make_server();
  EXPECT_FALSE(server.exit_status());
  ASSERT_TRUE(server.handle({HostcallType::kExit, payload_of(abi::HostcallExit{42, 0})}));
  EXPECT_EQ(server.exit_status(), 42u);
  EXPECT_TRUE(server.pending_output().empty());
}

TEST(HostcallServer, RefusesBadExitFrames) {
  HostcallServer server = make_server();
  EXPECT_EQ(error_of(server, {HostcallType::kExit, payload_of(abi::HostcallExit{256, 0})}),
            "hostcall protocol error: kExit status 256 is not in 0..255");
  EXPECT_EQ(error_of(server, {HostcallType::kExit, payload_of(abi::HostcallExit{0, 1})}),
            "hostcall protocol error: kExit reserved field is not 0");
  EXPECT_EQ(error_of(server, {HostcallType::kExit, {}}), "hostcall protocol error: malformed kExit");
  ASSERT_TRUE(server.handle({HostcallType::kExit, payload_of(abi::HostcallExit{0, 0})}));
  EXPECT_EQ(error_of(server, {HostcallType::kTimeRequest, {}}),
            "hostcall protocol error: guest sent kTimeRequest after kExit");
}

TEST(HostcallServer, SendsTheRuntimeArgsOnceAheadOfTheRequest) {
  HostcallServer server = make_server(true, {"one", "", "three words"});
  const auto frames = replies(server);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].type, HostcallType::kArgsReply);
  EXPECT_EQ(args_in(frames[0]), (std::vector<std::string>{"one", "", "three words"}));
  ASSERT_TRUE(server.handle({HostcallType::kArgsRequest, {}}));
  EXPECT_TRUE(server.pending_output().empty());
  EXPECT_EQ(error_of(server, {HostcallType::kArgsRequest, {}}),
            "hostcall protocol error: guest sent kArgsRequest twice");
}

TEST(HostcallServer, AnImageWithRuntimeArgsMayGetNone) {
  HostcallServer server = make_server(true);
  const auto frames = replies(server);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(args_in(frames[0]).empty());
  ASSERT_TRUE(server.handle({HostcallType::kArgsRequest, {}}));
}

TEST(HostcallServer, RefusesArgsRequestsFromImagesWithoutRuntimeArgs) {
  HostcallServer server = make_server(false);
  EXPECT_TRUE(server.pending_output().empty());
  EXPECT_EQ(error_of(server, {HostcallType::kArgsRequest, {}}),
            "hostcall protocol error: guest sent kArgsRequest, but the image does not allow runtime arguments");
}

TEST(HostcallServer, RefusesArgsThatCannotBeSent) {
  const auto clock = [] { return uint64_t{0}; };
  EXPECT_EQ(HostcallServer::create({false, {"x"}, clock}).error().message,
            "the image does not allow runtime arguments (its manifest has runtime_args: false)");
  EXPECT_EQ(HostcallServer::create({true, {std::string(8184, 'a')}, clock}).error().message,
            "runtime arguments too long: 8193 bytes encoded, at most 8192");
  EXPECT_TRUE(HostcallServer::create({true, {std::string(8183, 'a')}, clock}));
  EXPECT_EQ(HostcallServer::create({true, std::vector<std::string>(257, "a"), clock}).error().message,
            "too many runtime arguments: 257, at most 256");
  EXPECT_EQ(HostcallServer::create({true, {std::string("a\0b", 3)}, clock}).error().message,
            "a runtime argument contains a NUL byte");
}

TEST(HostcallServer, AnswersTimeRequestsWithTheHostClock) {
  HostcallServer server = make_server();
  ASSERT_TRUE(server.handle({HostcallType::kTimeRequest, {}}));
  const auto frames = replies(server);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].type, HostcallType::kTimeReply);
  EXPECT_EQ(frames[0].payload, payload_of(abi::HostcallTimeReply{1'700'000'000'123'456'789}));
}

TEST(HostcallServer, RefusesAGuestThatDoesNotReadItsReplies) {
  HostcallServer server = make_server();
  const size_t reply_size = sizeof(abi::HostcallHeader) + sizeof(abi::HostcallTimeReply);
  for (size_t i = 0; i < HostcallServer::kMaxPendingOutput / reply_size; ++i)
    ASSERT_TRUE(server.handle({HostcallType::kTimeRequest, {}}));
  EXPECT_EQ(error_of(server, {HostcallType::kTimeRequest, {}}),
            "hostcall protocol error: guest sends requests without reading the replies (over 65536 bytes pending)");
  server.consume_output(reply_size);
  EXPECT_TRUE(server.handle({HostcallType::kTimeRequest, {}}));
}

TEST(HostcallServer, RecordsOneCrash) {
  HostcallServer server = make_server();
  const abi::HostcallCrash crash{14, 11, 4, 0x401000, 0x7fff'0000, 0};
  ASSERT_TRUE(server.handle({HostcallType::kCrash, payload_of(crash)}));
  ASSERT_TRUE(server.crash());
  EXPECT_EQ(server.crash()->rip, 0x401000u);
  EXPECT_EQ(error_of(server, {HostcallType::kCrash, payload_of(crash)}),
            "hostcall protocol error: guest sent a second kCrash");
}

TEST(HostcallServer, RefusesImpossibleCrashes) {
  HostcallServer server = make_server();
  EXPECT_EQ(error_of(server, {HostcallType::kCrash, payload_of(abi::HostcallCrash{32, 11, 0, 0, 0, 0})}),
            "hostcall protocol error: kCrash vector 32 is not an exception (0..31)");
  EXPECT_EQ(error_of(server, {HostcallType::kCrash, payload_of(abi::HostcallCrash{13, 0, 0, 0, 0, 0})}),
            "hostcall protocol error: kCrash signal 0 is not in 1..64");
  EXPECT_FALSE(server.crash());
}

TEST(HostcallServer, AddsUpSyscallCounts) {
  HostcallServer server = make_server();
  const std::array<abi::HostcallSyscallCount, 2> first{{{435, 2}, {999, 1}}};
  const std::array<abi::HostcallSyscallCount, 1> second{{{435, 0xffff'ffff}}};
  ASSERT_TRUE(server.handle({HostcallType::kSyscallCounts, payload_of(first)}));
  ASSERT_TRUE(server.handle({HostcallType::kSyscallCounts, payload_of(second)}));
  EXPECT_EQ(server.syscall_counts(), (std::map<uint32_t, uint64_t>{{435, 0x1'0000'0001}, {999, 1}}));
}

TEST(HostcallServer, BoundsTheSyscallNumbersItKeeps) {
  HostcallServer server = make_server();
  std::vector<abi::HostcallSyscallCount> counts(HostcallServer::kMaxSyscallNumbers);
  for (uint32_t i = 0; i < counts.size(); ++i) counts[i] = {i, 1};
  std::vector<std::byte> payload(counts.size() * sizeof counts[0]);
  std::memcpy(payload.data(), counts.data(), payload.size());
  ASSERT_TRUE(server.handle({HostcallType::kSyscallCounts, payload}));
  ASSERT_TRUE(server.handle({HostcallType::kSyscallCounts, payload}));  // same numbers: fine
  EXPECT_EQ(error_of(server, {HostcallType::kSyscallCounts,
                              payload_of(abi::HostcallSyscallCount{100000, 1})}),
            "hostcall protocol error: more than 1024 distinct syscall numbers in kSyscallCounts");
}

TEST(HostcallServer, RefusesFramesOnlyTheHostSends) {
  HostcallServer server = make_server();
  EXPECT_EQ(error_of(server, {HostcallType::kStdinEof, payload_of(abi::HostcallStdinEof{0})}),
            "hostcall protocol error: guest sent kStdinEof, which only the host may send");
  EXPECT_EQ(error_of(server, {HostcallType::kArgsReply, payload_of(abi::HostcallArgsReply{0, 0})}),
            "hostcall protocol error: guest sent kArgsReply, which only the host may send");
}

TEST(HostcallServer, SendsStdinEofOnceWithTheCount) {
  HostcallServer server = make_server();
  server.stdin_ended(12345);
  server.stdin_ended(99);
  const auto frames = replies(server);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].type, HostcallType::kStdinEof);
  EXPECT_EQ(frames[0].payload, payload_of(abi::HostcallStdinEof{12345}));
}

TEST(HostcallServer, KeepsWhatTheTransportDidNotWrite) {
  HostcallServer server = make_server();
  server.stdin_ended(7);
  const std::vector<std::byte> whole(server.pending_output().begin(), server.pending_output().end());
  server.consume_output(5);
  EXPECT_TRUE(std::equal(whole.begin() + 5, whole.end(), server.pending_output().begin(),
                         server.pending_output().end()));
  server.consume_output(1000);
  EXPECT_TRUE(server.pending_output().empty());
}

}  // namespace
}  // namespace confwl::vmm
