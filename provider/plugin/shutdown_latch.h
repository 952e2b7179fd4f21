// One-way "time to stop" flag that a signal handler, an RPC handler and a test can all raise,
// and the main thread can wait on with a timeout. A self-pipe, because writing to a pipe is
// one of the few things a signal handler may do.
#pragma once

#include <chrono>

namespace fgform::plugin {

class ShutdownLatch {
 public:
  ShutdownLatch();
  ShutdownLatch(const ShutdownLatch&) = delete;
  ShutdownLatch& operator=(const ShutdownLatch&) = delete;
  ~ShutdownLatch();

  // False when the pipe could not be created (descriptor exhaustion).
  bool valid() const { return read_fd_ >= 0; }

  // Async-signal-safe and thread-safe; raising it twice is harmless.
  void trigger() noexcept;

  // True once triggered (stays true); false when the timeout passed first.
  bool wait_for(std::chrono::milliseconds timeout);

  // For a signal handler that cannot reach this object.
  int trigger_fd() const { return write_fd_; }

 private:
  int read_fd_ = -1;
  int write_fd_ = -1;
  bool triggered_ = false;
};

}  // namespace fgform::plugin
