#include "transport.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

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

// cpp-httplib writes with plain send()/SSL_write(), so a peer that has closed the connection
// raises SIGPIPE, whose default action kills the process (libcurl guards against this itself).
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

// Why a request got no answer, for the error message, and whether bytes may have left.
struct FailureKind {
  std::string text;
  bool maybe_sent = true;
};

FailureKind describe(httplib::Error e, long verify_result) {
  using httplib::Error;
  switch (e) {
    case Error::Connection:
      return {"could not connect to the server", false};
    case Error::ConnectionTimeout:
      return {"connecting to the server timed out", false};
    case Error::BindIPAddress:
      return {"could not bind the local address", false};
    case Error::SSLConnection:
      return {"the TLS handshake failed", false};
    case Error::SSLLoadingCerts:
      return {"the CA certificates could not be loaded", false};
    case Error::SSLServerVerification: {
      std::string why = "the server's TLS certificate was not accepted";
      if (verify_result != X509_V_OK)
        why += std::string(": ") + X509_verify_cert_error_string(verify_result);
      return {why, false};
    }
    case Error::Write:
      return {"sending the request failed (connection closed or timed out)", true};
    case Error::Read:
      return {"no answer: the connection was closed or the request timed out", true};
    default:
      return {"HTTP error: " + httplib::to_string(e), true};
  }
}

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
  std::map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle;
};

Transport::Transport(TransportOptions options)
    : options_(std::move(options)), pool_(std::make_unique<Pool>()) {}

Transport::~Transport() {
  const SigpipeGuard no_sigpipe;  // closing a TLS connection writes its close_notify
  pool_.reset();
}

namespace {

std::unique_ptr<httplib::Client> make_client(const Target& t,
                                             const std::optional<ProxySetting>& proxy,
                                             const TransportOptions& options) {
  const bool v6 = t.host.find(':') != std::string::npos;
  auto c = std::make_unique<httplib::Client>(t.scheme + "://" + (v6 ? "[" + t.host + "]" : t.host) +
                                             ":" + std::to_string(t.port));
  auto seconds = [](std::chrono::milliseconds ms) {
    return std::pair<time_t, time_t>(static_cast<time_t>(ms.count() / 1000),
                                     static_cast<time_t>((ms.count() % 1000) * 1000));
  };
  const auto connect = seconds(options.connect_timeout);
  const auto wait = seconds(options.request_timeout);
  c->set_connection_timeout(connect.first, connect.second);
  c->set_read_timeout(wait.first, wait.second);
  c->set_write_timeout(wait.first, wait.second);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);  // headers and body leave without waiting for a delayed ACK
  c->set_url_encode(false);  // the client sends exactly the encoding it signed
  c->set_follow_location(false);
  c->set_decompress(false);  // nothing asks for compressed answers
  if (t.scheme == "https") {
    c->enable_server_certificate_verification(!options.insecure);
    if (!options.ca_file.empty()) c->set_ca_cert_path(options.ca_file);
  }
  if (proxy) {
    c->set_proxy(proxy->host, proxy->port);
    if (!proxy->user.empty() || !proxy->password.empty())
      c->set_proxy_basic_auth(proxy->user, proxy->password);
  }
  return c;
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

  httplib::Request req;
  req.method = request.method;
  req.path = target->path;
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    if (to_lower(name) == "host") has_host = true;
    req.headers.emplace(name, value);
  }
  if (!has_host) req.headers.emplace("Host", target->authority);
  req.body = request.body;

  std::unique_ptr<httplib::Client> client;
  {
    std::lock_guard lock(pool_->mutex);
    auto& idle = pool_->idle[key];
    if (!idle.empty()) {
      client = std::move(idle.back());
      idle.pop_back();
    }
  }
  if (!client) client = make_client(*target, proxy, options_);
  const bool reused = client->is_socket_open() != 0;
  const auto started = std::chrono::steady_clock::now();
  httplib::Result result = client->send(req);
  if (!result && reused &&
      (result.error() == httplib::Error::Write || result.error() == httplib::Error::Read) &&
      std::chrono::steady_clock::now() - started < options_.request_timeout) {
    // A kept-alive connection the server had already closed: like libcurl, send once more on a
    // new connection. Not after a timeout, which is an answer that did not come.
    client = make_client(*target, proxy, options_);
    result = client->send(req);
  }

  if (result) {
    out.answered = true;
    out.request_sent = true;
    out.response.status = result->status;
    for (const auto& [name, value] : result->headers) {
      out.response.headers.emplace_back(to_lower(name), value);
    }
    out.response.body = std::move(result->body);
  } else {
    const FailureKind kind = describe(result.error(), client->get_openssl_verify_result());
    out.request_sent = kind.maybe_sent;
    out.failure = kind.text;
  }
  if (options_.debug_log) {
    options_.debug_log(out.answered ? "response: " + std::to_string(out.response.status) +
                                          " x-request-id=" + out.response.header("x-request-id")
                                    : "transport failure: " + out.failure);
  }
  if (out.answered) {
    std::lock_guard lock(pool_->mutex);
    pool_->idle[key].push_back(std::move(client));
  }
  return out;
}

}  // namespace fgform::cloud
