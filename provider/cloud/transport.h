// HTTP over libcurl: connection reuse, TLS verification on unless explicitly disabled, proxy
// settings from the usual environment variables (libcurl reads http_proxy, https_proxy, no_proxy),
// connect/read timeouts. Knows nothing about signing or retries.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http.h"

namespace fgform::cloud {

struct TransportOptions {
  bool insecure = false;  // skip TLS certificate verification; only for test endpoints
  std::string ca_file;    // extra CA bundle; empty = system store
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{120000};
  // Receives one line per request and response, secrets already masked. Empty = no log.
  std::function<void(const std::string&)> debug_log;
};

struct TransportOutcome {
  bool answered = false;      // a full HTTP response arrived
  bool request_sent = false;  // some request bytes may have reached the server
  HttpResponse response;
  std::string failure;  // libcurl's description when !answered
};

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  TransportOutcome perform(const HttpRequest& request);

 private:
  void* acquire_handle();
  void release_handle(void* handle);

  TransportOptions options_;
  std::mutex mutex_;
  std::vector<void*> idle_handles_;  // CURL* kept for connection reuse
};

}  // namespace fgform::cloud
