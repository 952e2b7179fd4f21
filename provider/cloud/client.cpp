#include "client.h"

#include <algorithm>
#include <thread>

#include "json_read.h"

namespace fgform::cloud {
namespace {

bool status_ok(const ApiCall& call, int status) {
  if (!call.ok_statuses.empty()) {
    return std::find(call.ok_statuses.begin(), call.ok_statuses.end(), status) !=
           call.ok_statuses.end();
  }
  if (call.method == "GET" || call.method == "HEAD") return status == 200;
  return status == 200 || status == 201 || status == 202 || status == 204;
}

ApiError config_error(std::string message) {
  ApiError e;
  e.kind = ErrorKind::kConfiguration;
  e.error_msg = std::move(message);
  return e;
}

}  // namespace

Client::Client(ClientConfig config) : config_(std::move(config)), transport_(config_.transport) {
  const auto defaults = Endpoints::defaults_for(config_.credentials.region, config_.cloud);
  for (Service s : {Service::kFunctionGraph, Service::kIam, Service::kVpc}) {
    if (config_.endpoints.of(s).empty()) config_.endpoints.of(s) = defaults.of(s);
  }
  if (!config_.sleep)
    config_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

std::chrono::system_clock::time_point Client::now() const {
  auto base = config_.now ? config_.now() : std::chrono::system_clock::now();
  return base + std::chrono::milliseconds(clock_offset_ms_.load());
}

HttpRequest Client::build_request(const ApiCall& call, const ParsedUrl& base,
                                  const std::string& body, const Credentials& c,
                                  std::chrono::system_clock::time_point when) const {
  const std::string decoded_path = base.base_path + call.path;
  const std::string query = canonical_query(call.query);

  HeaderList to_sign;
  if (call.body) to_sign.emplace_back("Content-Type", "application/json;charset=UTF-8");
  to_sign.emplace_back("Host", base.host_port);
  to_sign.emplace_back("X-Sdk-Date", format_sdk_date(when));
  if (call.service == Service::kIam) {
    // Global service: the account scopes the call. The project lookup itself carries neither.
    // Nor does the exchange for temporary credentials: its body names the account.
    if (!c.domain_id.empty() && call.path.rfind("/v3/projects", 0) != 0 &&
        call.path.rfind("/v3/auth/domains", 0) != 0 &&
        call.path.rfind("/v3.0/OS-CREDENTIAL/", 0) != 0) {
      to_sign.emplace_back("X-Domain-Id", c.domain_id);
    }
  } else if (!c.project_id.empty()) {
    to_sign.emplace_back("X-Project-Id", c.project_id);
  }
  if (!c.security_token.empty()) to_sign.emplace_back("X-Security-Token", c.security_token);

  SigningKey key{c.access_key, c.secret_key, config_.algorithm, c.region,
                 std::string(service_name(call.service))};
  Signature sig = sign(key, SigningInput{call.method, decoded_path, call.query, to_sign, body});

  HttpRequest req;
  req.method = call.method;
  req.url = base.scheme + "://" + base.host_port + encode_path(decoded_path);
  if (!query.empty()) req.url += "?" + query;
  for (auto& h : to_sign) {
    if (to_lower(h.first) != "host") req.headers.push_back(std::move(h));  // libcurl sends Host
  }
  req.headers.emplace_back("Authorization", sig.authorization);
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("User-Agent", config_.user_agent);
  req.body = body;
  return req;
}

Credentials Client::credentials_snapshot() const {
  std::lock_guard lock(ids_mutex_);
  return config_.credentials;
}

Result<Json> Client::call(const ApiCall& call) {
  auto c = signing_credentials();
  if (!c) return c.error();
  return send(call, *c);
}

Result<Credentials> Client::signing_credentials() {
  Credentials c = credentials_snapshot();
  if (!c.has_keys()) return config_error(missing_credentials_message(c));
  if (!config_.assume_role) return c;
  const AssumeRole& role = *config_.assume_role;
  // Renewed this long before they expire, so no call is signed with keys about to lapse.
  constexpr auto kRenewBefore = std::chrono::minutes(5);
  std::lock_guard lock(assume_mutex_);
  if (assumed_.has_keys() && now() + kRenewBefore < assumed_until_) {
    c.access_key = assumed_.access_key;
    c.secret_key = assumed_.secret_key;
    c.security_token = assumed_.security_token;
    return c;
  }
  Json assume{{"agency_name", role.agency_name}};
  if (!role.domain_id.empty()) assume["domain_id"] = role.domain_id;
  if (!role.domain_name.empty()) assume["domain_name"] = role.domain_name;
  if (role.duration_seconds > 0) assume["duration_seconds"] = role.duration_seconds;
  Json body{{"auth",
             {{"identity", {{"methods", Json::array({"assume_role"})}, {"assume_role", assume}}}}}};
  const std::string account = role.domain_name.empty() ? role.domain_id : role.domain_name;
  const auto asked = now();
  auto r =
      send({Service::kIam, "POST", "/v3.0/OS-CREDENTIAL/securitytokens", {}, body, {200, 201}}, c);
  if (!r) {
    ApiError e = r.error();
    e.error_msg = "assuming agency \"" + role.agency_name + "\" of account \"" + account +
                  "\": " + e.error_msg;
    return e;
  }
  const Json& credential = object_of(*r, "credential");
  const std::string access = text_of(credential, "access");
  const std::string secret = text_of(credential, "secret");
  const std::string token = text_of(credential, "securitytoken");
  if (access.empty() || secret.empty() || token.empty()) {
    return config_error("IAM answered the assume-role request for agency \"" + role.agency_name +
                        "\" without temporary credentials");
  }
  assumed_.access_key = access;
  assumed_.secret_key = secret;
  assumed_.security_token = token;
  // expires_at, e.g. 2024-01-02T03:04:05.000000Z; if unreadable, the requested duration (or the
  // platform's default) counted from when we asked.
  assumed_until_ =
      asked + std::chrono::seconds(role.duration_seconds > 0 ? role.duration_seconds : 900);
  std::tm tm{};
  const std::string expires = text_of(credential, "expires_at");
  if (strptime(expires.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr) {
    assumed_until_ = std::chrono::system_clock::from_time_t(timegm(&tm));
  }
  c.access_key = assumed_.access_key;
  c.secret_key = assumed_.secret_key;
  c.security_token = assumed_.security_token;
  return c;
}

Result<Json> Client::send(const ApiCall& call, const Credentials& c) {
  auto base = parse_base_url(config_.endpoints.of(call.service));
  if (!base) {
    return config_error("the " + std::string(service_name(call.service)) + " endpoint \"" +
                        config_.endpoints.of(call.service) + "\" is not an http(s) URL");
  }
  const std::string body = call.body ? call.body->dump() : std::string();
  const auto started = std::chrono::steady_clock::now();
  Backoff backoff(config_.retry);
  bool skew_corrected = false;

  TransportOutcome outcome;
  for (int attempt = 1;; ++attempt) {
    outcome = transport_.perform(build_request(call, *base, body, c, now()));
    stats_.requests.fetch_add(1);
    if (outcome.answered && outcome.response.status == 401 && !skew_corrected &&
        outcome.response.body.find("signature expired") != std::string::npos) {
      // Our clock is off: learn the gateway's time from Date and sign once more. Never loop on
      // 401, which could lock the key out.
      skew_corrected = true;
      std::tm tm{};
      std::string date = outcome.response.header("date");
      if (strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) != nullptr) {
        auto server_now = std::chrono::system_clock::from_time_t(timegm(&tm));
        auto local = config_.now ? config_.now() : std::chrono::system_clock::now();
        clock_offset_ms_ =
            std::chrono::duration_cast<std::chrono::milliseconds>(server_now - local).count();
        --attempt;
        continue;
      }
    }
    const RetryDecision decision = classify_attempt(
        {call.method, outcome.answered, outcome.request_sent, outcome.response.status});
    if (decision == RetryDecision::kDone) break;
    if (decision == RetryDecision::kOutcomeUnknown) {
      ApiError e;
      e.kind = ErrorKind::kOutcomeUnknown;
      e.http_status = outcome.answered ? outcome.response.status : 0;
      e.request_id = outcome.response.header("x-request-id");
      e.method = call.method;
      e.path = call.path;
      e.error_msg = (outcome.answered ? "the gateway timed out" : outcome.failure) +
                    std::string(
                        "; the request may have taken effect, so it was not resent: "
                        "look the object up before trying again");
      return e;
    }
    if (attempt >= config_.retry.max_attempts) break;
    std::optional<std::chrono::milliseconds> retry_after;
    if (outcome.answered) retry_after = parse_retry_after(outcome.response.header("retry-after"));
    auto wait = backoff.delay(attempt, retry_after);
    if (std::chrono::steady_clock::now() - started + wait > config_.retry.max_total) break;
    stats_.retries.fetch_add(1);
    config_.sleep(wait);
  }

  if (!outcome.answered) {
    ApiError e;
    e.kind = ErrorKind::kNetwork;
    e.method = call.method;
    e.path = call.path;
    e.error_msg = outcome.failure;
    return e;
  }
  const HttpResponse& r = outcome.response;
  if (!status_ok(call, r.status)) {
    return error_from_response(r.status, r.body, r.header("x-request-id"), call.method, call.path);
  }
  if (r.body.empty()) return Json(nullptr);
  auto parsed = Json::parse(r.body, nullptr, false);
  if (parsed.is_discarded()) {
    ApiError e;
    e.kind = ErrorKind::kUnknown;
    e.http_status = r.status;
    e.request_id = r.header("x-request-id");
    e.method = call.method;
    e.path = call.path;
    e.error_msg = "the response body is not JSON";
    return e;
  }
  return parsed;
}

Result<std::string> Client::project_id() {
  {
    std::lock_guard lock(ids_mutex_);
    if (!config_.credentials.project_id.empty()) return config_.credentials.project_id;
  }
  // One lookup at a time: callers arriving meanwhile (parallel refreshes) wait for its
  // answer instead of each sending the same request.
  std::lock_guard lookup(lookup_mutex_);
  {
    std::lock_guard lock(ids_mutex_);
    if (!config_.credentials.project_id.empty()) return config_.credentials.project_id;
  }
  const std::string region = config_.credentials.region;
  auto r = call({Service::kIam, "GET", "/v3/projects", {{"name", region}}, std::nullopt, {}});
  if (!r) return r.error();
  const Json& projects = array_of(*r, "projects");
  if (projects.empty()) {
    return config_error("no IAM project is named \"" + region +
                        "\": check the region, or set project_id explicitly");
  }
  if (projects.size() > 1) {
    return config_error("more than one IAM project is named \"" + region +
                        "\": set project_id explicitly");
  }
  // Kept only when usable: an empty ID would put "/v2//fgs/..." in every later call.
  const std::string id = text_of(projects[0], "id");
  if (id.empty()) return unexpected_answer("GET", "/v3/projects", "the project has no \"id\" text");
  std::lock_guard lock(ids_mutex_);
  config_.credentials.project_id = id;
  return config_.credentials.project_id;
}

Result<std::string> Client::domain_id() {
  {
    std::lock_guard lock(ids_mutex_);
    if (!config_.credentials.domain_id.empty()) return config_.credentials.domain_id;
  }
  // One lookup at a time, as for the project ID.
  std::lock_guard lookup(lookup_mutex_);
  {
    std::lock_guard lock(ids_mutex_);
    if (!config_.credentials.domain_id.empty()) return config_.credentials.domain_id;
  }
  auto r = call({Service::kIam, "GET", "/v3/auth/domains", {}, std::nullopt, {}});
  if (!r) return r.error();
  const Json& domains = array_of(*r, "domains");
  if (domains.empty()) {
    return config_error("IAM returned no account (domain) for these credentials: set domain_id");
  }
  const std::string id = text_of(domains[0], "id");
  if (id.empty())
    return unexpected_answer("GET", "/v3/auth/domains", "the account has no \"id\" text");
  std::lock_guard lock(ids_mutex_);
  config_.credentials.domain_id = id;
  return config_.credentials.domain_id;
}

Result<Json> wrapped_object(Result<Json> answer, const char* key, std::string method,
                            std::string path) {
  if (!answer) return answer;
  const Json* inner = field_of(*answer, key);
  if (!inner || !inner->is_object())
    return unexpected_answer(std::move(method), std::move(path),
                             "no \"" + std::string(key) + "\" object");
  return *inner;
}

}  // namespace fgform::cloud
