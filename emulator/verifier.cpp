#include "verifier.h"

#include <regex>

#include "cloud/crypto.h"
#include "cloud/signer.h"

namespace fgform::emulator {
namespace {

using cloud::HeaderList;

VerifyFailure iam_failure(std::string detail) {
  return VerifyFailure{401, "APIGW.0301", "Incorrect IAM authentication information: " + detail};
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(sep, start);
    out.emplace_back(text.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

struct ParsedAuthorization {
  cloud::SigningAlgorithm algorithm;
  std::string access_key;
  std::string region;   // V11 only
  std::string service;  // V11 only
  std::string credential_date;
  std::string signed_headers;
  std::string signature;
};

std::optional<ParsedAuthorization> parse_authorization(const std::string& value) {
  static const std::regex kSdk(
      R"(^(SDK-HMAC-SHA256|SDK-HMAC-SM3)\s+Access=([^,\s]+),\s?SignedHeaders=([^,\s]+),\s?Signature=([0-9A-Za-z]+)$)");
  static const std::regex kV11(
      R"(^V11-HMAC-SHA256\s+Credential=([^/,\s]+)/([0-9]{8})/([^/,\s]+)/([^/,\s]+),\s?SignedHeaders=([^,\s]+),\s?Signature=([0-9A-Za-z]+)$)");
  std::smatch m;
  if (std::regex_match(value, m, kSdk)) {
    return ParsedAuthorization{
        *cloud::algorithm_from_name(m[1].str()), m[2].str(), "", "", "", m[3].str(), m[4].str()};
  }
  if (std::regex_match(value, m, kV11)) {
    return ParsedAuthorization{cloud::SigningAlgorithm::kV11HmacSha256,
                               m[1].str(),
                               m[3].str(),
                               m[4].str(),
                               m[2].str(),
                               m[5].str(),
                               m[6].str()};
  }
  return std::nullopt;
}

}  // namespace

std::optional<VerifyFailure> verify_signature(const SignedRequestView& request,
                                              const KeyLookup& keys,
                                              std::chrono::system_clock::time_point now) {
  const auto& headers = *request.headers;
  auto find_all = [&](std::string_view lower_name) {
    std::vector<std::string> values;
    for (const auto& [name, value] : headers) {
      if (cloud::to_lower(name) == lower_name) values.push_back(value);
    }
    return values;
  };

  auto auth_values = find_all("authorization");
  if (auth_values.empty())
    return iam_failure("the request is not signed (no Authorization header)");
  if (auth_values.size() > 1) return iam_failure("more than one Authorization header");
  auto auth = parse_authorization(cloud::trim(auth_values.front()));
  if (!auth) return iam_failure("the Authorization header is malformed");

  auto key = keys(auth->access_key);
  if (!key) return iam_failure("Get secretKey failed: unknown access key");

  // SignedHeaders: lowercase, strictly ascending, x-sdk-date among them.
  std::vector<std::string> names = split(auth->signed_headers, ';');
  bool has_date = false;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty() || names[i] != cloud::to_lower(names[i])) {
      return iam_failure("SignedHeaders must be lowercase names");
    }
    if (i > 0 && !(names[i - 1] < names[i])) {
      return iam_failure("SignedHeaders must be sorted and unique");
    }
    if (names[i] == "x-sdk-date") has_date = true;
  }
  if (!has_date) return iam_failure("x-sdk-date is not among SignedHeaders");

  HeaderList signed_values;
  std::string content_sha;
  for (const auto& name : names) {
    auto values = find_all(name);
    if (values.empty()) return iam_failure("Signed header " + name + " not found");
    if (values.size() > 1) return iam_failure("signed header " + name + " is sent more than once");
    signed_values.emplace_back(name, values.front());
    if ((name == "x-sdk-content-sha256" &&
         auth->algorithm != cloud::SigningAlgorithm::kSdkHmacSm3) ||
        (name == "x-sdk-content-sm3" && auth->algorithm == cloud::SigningAlgorithm::kSdkHmacSm3)) {
      content_sha = cloud::trim(values.front());
    }
  }

  const std::string sdk_date = cloud::trim(find_all("x-sdk-date").front());
  auto when = cloud::parse_sdk_date(sdk_date);
  if (!when) return iam_failure("X-Sdk-Date is not in the form YYYYMMDDTHHMMSSZ");
  auto skew = now > *when ? now - *when : *when - now;
  if (skew > kClockWindow) {
    return iam_failure("calc ak sk signature fail:signature expired, signature time:" + sdk_date +
                       ",server time:" + cloud::format_sdk_date(now));
  }
  if (auth->algorithm == cloud::SigningAlgorithm::kV11HmacSha256 &&
      auth->credential_date != sdk_date.substr(0, 8)) {
    return iam_failure("the credential date does not match X-Sdk-Date");
  }

  const std::string_view target = request.target;
  const std::size_t qmark = target.find('?');
  auto decoded_path = cloud::percent_decode(target.substr(0, qmark));
  if (!decoded_path) return iam_failure("the request path has a malformed percent escape");
  auto query = cloud::parse_query(qmark == std::string_view::npos ? std::string_view{}
                                                                  : target.substr(qmark + 1));
  if (!query) return iam_failure("the query string has a malformed percent escape");

  cloud::SigningKey signing_key{auth->access_key, key->secret_key, auth->algorithm, auth->region,
                                auth->service};
  const std::string canonical = cloud::canonical_request(
      request.method, cloud::canonical_uri(*decoded_path), cloud::canonical_query(*query),
      signed_values, cloud::payload_hash(auth->algorithm, content_sha, request.body));
  const std::string sts = cloud::string_to_sign(signing_key, sdk_date, canonical);
  std::string expected = cloud::signature_hex(signing_key, sdk_date, sts);
  const bool match = cloud::constant_time_equal(expected, auth->signature);
  cloud::wipe(expected);
  cloud::wipe(signing_key.secret_key);
  if (!match) return iam_failure("verify aksk signature fail");
  return std::nullopt;
}

}  // namespace fgform::emulator
