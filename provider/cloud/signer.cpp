#include "signer.h"

#include <algorithm>
#include <ctime>

#include "crypto.h"
#include "time_format.h"

namespace fgform::cloud {
namespace {

HashAlgorithm hash_of(SigningAlgorithm algorithm) {
  return algorithm == SigningAlgorithm::kSdkHmacSm3 ? HashAlgorithm::kSm3 : HashAlgorithm::kSha256;
}

std::string_view content_hash_header(SigningAlgorithm algorithm) {
  return algorithm == SigningAlgorithm::kSdkHmacSm3 ? "x-sdk-content-sm3" : "x-sdk-content-sha256";
}

}  // namespace

std::string_view algorithm_name(SigningAlgorithm algorithm) {
  switch (algorithm) {
    case SigningAlgorithm::kSdkHmacSm3:
      return "SDK-HMAC-SM3";
    case SigningAlgorithm::kV11HmacSha256:
      return "V11-HMAC-SHA256";
    case SigningAlgorithm::kSdkHmacSha256:
      break;
  }
  return "SDK-HMAC-SHA256";
}

std::optional<SigningAlgorithm> algorithm_from_name(std::string_view name) {
  if (name == "SDK-HMAC-SHA256") return SigningAlgorithm::kSdkHmacSha256;
  if (name == "SDK-HMAC-SM3") return SigningAlgorithm::kSdkHmacSm3;
  if (name == "V11-HMAC-SHA256") return SigningAlgorithm::kV11HmacSha256;
  return std::nullopt;
}

std::string format_sdk_date(std::chrono::system_clock::time_point when) {
  return format_utc(when, "%Y%m%dT%H%M%SZ");
}

std::optional<std::chrono::system_clock::time_point> parse_sdk_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  for (std::size_t i = 0; i < 15; ++i) {
    if (i == 8) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  std::tm check = tm;
  std::time_t t = timegm(&check);
  if (t == static_cast<std::time_t>(-1) || check.tm_mday != tm.tm_mday) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits: years before 1678 or after 2261 do not fit, and
  // converting them overflowed (undefined behaviour; found by the signature fuzz target). They
  // are well-formed dates all the same: dates beyond half the clock's range each way (before
  // about 1824, after about 2116) clamp there, far out of any window, and differences with any
  // present time still fit.
  using Clock = std::chrono::system_clock;
  constexpr auto kFar = Clock::duration::max() / 2;
  constexpr auto kFarSeconds = std::chrono::duration_cast<std::chrono::seconds>(kFar).count();
  if (t >= kFarSeconds) return Clock::time_point(kFar);
  if (t <= -kFarSeconds) return Clock::time_point(-kFar);
  return Clock::from_time_t(t);
}

bool is_signable_header(std::string_view name) {
  if (name.find('_') != std::string_view::npos) return false;
  static constexpr std::string_view kHopByHop[] = {"authorization",   "connection",
                                                   "expect",          "transfer-encoding",
                                                   "accept-encoding", "content-length"};
  return std::find(std::begin(kHopByHop), std::end(kHopByHop), name) == std::end(kHopByHop);
}

std::string payload_hash(SigningAlgorithm algorithm, std::string_view content_sha_header,
                         std::string_view body) {
  if (content_sha_header == kUnsignedPayload) return std::string(kUnsignedPayload);
  return hex_digest(hash_of(algorithm), body);
}

std::string v11_info(std::string_view sdk_date, std::string_view region, std::string_view service) {
  std::string info(sdk_date.substr(0, 8));
  info.append("/").append(region).append("/").append(service);
  return info;
}

std::string string_to_sign(const SigningKey& key, std::string_view sdk_date,
                           std::string_view canonical_request_text) {
  std::string sts(algorithm_name(key.algorithm));
  sts.push_back('\n');
  sts.append(sdk_date).push_back('\n');
  if (key.algorithm == SigningAlgorithm::kV11HmacSha256) {
    sts.append(v11_info(sdk_date, key.region, key.service)).push_back('\n');
  }
  sts.append(hex_digest(hash_of(key.algorithm), canonical_request_text));
  return sts;
}

std::string signature_hex(const SigningKey& key, std::string_view sdk_date,
                          std::string_view string_to_sign_text) {
  if (key.algorithm == SigningAlgorithm::kV11HmacSha256) {
    // The derived key is used as its lowercase hex text, not as raw bytes (SDK behaviour).
    std::string derived = to_lower_hex(hkdf_sha256(
        key.secret_key, key.access_key, v11_info(sdk_date, key.region, key.service), 32));
    std::string sig = to_lower_hex(hmac(HashAlgorithm::kSha256, derived, string_to_sign_text));
    wipe(derived);
    return sig;
  }
  return to_lower_hex(hmac(hash_of(key.algorithm), key.secret_key, string_to_sign_text));
}

Signature sign(const SigningKey& key, const SigningInput& input) {
  HeaderList headers;
  std::string sdk_date;
  std::string content_sha;
  for (const auto& [name, value] : input.headers) {
    std::string lower = to_lower(name);
    if (!is_signable_header(lower)) continue;
    if (lower == "x-sdk-date") sdk_date = trim(value);
    if (lower == content_hash_header(key.algorithm)) content_sha = trim(value);
    headers.emplace_back(std::move(lower), value);
  }
  std::sort(headers.begin(), headers.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  Signature out;
  out.canonical_request = canonical_request(input.method, canonical_uri(input.decoded_path),
                                            canonical_query(input.query), headers,
                                            payload_hash(key.algorithm, content_sha, input.body));
  out.string_to_sign = string_to_sign(key, sdk_date, out.canonical_request);
  out.signature = signature_hex(key, sdk_date, out.string_to_sign);
  for (const auto& header : headers) {
    if (!out.signed_headers.empty()) out.signed_headers.push_back(';');
    out.signed_headers += header.first;
  }
  out.authorization = std::string(algorithm_name(key.algorithm));
  if (key.algorithm == SigningAlgorithm::kV11HmacSha256) {
    out.authorization +=
        " Credential=" + key.access_key + "/" + v11_info(sdk_date, key.region, key.service);
  } else {
    out.authorization += " Access=" + key.access_key;
  }
  out.authorization += ", SignedHeaders=" + out.signed_headers + ", Signature=" + out.signature;
  return out;
}

}  // namespace fgform::cloud
