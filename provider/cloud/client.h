// The signed, retrying platform client every typed API goes through. The only place that
// builds URLs, signs, retries and maps errors.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "credentials.h"
#include "endpoints.h"
#include "fgform_version.h"
#include "result.h"
#include "retry.h"
#include "signer.h"
#include "transport.h"

namespace fgform::cloud {

using Json = nlohmann::json;

struct ClientConfig {
  Credentials credentials;
  Endpoints endpoints;  // empty fields take the region's defaults
  TransportOptions transport;
  RetryPolicy retry;
  SigningAlgorithm algorithm = SigningAlgorithm::kSdkHmacSha256;
  std::string user_agent = std::string("fgform/") + kVersion;
  // Test seams: the clock used for X-Sdk-Date and the sleep between attempts.
  std::function<std::chrono::system_clock::time_point()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
};

struct ApiCall {
  Service service = Service::kFunctionGraph;
  std::string method = "GET";
  std::string path;  // decoded, e.g. "/v2/{pid}/fgs/functions/urn:fss:..."; URNs stay raw here
  QueryParams query;
  std::optional<Json> body;
  std::vector<int> ok_statuses;  // empty: 200 for GET/HEAD, 200/201/202/204 otherwise
};

struct CallStats {
  std::atomic<long> requests{0};  // HTTP requests sent, retries included
  std::atomic<long> retries{0};
};

class Client {
 public:
  explicit Client(ClientConfig config);

  // Sends the call (signing and retrying as needed); the JSON body of the answer, null when empty.
  Result<Json> call(const ApiCall& call);

  // The project ID for the configured region, discovered with GET /v3/projects?name={region}
  // when not configured, then cached.
  Result<std::string> project_id();
  // The account (domain) ID, discovered with GET /v3/auth/domains when not configured.
  Result<std::string> domain_id();

  Credentials credentials() const { return credentials_snapshot(); }
  const Endpoints& endpoints() const { return config_.endpoints; }
  const CallStats& stats() const { return stats_; }

 private:
  HttpRequest build_request(const ApiCall& call, const ParsedUrl& base, const std::string& body,
                            std::chrono::system_clock::time_point now) const;
  std::chrono::system_clock::time_point now() const;
  Credentials credentials_snapshot() const;

  ClientConfig config_;
  Transport transport_;
  CallStats stats_;
  mutable std::mutex ids_mutex_;
  std::mutex lookup_mutex_;                    // held while a project or domain ID is looked up
  std::atomic<long long> clock_offset_ms_{0};  // learnt from a "signature expired" answer
};

}  // namespace fgform::cloud
