#include "http_server.h"

#include <malloc.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "cloud/crypto.h"
#include "http_connection.h"
#include "http_head.h"

namespace fgform::emulator {
namespace {

// After a request this large, hand freed small blocks (a parsed JSON body is many of them) back
// to the system.
constexpr std::size_t kTrimAfterBytes = 4u << 20;

// Blocks of this size and more get mappings of their own, unmapped when freed. glibc's default
// threshold starts at 128 KiB but rises to the size of each large block freed (up to 32 MiB);
// after one large request, the next bodies come from the serving thread's arena, whose top
// malloc_trim() does not release, and the process stays at its high-water mark.
constexpr int kOwnMappingBytes = 1 << 20;

// gperftools' C interface, present when the program links tcmalloc (fgform and fgform-emulator
// do, docs/design.md "Libraries"); weak, so a program on glibc's malloc links without it.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

// Hands freed memory back to the system with whichever allocator the program runs on: tcmalloc
// keeps freed pages until asked (malloc_trim() and mallopt() reach only glibc's malloc).
void release_free_memory() {
  if (MallocExtension_ReleaseFreeMemory) {
    MallocExtension_ReleaseFreeMemory();
  } else {
    ::malloc_trim(0);
  }
}

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Error";
  }
}

}  // namespace

HttpServer::HttpServer(HttpLimits limits, RejectBody reject_body)
    : limits_(limits), reject_body_(std::move(reject_body)), wake_fd_(::eventfd(0, EFD_CLOEXEC)) {
  if (wake_fd_ < 0) {
    throw std::runtime_error(std::string("cannot create the server's wake-up descriptor: ") +
                             std::strerror(errno));
  }
  // Process-wide, and harmless to an embedding fgform: only blocks of 1 MiB and more change.
  ::mallopt(M_MMAP_THRESHOLD, kOwnMappingBytes);
  const std::size_t max = limits_.max_connections;
  new_task_queue = [max] { return new ConnectionThreads(max); };
  set_keep_alive_max_count(limits_.max_requests_per_connection);
}

HttpServer::~HttpServer() {
  ::close(wake_fd_);
}

void HttpServer::shutdown() {
  // The counter stays non-zero, so every current and later poll() on it returns at once.
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
  stop();
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  Connection connection(sock, wake_fd_, limits_.read_timeout, limits_.write_timeout);
  for (std::size_t served = 0; served < keep_alive_max_count_ && svr_sock_ != INVALID_SOCKET;
       ++served) {
    if (!serve_one(connection, served == 0, served + 1 == keep_alive_max_count_)) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return true;
}

bool HttpServer::serve_one(Connection& connection, bool first, bool last) {
  if (!connection.wait_for_request(first ? limits_.head_timeout : limits_.keep_alive_idle)) {
    return false;
  }
  std::string_view head;
  switch (connection.buffer_head(limits_.head_timeout, limits_.max_head_bytes, head)) {
    case Connection::Head::kComplete:
      break;
    case Connection::Head::kTooLarge:
      reject(connection, 431, "Request header fields too large.");
      return false;
    case Connection::Head::kClosed:
    case Connection::Head::kTimedOut:
      return false;
  }
  if (auto problem = check_request_head(head, payload_max_length_)) {
    reject(connection, problem->status, problem->message);
    return false;
  }
  bool closed = false;
  const bool ok = process_request(connection, last, closed, nullptr);
  if (connection.take_bytes_read() >= kTrimAfterBytes) release_free_memory();
  return ok && !closed;
}

void HttpServer::reject(Connection& connection, int status, const std::string& message) {
  const std::string id = cloud::random_hex(16);
  const std::string body = reject_body_(status, message, id);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n" +
                    "Content-Type: application/json;charset=UTF-8\r\n" +
                    "Content-Length: " + std::to_string(body.size()) + "\r\n" +
                    "X-Request-Id: " + id + "\r\nConnection: close\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < out.size()) {
    const ssize_t n = connection.write(out.data() + sent, out.size() - sent);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

void ConnectionThreads::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  if (running_ >= max_threads_) {
    waiting_.push_back(std::move(fn));
    return;
  }
  ++running_;
  std::thread([this, fn = std::move(fn)]() mutable { run(std::move(fn)); }).detach();
}

void ConnectionThreads::run(std::function<void()> fn) {
  for (;;) {
    fn();
    std::lock_guard lock(mutex_);
    if (waiting_.empty()) {
      // Notified under the lock: shutdown() cannot return (and destroy this queue) before the
      // lock is released, and this thread touches nothing of the queue after that.
      --running_;
      all_done_.notify_all();
      return;
    }
    fn = std::move(waiting_.front());
    waiting_.pop_front();
  }
}

void ConnectionThreads::shutdown() {
  std::unique_lock lock(mutex_);
  all_done_.wait(lock, [this] { return running_ == 0; });
}

}  // namespace fgform::emulator
