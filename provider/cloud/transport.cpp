#include "transport.h"

#include <curl/curl.h>

namespace fgform::cloud {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

void ensure_curl_global() {
  static CurlGlobal once;
  (void)once;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    response->headers.clear();  // a new status line (after 100-continue or a redirect)
    return size * count;
  }
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    response->headers.emplace_back(to_lower(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return size * count;
}

}  // namespace

Transport::Transport(TransportOptions options) : options_(std::move(options)) {
  ensure_curl_global();
}

Transport::~Transport() {
  for (void* h : idle_handles_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* Transport::acquire_handle() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_handles_.empty()) {
      void* h = idle_handles_.back();
      idle_handles_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void Transport::release_handle(void* handle) {
  std::lock_guard lock(mutex_);
  idle_handles_.push_back(handle);
}

TransportOutcome Transport::perform(const HttpRequest& request) {
  TransportOutcome out;
  auto* curl = static_cast<CURL*>(acquire_handle());
  if (curl == nullptr) {
    out.failure = "could not initialise libcurl";
    return out;
  }
  curl_easy_reset(curl);  // keeps the connection cache, forgets the previous request's options

  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out.response);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.insecure ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.insecure ? 0L : 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());

  if (options_.debug_log) {
    std::string line = "request: " + request.method + " " + request.url;
    for (const auto& [name, value] : request.headers) {
      line += "\n  " + name + ": " + redact_header_value(name, value);
    }
    options_.debug_log(line);
  }

  CURLcode rc = curl_easy_perform(curl);
  curl_off_t request_size = 0;
  curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_size);
  if (rc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    out.answered = true;
    out.request_sent = true;
    out.response.status = static_cast<int>(status);
  } else {
    out.request_sent = request_size > 0;
    out.failure = curl_easy_strerror(rc);
  }
  if (options_.debug_log) {
    options_.debug_log(out.answered ? "response: " + std::to_string(out.response.status) +
                                          " x-request-id=" + out.response.header("x-request-id")
                                    : "transport failure: " + out.failure);
  }
  curl_slist_free_all(headers);
  release_handle(curl);
  return out;
}

}  // namespace fgform::cloud
