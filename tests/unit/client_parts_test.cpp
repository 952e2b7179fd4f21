// Pieces of the platform client that need no server: errors, retries, credentials, endpoints,
// URNs, log redaction.
#include <catch2/catch.hpp>

#include <map>

#include "cloud/credentials.h"
#include "cloud/endpoints.h"
#include "cloud/error.h"
#include "cloud/http.h"
#include "cloud/retry.h"
#include "cloud/urn.h"

using namespace fgform::cloud;
using namespace std::chrono_literals;

TEST_CASE("error bodies of every platform shape are read") {
  auto fg =
      error_from_response(404, R"({"error_code":"FSS.1051","error_msg":"Not found the function"})",
                          "rid1", "GET", "/v2/p/fgs/functions/x/config");
  CHECK(fg.kind == ErrorKind::kNotFound);
  CHECK(fg.error_code == "FSS.1051");
  CHECK(fg.message() ==
        "GET /v2/p/fgs/functions/x/config: 404 FSS.1051: Not found the function (request id rid1)");

  auto vpc = error_from_response(409, R"({"code":"VPC.0109","message":"has subnets"})", "",
                                 "DELETE", "/v1/p/vpcs/x");
  CHECK(vpc.kind == ErrorKind::kConflict);
  CHECK(vpc.error_code == "VPC.0109");
  CHECK(vpc.error_msg == "has subnets");

  auto iam = error_from_response(
      404, R"({"error":{"code":404,"message":"Could not find agency","title":"Not Found"}})", "",
      "GET", "/v3.0/OS-AGENCY/agencies/x");
  CHECK(iam.error_code == "404");
  CHECK(iam.error_msg == "Could not find agency");

  auto gw = error_from_response(
      429, R"({"error_code":"APIGW.0308","error_msg":"busy","request_id":"r9"})", "", "GET", "/x");
  CHECK(gw.kind == ErrorKind::kThrottled);
  CHECK(gw.request_id == "r9");

  auto junk = error_from_response(502, "<html>bad gateway</html>", "", "GET", "/x");
  CHECK(junk.kind == ErrorKind::kServer);
  CHECK(junk.error_msg == "<html>bad gateway</html>");
  CHECK(kind_for_status(401) == ErrorKind::kAuth);
  CHECK(kind_for_status(400) == ErrorKind::kValidation);
  CHECK(kind_for_status(412) == ErrorKind::kConflict);
}

TEST_CASE("retry classification never resends a create whose outcome is unknown") {
  CHECK(classify_attempt({"GET", false, false, 0}) == RetryDecision::kRetry);
  CHECK(classify_attempt({"POST", false, false, 0}) == RetryDecision::kRetry);  // nothing was sent
  CHECK(classify_attempt({"POST", false, true, 0}) == RetryDecision::kOutcomeUnknown);
  CHECK(classify_attempt({"PUT", false, true, 0}) == RetryDecision::kRetry);
  CHECK(classify_attempt({"POST", true, true, 429}) == RetryDecision::kRetry);
  CHECK(classify_attempt({"POST", true, true, 503}) == RetryDecision::kRetry);
  CHECK(classify_attempt({"POST", true, true, 504}) == RetryDecision::kOutcomeUnknown);
  CHECK(classify_attempt({"POST", true, true, 500}) == RetryDecision::kDone);
  CHECK(classify_attempt({"GET", true, true, 500}) == RetryDecision::kRetry);
  CHECK(classify_attempt({"DELETE", true, true, 502}) == RetryDecision::kRetry);
  CHECK(classify_attempt({"GET", true, true, 401}) == RetryDecision::kDone);
  CHECK(classify_attempt({"GET", true, true, 404}) == RetryDecision::kDone);
}

TEST_CASE("backoff uses full jitter under a growing ceiling and honours Retry-After") {
  RetryPolicy p{6, 100ms, 1000ms, 60000ms};
  Backoff b(p, 42);
  for (int attempt = 1; attempt <= 6; ++attempt) {
    auto ceiling = std::min<long long>(1000, 100LL << (attempt - 1));
    for (int i = 0; i < 50; ++i) {
      auto d = b.delay(attempt, std::nullopt);
      CHECK(d.count() >= 0);
      CHECK(d.count() <= ceiling);
    }
  }
  CHECK(b.delay(1, 5000ms) >= 5000ms);
  CHECK(parse_retry_after("3") == std::optional<std::chrono::milliseconds>(3000ms));
  auto now = std::chrono::system_clock::from_time_t(1700000000);  // Tue, 14 Nov 2023 22:13:20 GMT
  CHECK(parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", now) ==
        std::optional<std::chrono::milliseconds>(10000ms));
  CHECK_FALSE(parse_retry_after("soon").has_value());
  CHECK_FALSE(parse_retry_after("").has_value());
}

