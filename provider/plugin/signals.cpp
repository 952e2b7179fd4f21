#include "plugin/signals.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>

namespace fgform::plugin {

namespace {

std::atomic<int> shutdown_fd{-1};

extern "C" void ignore_signal(int) {}

extern "C" void request_shutdown(int) {
  const int fd = shutdown_fd.load();
  if (fd < 0) return;
  const int saved_errno = errno;
  const char byte = 1;
  [[maybe_unused]] ssize_t ignored = ::write(fd, &byte, 1);
  errno = saved_errno;
}

bool install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  return ::sigaction(signal_number, &action, nullptr) == 0;
}

}  // namespace

bool install_plugin_signal_handlers(ShutdownLatch& latch) {
  shutdown_fd.store(latch.trigger_fd());
  return install(SIGINT, ignore_signal) && install(SIGPIPE, ignore_signal) &&
         install(SIGTERM, request_shutdown);
}

}  // namespace fgform::plugin
