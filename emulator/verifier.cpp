#include "verifier.h"

#include <cctype>

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

// The Authorization header, read left to right. This used to be two std::regex patterns, but
// libstdc++'s matcher recurses once per character: a long header (the server accepts heads of
// 64 KiB) overflowed the stack. The grammar needs no backtracking: each field's characters
// exclude the separator that ends it.
//   SDK-HMAC-SHA256|SDK-HMAC-SM3 \s+ Access=[^,\s]+ ,\s? SignedHeaders=[^,\s]+ ,\s?
//       Signature=[0-9A-Za-z]+
//   V11-HMAC-SHA256 \s+ Credential=[^/,\s]+ / [0-9]{8} / [^/,\s]+ / [^/,\s]+ ,\s?
//       SignedHeaders=[^,\s]+ ,\s? Signature=[0-9A-Za-z]+
class AuthorizationReader {
 public:
  explicit AuthorizationReader(std::string_view text) : rest_(text) {}

  bool literal(std::string_view word) {
    if (rest_.substr(0, word.size()) != word) return false;
    rest_.remove_prefix(word.size());
    return true;
  }
  // \s+ (at_least_one) or \s?
  bool spaces(bool at_least_one) {
    std::size_t n = 0;
    while (n < rest_.size() && is_space(rest_[n]) && (at_least_one || n == 0)) ++n;
    rest_.remove_prefix(n);
    return n > 0 || !at_least_one;
  }
  // One or more characters that are none of `stops` and no white space.
  std::optional<std::string> field(std::string_view stops) {
    std::size_t n = 0;
    while (n < rest_.size() && !is_space(rest_[n]) &&
           stops.find(rest_[n]) == std::string_view::npos)
      ++n;
    return take(n);
  }
  std::optional<std::string> alphanumerics() {
    std::size_t n = 0;
    while (n < rest_.size() && std::isalnum(static_cast<unsigned char>(rest_[n]))) ++n;
    return take(n);
  }
  std::optional<std::string> digits(std::size_t count) {
    std::size_t n = 0;
    while (n < rest_.size() && n < count && std::isdigit(static_cast<unsigned char>(rest_[n]))) ++n;
    if (n != count) return std::nullopt;
    return take(n);
  }
  bool at_end() const { return rest_.empty(); }

 private:
  static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
  }
  std::optional<std::string> take(std::size_t n) {
    if (n == 0) return std::nullopt;
    std::string out(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return out;
  }
  std::string_view rest_;
};

std::optional<ParsedAuthorization> parse_authorization(std::string_view value) {
  AuthorizationReader r(value);
  ParsedAuthorization out;
  if (r.literal("SDK-HMAC-SHA256") || r.literal("SDK-HMAC-SM3")) {
    out.algorithm = value.substr(0, 12) == "SDK-HMAC-SM3" ? cloud::SigningAlgorithm::kSdkHmacSm3
                                                          : cloud::SigningAlgorithm::kSdkHmacSha256;
    if (!r.spaces(true) || !r.literal("Access=")) return std::nullopt;
    auto access = r.field(",");
    if (!access) return std::nullopt;
    out.access_key = std::move(*access);
  } else if (r.literal("V11-HMAC-SHA256")) {
    out.algorithm = cloud::SigningAlgorithm::kV11HmacSha256;
    if (!r.spaces(true) || !r.literal("Credential=")) return std::nullopt;
    auto access = r.field("/,");
    if (!access || !r.literal("/")) return std::nullopt;
    auto date = r.digits(8);
    if (!date || !r.literal("/")) return std::nullopt;
    auto region = r.field("/,");
    if (!region || !r.literal("/")) return std::nullopt;
    auto service = r.field("/,");
    if (!service) return std::nullopt;
    out.access_key = std::move(*access);
    out.credential_date = std::move(*date);
    out.region = std::move(*region);
    out.service = std::move(*service);
  } else {
    return std::nullopt;
  }
  if (!r.literal(",") || !r.spaces(false) || !r.literal("SignedHeaders=")) return std::nullopt;
  auto signed_headers = r.field(",");
  if (!signed_headers) return std::nullopt;
  if (!r.literal(",") || !r.spaces(false) || !r.literal("Signature=")) return std::nullopt;
  auto signature = r.alphanumerics();
  if (!signature || !r.at_end()) return std::nullopt;
  out.signed_headers = std::move(*signed_headers);
  out.signature = std::move(*signature);
  return out;
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
  if (!key->security_token.empty()) {
    auto tokens = find_all("x-security-token");
    if (tokens.size() != 1 ||
        !cloud::constant_time_equal(cloud::trim(tokens.front()), key->security_token)) {
      return iam_failure("temporary access keys need their X-Security-Token");
    }
  }
  if (key->expires_at && now >= *key->expires_at) {
    return iam_failure("the temporary access key and security token have expired");
  }
  return std::nullopt;
}

}  // namespace fgform::emulator