TEST_CASE("credentials come from explicit settings first, then the HW_* environment") {
  std::map<std::string, std::string> env{{"HW_ACCESS_KEY", "envAK"},
                                         {"HW_SECRET_KEY", "envSK"},
                                         {"HW_REGION_NAME", "ap-southeast-1"},
                                         {"HW_PROJECT_ID", "envPID"},
                                         {"HW_SECURITY_TOKEN", "tok"}};
  auto lookup = [&](const char* name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  Credentials explicit_settings;
  explicit_settings.access_key = "myAK";
  Credentials c = resolve_credentials(explicit_settings, lookup);
  CHECK(c.access_key == "myAK");
  CHECK(c.secret_key == "envSK");
  CHECK(c.region == "ap-southeast-1");
  CHECK(c.project_id == "envPID");
  CHECK(c.security_token == "tok");
  CHECK(c.describe() == "myAK (temporary)");
  CHECK(missing_credentials_message(c).empty());

  Credentials none =
      resolve_credentials({}, [](const char*) { return std::optional<std::string>(); });
  std::string msg = missing_credentials_message(none);
  CHECK(msg.find("HW_ACCESS_KEY") != std::string::npos);
  CHECK(msg.find("HW_SECRET_KEY") != std::string::npos);
  CHECK(msg.find("HW_REGION_NAME") != std::string::npos);
}

TEST_CASE("endpoints default per region and parse into Host values") {
  Endpoints e = Endpoints::defaults_for("cn-north-4");
  CHECK(e.functiongraph == "https://functiongraph.cn-north-4.myhuaweicloud.com");
  CHECK(e.iam == "https://iam.cn-north-4.myhuaweicloud.com");
  CHECK(e.vpc == "https://vpc.cn-north-4.myhuaweicloud.com");
  auto u = parse_base_url("https://functiongraph.cn-north-4.myhuaweicloud.com:443/");
  REQUIRE(u.has_value());
  CHECK(u->host_port == "functiongraph.cn-north-4.myhuaweicloud.com");
  CHECK(u->base_path.empty());
  auto local = parse_base_url("http://127.0.0.1:8080/prefix/");
  REQUIRE(local.has_value());
  CHECK(local->host_port == "127.0.0.1:8080");
  CHECK(local->base_path == "/prefix");
  CHECK_FALSE(parse_base_url("ftp://x").has_value());
  CHECK_FALSE(parse_base_url("http://").has_value());
  CHECK_FALSE(parse_base_url("127.0.0.1:80").has_value());
}

TEST_CASE("function URNs in all qualifier forms") {
  auto u = FunctionUrn::parse("urn:fss:cn-north-4:pid:function:default:hello");
  REQUIRE(u.has_value());
  CHECK(u->qualifier.empty());
  CHECK(u->with_qualifier("latest") == "urn:fss:cn-north-4:pid:function:default:hello:latest");
  auto a = FunctionUrn::parse("urn:fss:cn-north-4:pid:function:default:hello:!prod");
  REQUIRE(a.has_value());
  CHECK(a->is_alias());
  CHECK(a->alias_name() == "prod");
  CHECK(a->unqualified() == "urn:fss:cn-north-4:pid:function:default:hello");
  for (const char* bad : {"", "urn:fss:r:p:function:default", "urn:xxx:r:p:function:d:n",
                          "urn:fss:r:p:func:d:n", "urn:fss:r:p:function:d:n:!",
                          "urn:fss:r::function:d:n", "urn:fss:r:p:function:d:n:v:extra"}) {
    CHECK_FALSE(FunctionUrn::parse(bad).has_value());
  }
}

TEST_CASE("debug logs never show secrets") {
  CHECK(redact_header_value("Authorization", "SDK-HMAC-SHA256 Access=AK, Signature=abc") == "***");
  CHECK(redact_header_value("X-Security-Token", "tok") == "***");
  CHECK(redact_header_value("X-Auth-Token", "tok") == "***");
  CHECK(redact_header_value("X-Sdk-Date", "20240102T030405Z") == "20240102T030405Z");
}
