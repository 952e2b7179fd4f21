// The emulator's HTTP server: cpp-httplib's request parsing and routing, with our own handling of
// connections. Why (docs/design.md, "The emulator's HTTP server"): cpp-httplib 0.11 gives each
// connection one thread from a fixed pool for as long as the connection lives and polls idle
// sockets every 10 ms, so a few dozen idle or half-open connections starve every other client.
// Here every connection gets its own thread at once (up to a cap), idle threads sleep in poll()
// until the client writes or the server stops, and each request head is checked whole before
// the parser sees it.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace fgform::emulator {

class Connection;

struct HttpLimits {
  // Connections served at once; more wait for a free thread. Stays below FD_SETSIZE, which
  // cpp-httplib's select()-based parser cannot exceed.
  std::size_t max_connections = 512;
  std::chrono::milliseconds keep_alive_idle{5000};  // between requests on one connection
  std::chrono::milliseconds head_timeout{10000};    // first byte to end of the request head
  std::chrono::milliseconds read_timeout{10000};    // each wait for more body bytes
  std::chrono::milliseconds write_timeout{10000};
  std::size_t max_head_bytes = 64 * 1024;
  std::size_t max_requests_per_connection = 1000;
};

// The JSON body of an error the server answers on its own (a malformed head), given the
// status, a message and the request ID it carries.
using RejectBody =
    std::function<std::string(int status, const std::string& message, const std::string& id)>;

class HttpServer : public httplib::Server {
 public:
  HttpServer(HttpLimits limits, RejectBody reject_body);
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Wakes every connection thread, then stops accepting; returns once all have finished.
  void shutdown();

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Serves one request; false when the connection should close.
  bool serve_one(Connection& connection, bool first, bool last);
  void reject(Connection& connection, int status, const std::string& message);

  HttpLimits limits_;
  RejectBody reject_body_;
  int wake_fd_;
};

// A thread per connection, at most `max_threads` at once; beyond that, connections queue.
class ConnectionThreads final : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(std::size_t max_threads) : max_threads_(max_threads) {}
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;  // waits until every queued and running connection has finished

 private:
  void run(std::function<void()> fn);

  std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable all_done_;
  std::deque<std::function<void()>> waiting_;
  std::size_t running_ = 0;
};

}  // namespace fgform::emulator
