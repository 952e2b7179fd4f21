#include "http_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "http_head.h"

namespace fgform::emulator {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kRecvChunk = 16 * 1024;

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

}  // namespace

Connection::Connection(int fd, int wake_fd, Millis read_timeout, Millis write_timeout)
    : fd_(fd), wake_fd_(wake_fd), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

Connection::Wait Connection::wait(short events, Millis timeout) const {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    pollfd fds[2] = {{fd_, events, 0}, {wake_fd_, POLLIN, 0}};
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    const int n = ::poll(fds, 2, static_cast<int>(std::max<Millis::rep>(0, left.count())));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Wait::kFailed;
    if (fds[1].revents != 0) return Wait::kStopping;
    if (n == 0) return Wait::kTimedOut;
    // POLLHUP/POLLERR also count as ready: the next recv()/send() reports what happened.
    return Wait::kReady;
  }
}

ssize_t Connection::fill(Millis timeout) {
  const Wait w = wait(POLLIN, timeout);
  if (w != Wait::kReady) return -1;
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  } else if (pos_ > kRecvChunk) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  const std::size_t old = buffer_.size();
  buffer_.resize(old + kRecvChunk);
  ssize_t n;
  do {
    n = ::recv(fd_, buffer_.data() + old, kRecvChunk, 0);
  } while (n < 0 && errno == EINTR);
  buffer_.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
  if (n > 0) bytes_read_ += static_cast<std::size_t>(n);
  return n;
}

bool Connection::wait_for_request(Millis idle) {
  return buffered() > 0 || wait(POLLIN, idle) == Wait::kReady;
}

Connection::Head Connection::buffer_head(Millis deadline, std::size_t max_bytes,
                                         std::string_view& head) {
  const auto until = Clock::now() + deadline;
  for (;;) {
    const std::string_view pending(buffer_.data() + pos_, buffered());
    const std::size_t end = find_head_end(pending);
    if (end != std::string_view::npos) {
      head = pending.substr(0, end);
      return Head::kComplete;
    }
    if (pending.size() >= max_bytes) return Head::kTooLarge;
    const auto left = std::chrono::duration_cast<Millis>(until - Clock::now());
    if (left.count() <= 0) return Head::kTimedOut;
    const ssize_t n = fill(left);
    if (n == 0) return Head::kClosed;
    if (n < 0) return Head::kTimedOut;
  }
}

std::size_t Connection::take_bytes_read() {
  return std::exchange(bytes_read_, 0);
}

bool Connection::is_readable() const {
  return buffered() > 0 || wait(POLLIN, read_timeout_) == Wait::kReady;
}

bool Connection::is_writable() const {
  return wait(POLLOUT, write_timeout_) == Wait::kReady;
}

ssize_t Connection::read(char* ptr, size_t size) {
  if (buffered() == 0) {
    const ssize_t n = fill(read_timeout_);
    if (n <= 0) return n;
  }
  const std::size_t take = std::min(size, buffered());
  std::memcpy(ptr, buffer_.data() + pos_, take);
  pos_ += take;
  return static_cast<ssize_t>(take);
}

ssize_t Connection::write(const char* ptr, size_t size) {
  if (wait(POLLOUT, write_timeout_) != Wait::kReady) return -1;
  ssize_t n;
  do {
    n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void Connection::get_remote_ip_and_port(std::string& ip, int& port) const {
  address_of(fd_, true, ip, port);
}

void Connection::get_local_ip_and_port(std::string& ip, int& port) const {
  address_of(fd_, false, ip, port);
}

}  // namespace fgform::emulator
