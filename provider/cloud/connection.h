// One client connection: a TCP socket, optionally wrapped in TLS (OpenSSL), with every wait for
// the peer bounded by poll(). The socket is non-blocking from the start, so neither connect()
// nor a TLS handshake nor a read can hang past its timeout.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

struct ssl_st;

namespace fgform::cloud {

class TlsContext;

class Connection {
 public:
  // Connects to host:port, trying each address the name resolves to in turn, all within
  // `timeout`. nullptr with `failure` set when none accepts; nothing has been sent then.
  static std::unique_ptr<Connection> open(const std::string& host, int port,
                                          std::chrono::milliseconds timeout, std::string& failure);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs the TLS handshake for `host` (SNI and, when the context verifies peers, the
  // certificate's name or IP address checked). False with `failure` set; nothing of a request
  // has been sent then.
  bool start_tls(const TlsContext& context, const std::string& host,
                 std::chrono::milliseconds timeout, std::string& failure);

  enum class Io { ok, closed, timed_out, failed };
  // Writes all of `data`; each wait for the socket to accept more lasts at most `wait`.
  Io write_all(std::string_view data, std::chrono::milliseconds wait);
  // Appends what arrives next to `out`, waiting at most `wait` for it; `closed` at the end of
  // the stream.
  Io read_some(std::string& out, std::chrono::milliseconds wait);

  // For a kept-alive connection about to be reused: false when the peer has closed it or sent
  // something unasked (either way it cannot carry a request).
  bool idle_and_open();

 private:
  explicit Connection(int fd) : fd_(fd) {}
  // Waits for the socket to become readable (or writable); false on timeout or error.
  bool wait_for(bool readable, std::chrono::milliseconds wait) const;

  int fd_;
  ssl_st* ssl_ = nullptr;
};

}  // namespace fgform::cloud
