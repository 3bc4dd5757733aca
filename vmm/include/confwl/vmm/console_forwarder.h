// Copies our stdin to the guest's COM1 input through a bounded buffer, without ever blocking the
// supervisor, and counts the bytes delivered: the guest learns that count in kStdinEof, so its
// read(0) returns 0 exactly after the last byte.
#pragma once
#include <poll.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace confwl::vmm {

class ConsoleForwarder {
 public:
  // `console_fd` must be non-blocking; `stdin_fd` is the user's and is left as it is.
  ConsoleForwarder(int stdin_fd, int console_fd) : stdin_fd_(stdin_fd), console_fd_(console_fd) {}

  // What to wait for: a pollfd per side, fd -1 when that side needs nothing now.
  pollfd stdin_interest() const;
  pollfd console_interest() const;

  void on_stdin_ready();
  void on_console_ready();

  // Our stdin ended and every byte read from it reached the guest (or the guest's input is gone):
  // the total forwarded. nullopt while forwarding goes on.
  std::optional<uint64_t> finished_total() const;

 private:
  int stdin_fd_;
  int console_fd_;
  std::array<std::byte, 4096> buffer_{};
  size_t begin_ = 0, end_ = 0;  // pending bytes are buffer_[begin_, end_)
  bool stdin_open_ = true;
  bool console_open_ = true;
  uint64_t forwarded_ = 0;
};

}  // namespace confwl::vmm
