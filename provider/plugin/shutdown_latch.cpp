#include "plugin/shutdown_latch.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace fgform::plugin {

ShutdownLatch::ShutdownLatch() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    read_fd_ = fds[0];
    write_fd_ = fds[1];
  }
}

ShutdownLatch::~ShutdownLatch() {
  if (read_fd_ >= 0) ::close(read_fd_);
  if (write_fd_ >= 0) ::close(write_fd_);
}

void ShutdownLatch::trigger() noexcept {
  if (write_fd_ < 0) return;
  const int saved_errno = errno;
  const char byte = 1;
  // A full pipe already holds a wake-up, so EAGAIN is fine to ignore.
  [[maybe_unused]] ssize_t ignored = ::write(write_fd_, &byte, 1);
  errno = saved_errno;
}

bool ShutdownLatch::wait_for(std::chrono::milliseconds timeout) {
  if (triggered_) return true;
  if (read_fd_ < 0) return false;
  pollfd entry{read_fd_, POLLIN, 0};
  const int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
  if (ready > 0 && (entry.revents & POLLIN) != 0) triggered_ = true;
  return triggered_;
}

}  // namespace fgform::plugin
