#include "transport.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#include "connection.h"
#include "http1.h"
#include "tls_context.h"

namespace fgform::cloud {
namespace {

struct Target {
  std::string scheme;  // http or https
  std::string host;    // without the brackets of an IPv6 literal
  int port = 0;
  std::string authority;  // host[:port] exactly as in the URL: the Host header (it was signed)
  std::string path;       // path and query, already encoded
};

std::optional<int> parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  int port = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) return std::nullopt;
  return port;
}

// host[:port] or [v6]:port into its parts; nullopt when malformed.
bool split_authority(std::string_view authority, std::string& host, std::optional<int>& port) {
  std::string_view rest;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = std::string(authority.substr(1, close - 1));
    rest = authority.substr(close + 1);
  } else {
    const std::size_t colon = authority.rfind(':');
    host = std::string(authority.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
  }
  if (host.empty()) return false;
  if (!rest.empty()) {
    if (rest.front() != ':') return false;
    port = parse_port(rest.substr(1));
    if (!port) return false;
  }
  return true;
}

std::optional<Target> split_url(const std::string& url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  Target t;
  t.scheme = to_lower(url.substr(0, sep));
  if (t.scheme != "http" && t.scheme != "https") return std::nullopt;
  const std::string rest = url.substr(sep + 3);
  const std::size_t end = rest.find_first_of("/?#");
  t.authority = rest.substr(0, end);
  t.path = end == std::string::npos ? "/" : rest.substr(end);
  if (t.path.front() == '?') t.path.insert(0, "/");
  if (const std::size_t hash = t.path.find('#'); hash != std::string::npos) t.path.resize(hash);
  std::optional<int> port;
  if (!split_authority(t.authority, t.host, port)) return std::nullopt;
  t.port = port.value_or(t.scheme == "https" ? 443 : 80);
  return t;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

bool ipv4_in_cidr(std::string_view host, std::string_view cidr) {
  const std::size_t slash = cidr.find('/');
  const std::string net(cidr.substr(0, slash));
  const auto bits = parse_port(cidr.substr(slash + 1));  // 1..65535, checked below
  in_addr h{};
  in_addr n{};
  if (!bits || *bits > 32 || inet_pton(AF_INET, std::string(host).c_str(), &h) != 1 ||
      inet_pton(AF_INET, net.c_str(), &n) != 1) {
    return false;
  }
  const std::uint32_t mask = *bits == 32 ? 0xffffffffu : ~(0xffffffffu >> *bits);
  return (ntohl(h.s_addr) & mask) == (ntohl(n.s_addr) & mask);
}

// SSL_write writes with write(), so a peer that has closed the connection raises SIGPIPE,
// whose default action kills the process (plain sends use MSG_NOSIGNAL; libcurl guards the same).
// The guard blocks SIGPIPE for this thread while a request runs and consumes one it raised,
// leaving the process's disposition alone: the engine and the tools keep their own.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec none{0, 0};
        (void)sigtimedwait(&pipe_, nullptr, &none);
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t previous_{};
  bool was_pending_ = false;
};

}  // namespace

