#include "connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "tls_context.h"

namespace fgform::cloud {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30));
}

// poll() on one descriptor until `events` or the deadline; EINTR restarts with the time left.
bool poll_until(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0) return true;  // ready, or an error/hang-up the next call will report
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

bool is_ip_literal(const std::string& host) {
  in6_addr v6{};
  in_addr v4{};
  return ::inet_pton(AF_INET, host.c_str(), &v4) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

// Connects one resolved address; 0 when connected, else the errno (ETIMEDOUT on timeout).
int connect_one(const addrinfo& ai, Clock::time_point deadline, int& fd_out) {
  const int fd =
      ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return errno;
  int result = 0;
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      result = errno;
    } else if (!poll_until(fd, POLLOUT, deadline)) {
      result = ETIMEDOUT;
    } else {
      socklen_t len = sizeof result;
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &len) != 0) result = errno;
    }
  }
  if (result != 0) {
    ::close(fd);
    return result;
  }
  // Small requests leave at once instead of waiting for the delayed ACK of the previous one.
  const int one = 1;
  (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fd_out = fd;
  return 0;
}

}  // namespace

std::unique_ptr<Connection> Connection::open(const std::string& host, int port,
                                             std::chrono::milliseconds timeout,
                                             std::string& failure) {
  const auto deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    failure = "could not resolve the host name " + host + ": " + ::gai_strerror(rc);
    return nullptr;
  }
  bool timed_out = false;
  int fd = -1;
  for (const addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    const int error = connect_one(*ai, deadline, fd);
    if (error == ETIMEDOUT) timed_out = true;
    if (remaining_ms(deadline) == 0 && fd < 0) {
      timed_out = true;
      break;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    failure = timed_out ? "connecting to the server timed out" : "could not connect to the server";
    return nullptr;
  }
  return std::unique_ptr<Connection>(new Connection(fd));
}

Connection::~Connection() {
  if (ssl_ != nullptr) {
    // close_notify, without waiting for the peer's: the connection is being dropped anyway.
    (void)SSL_shutdown(ssl_);
    SSL_free(ssl_);
    ERR_clear_error();
  }
  ::close(fd_);
}

bool Connection::wait_for(bool readable, std::chrono::milliseconds wait) const {
  return poll_until(fd_, readable ? POLLIN : POLLOUT, Clock::now() + wait);
}

bool Connection::start_tls(const TlsContext& context, const std::string& host,
                           std::chrono::milliseconds timeout, std::string& failure) {
  ssl_ = SSL_new(context.native());
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) {
    failure = "TLS could not be initialised";
    return false;
  }
  const bool ip = is_ip_literal(host);
  if (!ip) SSL_set_tlsext_host_name(ssl_, host.c_str());  // SNI is for names only
  if (context.verifies_peer()) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int named = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                         : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (named != 1) {
      failure = "TLS could not be initialised for the host " + host;
      return false;
    }
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const int rc = SSL_connect(ssl_);
    if (rc == 1) return true;
    const int error = SSL_get_error(ssl_, rc);
    if ((error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) &&
        poll_until(fd_, error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
      continue;
    }
    const long verify = SSL_get_verify_result(ssl_);
    ERR_clear_error();
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      failure = "the TLS handshake timed out";
    } else if (context.verifies_peer() && verify != X509_V_OK) {
      failure = std::string("the server's TLS certificate was not accepted: ") +
                X509_verify_cert_error_string(verify);
    } else {
      failure = "the TLS handshake failed";
    }
    return false;
  }
}

Connection::Io Connection::write_all(std::string_view data, std::chrono::milliseconds wait) {
  while (!data.empty()) {
    long n = 0;
    bool want_read = false;
    if (ssl_ != nullptr) {
      const int chunk = static_cast<int>(std::min<std::size_t>(data.size(), 1 << 30));
      const int rc = SSL_write(ssl_, data.data(), chunk);
      if (rc > 0) {
        n = rc;
      } else {
        const int error = SSL_get_error(ssl_, rc);
        ERR_clear_error();
        if (error == SSL_ERROR_WANT_READ) {
          want_read = true;
        } else if (error != SSL_ERROR_WANT_WRITE) {
          return error == SSL_ERROR_ZERO_RETURN ? Io::closed : Io::failed;
        }
      }
    } else {
      n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
          return errno == EPIPE ? Io::closed : Io::failed;
        n = 0;
      }
    }
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (!wait_for(want_read, wait)) return Io::timed_out;
  }
  return Io::ok;
}

Connection::Io Connection::read_some(std::string& out, std::chrono::milliseconds wait) {
  char buffer[16 * 1024];
  for (;;) {
    bool want_write = false;
    if (ssl_ != nullptr) {
      const int rc = SSL_read(ssl_, buffer, sizeof buffer);
      if (rc > 0) {
        out.append(buffer, static_cast<std::size_t>(rc));
        return Io::ok;
      }
      const int error = SSL_get_error(ssl_, rc);
      ERR_clear_error();
      // The end of the stream, with or without the peer's close_notify (the context ignores
      // an unexpected EOF): framing (Content-Length, chunked) decides if the answer was whole.
      if (error == SSL_ERROR_ZERO_RETURN) return Io::closed;
      if (error == SSL_ERROR_SYSCALL) return errno == ECONNRESET ? Io::closed : Io::failed;
      if (error == SSL_ERROR_WANT_WRITE) {
        want_write = true;
      } else if (error != SSL_ERROR_WANT_READ) {
        return Io::failed;
      }
    } else {
      const long n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        return Io::ok;
      }
      if (n == 0) return Io::closed;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        return errno == ECONNRESET ? Io::closed : Io::failed;
      }
    }
    if (!wait_for(!want_write, wait)) return Io::timed_out;
  }
}

bool Connection::idle_and_open() {
  pollfd p{fd_, POLLIN, 0};
  const int n = ::poll(&p, 1, 0);
  if (n == 0) return true;  // nothing arrived: still open
  if (n < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) return false;
  if (ssl_ == nullptr) {
    return false;  // the end of the stream, or bytes nobody asked for: unusable either way
  }
  // TLS records can arrive with no application data in them (TLS 1.3 session tickets): only
  // a read tells. WANT_READ means nothing but such records were there.
  char byte = 0;
  const int rc = SSL_peek(ssl_, &byte, 1);
  const int error = SSL_get_error(ssl_, rc);
  ERR_clear_error();
  return rc <= 0 && error == SSL_ERROR_WANT_READ;
}

}  // namespace fgform::cloud
