// HTTP/1.1 requests over pooled connections: connection reuse, TLS verification on unless
// explicitly disabled, proxy settings from the environment variables libcurl reads (http_proxy,
// https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY, no_proxy/NO_PROXY), connect and request
// timeouts. Knows nothing about signing or retries.
//
// Our own client (http1.h for framing, connection.h for sockets and TLS) rather than libcurl or
// cpp-httplib: Debian's libcurl links some thirty shared libraries and Debian's cpp-httplib is a
// compiled library tied to the shared OpenSSL, and every start of the Terraform provider paid to
// map and relocate them (bench/RESULTS.md, docs/design.md "Start-up time").
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http.h"

namespace fgform::cloud {

struct TransportOptions {
  bool insecure = false;  // skip TLS certificate verification; only for test endpoints
  std::string ca_file;    // CA bundle trusted instead of the system store; empty = system store
  std::chrono::milliseconds connect_timeout{10000};
  // The longest wait for the server while sending the request or receiving the answer.
  std::chrono::milliseconds request_timeout{120000};
  // Receives one line per request and response, secrets already masked. Empty = no log.
  std::function<void(const std::string&)> debug_log;
};

struct TransportOutcome {
  bool answered = false;      // a full HTTP response arrived
  bool request_sent = false;  // some request bytes may have reached the server
  HttpResponse response;
  std::string failure;  // a description of what went wrong when !answered
};

// The proxy a request to scheme://host goes through, chosen from the environment with
// libcurl's rules; nullopt = direct. Exposed for tests.
struct ProxySetting {
  std::string scheme;  // "http"; anything else is refused by the transport
  std::string host;
  int port = 1080;  // libcurl's default proxy port
  std::string user;
  std::string password;
};
std::optional<ProxySetting> proxy_from_environment(std::string_view scheme, std::string_view host);
// Does the no_proxy list (comma separated; "*", host names matching themselves and their
// subdomains, IP addresses, IPv4 CIDR ranges) exempt host?
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  TransportOutcome perform(const HttpRequest& request);

 private:
  struct Pool;
  TransportOptions options_;
  std::unique_ptr<Pool> pool_;  // idle connections per origin, kept for reuse
};

}  // namespace fgform::cloud
