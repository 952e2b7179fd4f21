// A cpp-httplib server on a free loopback port, listening on a thread of its own until the
// object goes: for tests that need a server answering exactly what they say.
#pragma once

#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <memory>
#include <thread>

namespace fgform::testing {

template <typename ServerT>
struct Running {
  std::unique_ptr<ServerT> server;
  int port = 0;
  std::thread thread;

  explicit Running(std::unique_ptr<ServerT> s) : server(std::move(s)) {
    port = server->bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server->listen_after_bind(); });
    while (!server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Running() {
    server->stop();
    thread.join();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;
};

}  // namespace fgform::testing