bool no_proxy_matches(std::string_view no_proxy, std::string_view host_in) {
  std::string host = to_lower(host_in);
  while (!host.empty() && host.back() == '.') host.pop_back();
  std::size_t start = 0;
  while (start <= no_proxy.size()) {
    std::size_t end = no_proxy.find(',', start);
    if (end == std::string_view::npos) end = no_proxy.size();
    std::string entry = to_lower(trim(no_proxy.substr(start, end - start)));
    start = end + 1;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']')
      entry = entry.substr(1, entry.size() - 2);
    if (entry.find('/') != std::string::npos) {
      if (ipv4_in_cidr(host, entry)) return true;
      continue;
    }
    while (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    while (!entry.empty() && entry.back() == '.') entry.pop_back();
    if (entry.empty()) continue;
    if (host == entry) return true;
    if (host.size() > entry.size() &&
        host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
        host[host.size() - entry.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

std::optional<ProxySetting> proxy_from_environment(std::string_view scheme, std::string_view host) {
  std::string exempt = env("no_proxy");
  if (exempt.empty()) exempt = env("NO_PROXY");
  if (no_proxy_matches(exempt, host)) return std::nullopt;
  // libcurl reads only the lowercase http_proxy: under CGI, HTTP_PROXY is a request header.
  std::string value;
  if (scheme == "https") {
    value = env("https_proxy");
    if (value.empty()) value = env("HTTPS_PROXY");
  } else {
    value = env("http_proxy");
  }
  if (value.empty()) value = env("all_proxy");
  if (value.empty()) value = env("ALL_PROXY");
  value = trim(value);
  if (value.empty()) return std::nullopt;

  ProxySetting p;
  std::string_view rest = value;
  if (const std::size_t sep = rest.find("://"); sep != std::string_view::npos) {
    p.scheme = to_lower(rest.substr(0, sep));
    rest = rest.substr(sep + 3);
  } else {
    p.scheme = "http";
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    auto decoded = [](std::string_view part) {
      return percent_decode(part).value_or(std::string(part));
    };
    p.user = decoded(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) p.password = decoded(userinfo.substr(colon + 1));
    rest = rest.substr(at + 1);
  }
  std::optional<int> port;
  if (!split_authority(rest, p.host, port)) {
    p.host.clear();  // refused by the transport with a clear message
  }
  if (port) p.port = *port;
  return p;
}

struct Transport::Pool {
  std::mutex mutex;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::unique_ptr<TlsContext> tls;  // made at the first https request, then shared
};

Transport::Transport(TransportOptions options)
    : options_(std::move(options)), pool_(std::make_unique<Pool>()) {}

Transport::~Transport() {
  const SigpipeGuard no_sigpipe;  // closing a TLS connection writes its close_notify
  pool_.reset();
}

namespace {

std::string basic_credentials(const std::string& user, const std::string& password) {
  const std::string plain = user + ":" + password;
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                reinterpret_cast<const unsigned char*>(plain.data()),
                                static_cast<int>(plain.size()));
  encoded.resize(static_cast<std::size_t>(n));
  return "Basic " + encoded;
}

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Asks an HTTP proxy for a tunnel to the target (CONNECT), over which TLS then runs end to end.
bool open_tunnel(Connection& proxy_connection, const Target& t, const ProxySetting& proxy,
                 std::chrono::milliseconds wait, std::string& failure) {
  const std::string authority = bracketed(t.host) + ":" + std::to_string(t.port);
  HeaderList headers{{"Host", authority}};
  if (!proxy.user.empty() || !proxy.password.empty())
    headers.emplace_back("Proxy-Authorization", basic_credentials(proxy.user, proxy.password));
  if (proxy_connection.write_all(http1::request_head("CONNECT", authority, headers, 0), wait) !=
      Connection::Io::ok) {
    failure = "the proxy " + proxy.host + " closed the connection";
    return false;
  }
  http1::ResponseReader reader(http1::ResponseReader::Request::connect);
  std::string bytes;
  while (!reader.complete()) {
    bytes.clear();
    const auto io = proxy_connection.read_some(bytes, wait);
    const bool fed = io == Connection::Io::ok       ? reader.feed(bytes)
                     : io == Connection::Io::closed ? reader.end_of_input()
                                                    : false;
    if (!fed) {
      failure = "the proxy " + proxy.host + " did not open a tunnel" +
                (reader.error().empty() ? std::string() : ": " + reader.error());
      return false;
    }
  }
  const int status = reader.take().status;
  if (status < 200 || status > 299) {
    failure = "the proxy " + proxy.host + " refused a tunnel to " + authority + " (HTTP " +
              std::to_string(status) + ")";
    return false;
  }
  return true;
}

// What one request/response exchange on one connection came to.
struct Exchange {
  bool answered = false;
  bool bytes_sent = false;      // the connection accepted some of the request
  bool bytes_received = false;  // some of an answer arrived
  bool timed_out = false;
  bool reusable = false;
  HttpResponse response;
  std::string failure;
};

Exchange exchange(Connection& connection, const std::string& head, const std::string& body,
                  http1::ResponseReader::Request kind, std::chrono::milliseconds wait) {
  Exchange ex;
  auto io = Connection::Io::ok;
  // One write for a small request (head and body in one segment), two for a large one rather
  // than copying it.
  if (body.size() <= 64 * 1024) {
    io = connection.write_all(head + body, wait);
  } else {
    io = connection.write_all(head, wait);
    if (io == Connection::Io::ok) io = connection.write_all(body, wait);
  }
  ex.bytes_sent = true;  // a failed write may still have put bytes on the wire
  if (io != Connection::Io::ok) {
    ex.timed_out = io == Connection::Io::timed_out;
    ex.failure = "sending the request failed (connection closed or timed out)";
    return ex;
  }
  http1::ResponseReader reader(kind);
  std::string bytes;
  while (!reader.complete()) {
    bytes.clear();
    io = connection.read_some(bytes, wait);
    if (io == Connection::Io::ok) {
      ex.bytes_received = true;
      if (!reader.feed(bytes)) {
        ex.failure = "the answer is not valid HTTP: " + reader.error();
        return ex;
      }
    } else if (io == Connection::Io::closed) {
      if (!reader.end_of_input()) {
        ex.failure = "no answer: " + reader.error();
        return ex;
      }
    } else {
      ex.timed_out = io == Connection::Io::timed_out;
      ex.failure = ex.timed_out ? "no answer: the request timed out"
                                : "no answer: reading from the connection failed";
      return ex;
    }
  }
  ex.answered = true;
  ex.reusable = reader.reusable() && reader.leftover().empty();
  ex.response = reader.take();
  return ex;
}

}  // namespace

TransportOutcome Transport::perform(const HttpRequest& request) {
  const SigpipeGuard no_sigpipe;  // first: it must outlive every connection used below
  TransportOutcome out;
  const auto target = split_url(request.url);
  if (!target) {
    out.failure = "the URL is not http(s)://host[:port]/path";
    return out;
  }
  const auto proxy = proxy_from_environment(target->scheme, target->host);
  if (proxy && (proxy->scheme != "http" || proxy->host.empty())) {
    out.failure =
        "the proxy setting is not usable: only http://[user:password@]host[:port] "
        "proxies are supported";
    return out;
  }
  const std::string key = target->scheme + "://" + target->authority +
                          (proxy ? " via " + proxy->host + ":" + std::to_string(proxy->port) : "");

  if (options_.debug_log) {
    std::string line = "request: " + request.method + " " + request.url;
    for (const auto& [name, value] : request.headers) {
      line += "\n  " + name + ": " + redact_header_value(name, value);
    }
    options_.debug_log(line);
  }

  HeaderList headers;
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    if (!http1::header_is_sendable(name, value)) {
      out.failure = "the request header \"" + name + "\" cannot be sent: a line break in it";
      return out;
    }
    if (to_lower(name) == "host") has_host = true;
    headers.emplace_back(name, value);
  }
  if (!has_host) headers.emplace_back("Host", target->authority);
  // Through a proxy, plain http names the whole URL and authenticates to the proxy; https
  // goes through a tunnel, and the proxy sees none of the request.
  const bool forward = proxy && target->scheme == "http";
  if (forward && (!proxy->user.empty() || !proxy->password.empty()))
    headers.emplace_back("Proxy-Authorization", basic_credentials(proxy->user, proxy->password));
  const std::string head = http1::request_head(
      request.method,
      forward ? target->scheme + "://" + target->authority + target->path : target->path, headers,
      request.body.size());
  const auto kind = request.method == "HEAD" ? http1::ResponseReader::Request::head
                                             : http1::ResponseReader::Request::ordinary;

  // A new connection: to the server or the proxy, then the tunnel, then TLS.
  auto connect = [&](std::string& failure) -> std::unique_ptr<Connection> {
    const Target& t = *target;
    auto c = proxy ? Connection::open(proxy->host, proxy->port, options_.connect_timeout, failure)
                   : Connection::open(t.host, t.port, options_.connect_timeout, failure);
    if (!c || t.scheme != "https") return c;
    if (proxy && !open_tunnel(*c, t, *proxy, options_.connect_timeout, failure)) return nullptr;
    const TlsContext* tls = nullptr;
    {
      std::lock_guard lock(pool_->mutex);
      if (!pool_->tls)
        pool_->tls = TlsContext::create(!options_.insecure, options_.ca_file, failure);
      tls = pool_->tls.get();
    }
    if (tls == nullptr || !c->start_tls(*tls, t.host, options_.connect_timeout, failure)) {
      return nullptr;
    }
    return c;
  };

  std::unique_ptr<Connection> connection;
  {
    std::lock_guard lock(pool_->mutex);
    auto& idle = pool_->idle[key];
    while (!connection && !idle.empty()) {
      connection = std::move(idle.back());
      idle.pop_back();
      if (!connection->idle_and_open()) connection.reset();  // the server closed it meanwhile
    }
  }
  const bool reused = connection != nullptr;
  if (!connection) connection = connect(out.failure);
  Exchange ex;
  if (connection) {
    ex = exchange(*connection, head, request.body, kind, options_.request_timeout);
    if (!ex.answered && reused && !ex.timed_out && !ex.bytes_received) {
      // A kept-alive connection the server closed just as it was reused: like libcurl, send
      // once more on a new connection. Not after a timeout, which is an answer that did not come.
      connection = connect(out.failure);
      if (connection)
        ex = exchange(*connection, head, request.body, kind, options_.request_timeout);
    }
  }
  if (connection) {
    out.answered = ex.answered;
    out.request_sent = ex.bytes_sent;
    out.response = std::move(ex.response);
    if (!ex.answered) out.failure = ex.failure;
  }
  if (options_.debug_log) {
    options_.debug_log(out.answered ? "response: " + std::to_string(out.response.status) +
                                          " x-request-id=" + out.response.header("x-request-id")
                                    : "transport failure: " + out.failure);
  }
  if (out.answered && ex.reusable) {
    std::lock_guard lock(pool_->mutex);
    pool_->idle[key].push_back(std::move(connection));
  }
  return out;
}

}  // namespace fgform::cloud
