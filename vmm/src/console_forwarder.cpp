#include "confwl/vmm/console_forwarder.h"

#include <unistd.h>

#include <cerrno>

namespace confwl::vmm {

pollfd ConsoleForwarder::stdin_interest() const {
  const bool wanted = stdin_open_ && console_open_ && begin_ == end_;
  return {wanted ? stdin_fd_ : -1, POLLIN, 0};
}

pollfd ConsoleForwarder::console_interest() const {
  return {console_open_ && begin_ < end_ ? console_fd_ : -1, POLLOUT, 0};
}

void ConsoleForwarder::on_stdin_ready() {
  const ssize_t n = ::read(stdin_fd_, buffer_.data(), buffer_.size());
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {  // end of input; an unreadable stdin (closed, a directory) counts as empty
    stdin_open_ = false;
    return;
  }
  begin_ = 0;
  end_ = static_cast<size_t>(n);
}

void ConsoleForwarder::on_console_ready() {
  const ssize_t n = ::write(console_fd_, buffer_.data() + begin_, end_ - begin_);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n < 0) {  // QEMU closed its stdin or is gone: nothing more can reach the guest
    console_open_ = false;
    begin_ = end_ = 0;
    return;
  }
  begin_ += static_cast<size_t>(n);
  forwarded_ += static_cast<uint64_t>(n);
}

std::optional<uint64_t> ConsoleForwarder::finished_total() const {
  if ((!stdin_open_ && begin_ == end_) || !console_open_) return forwarded_;
  return std::nullopt;
}

}  // namespace confwl::vmm
