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

// Act as an agency: the configured keys only obtain temporary credentials of the agency
// (IAM POST /v3.0/OS-CREDENTIAL/securitytokens, method assume_role), which then sign every call.
struct AssumeRole {
  std::string agency_name;
  std::string domain_name;  // the account that owns the agency: its name or its ID
  std::string domain_id;
  int duration_seconds = 0;  // 0: the platform's default (15 minutes)
};

struct ClientConfig {
  Credentials credentials;
  Endpoints endpoints;  // empty fields take the region's defaults on `cloud`
  std::string cloud;    // the cloud domain; empty: default_cloud_for(region)
  std::optional<AssumeRole> assume_role;
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

// The object an answer wraps under `key` ({"agency":{...}}). An answer without one (another
// shape, an empty body) is an unexpected_answer error naming the call, never an empty object.
Result<Json> wrapped_object(Result<Json> answer, const char* key, std::string method,
                            std::string path);

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

  // The configured identity (with assume_role: the keys that assume the agency).
  Credentials credentials() const { return credentials_snapshot(); }
  const Endpoints& endpoints() const { return config_.endpoints; }
  const CallStats& stats() const { return stats_; }

 private:
  Result<Json> send(const ApiCall& call, const Credentials& c);
  HttpRequest build_request(const ApiCall& call, const ParsedUrl& base, const std::string& body,
                            const Credentials& c, std::chrono::system_clock::time_point now) const;
  std::chrono::system_clock::time_point now() const;
  Credentials credentials_snapshot() const;
  // The credentials calls are signed with: the configured ones, or with assume_role the
  // agency's temporary ones, obtained first and again shortly before they expire.
  Result<Credentials> signing_credentials();

  ClientConfig config_;
  Transport transport_;
  CallStats stats_;
  mutable std::mutex ids_mutex_;
  std::mutex lookup_mutex_;                    // held while a project or domain ID is looked up
  std::atomic<long long> clock_offset_ms_{0};  // learnt from a "signature expired" answer
  std::mutex assume_mutex_;                    // held while temporary credentials are obtained
  Credentials assumed_;  // the agency's temporary keys and token (empty until obtained)
  std::chrono::system_clock::time_point assumed_until_{};
};

}  // namespace fgform::cloud
