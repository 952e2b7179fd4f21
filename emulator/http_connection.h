// One accepted client connection as cpp-httplib's Stream. It buffers what it reads, so the
// server can look at a whole request head before the HTTP parser does, and every wait on the
// socket also watches the server's wake-up descriptor, so a stopping server never waits for an
// idle or half-open client to time out.
#pragma once

#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>

namespace fgform::emulator {

class Connection final : public httplib::Stream {
 public:
  using Millis = std::chrono::milliseconds;

  Connection(int fd, int wake_fd, Millis read_timeout, Millis write_timeout);

  // Waits up to `idle` for the first byte of the next request. False when the client closed
  // the connection, sent nothing in time, or the server is stopping.
  bool wait_for_request(Millis idle);

  enum class Head { kComplete, kClosed, kTimedOut, kTooLarge };
  // Reads until the blank line that ends a request head, within `deadline` in all. The bytes
  // stay buffered for the HTTP parser; on kComplete `head` views them.
  Head buffer_head(Millis deadline, std::size_t max_bytes, std::string_view& head);

  // Bytes read from the socket since the last call; lets the server notice large requests.
  std::size_t take_bytes_read();

  // httplib::Stream
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  enum class Wait { kReady, kTimedOut, kStopping, kFailed };
  Wait wait(short events, Millis timeout) const;
  // Appends what one recv() returns to the buffer: > 0 bytes, 0 at end of stream, < 0 on error.
  ssize_t fill(Millis timeout);
  std::size_t buffered() const { return buffer_.size() - pos_; }

  int fd_;
  int wake_fd_;
  Millis read_timeout_;
  Millis write_timeout_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t bytes_read_ = 0;
};

}  // namespace fgform::emulator
