// Huawei Cloud AK/SK request signing: SDK-HMAC-SHA256 (default), SDK-HMAC-SM3 and the
// derived-key V11-HMAC-SHA256 variant. See docs/design.md for the byte-level rules.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "canonical.h"

namespace fgform::cloud {

enum class SigningAlgorithm { kSdkHmacSha256, kSdkHmacSm3, kV11HmacSha256 };

std::string_view algorithm_name(SigningAlgorithm algorithm);
std::optional<SigningAlgorithm> algorithm_from_name(std::string_view name);

struct SigningKey {
  std::string access_key;
  std::string secret_key;
  SigningAlgorithm algorithm = SigningAlgorithm::kSdkHmacSha256;
  // Only V11 scopes its key: derived per day, region and service.
  std::string region;
  std::string service;
};

struct SigningInput {
  std::string method;        // uppercase
  std::string decoded_path;  // e.g. /v2/pid/fgs/functions/urn:fss:...
  QueryParams query;         // decoded pairs
  HeaderList headers;        // the headers to sign, any case; X-Sdk-Date must be among them
  std::string_view body;
};

struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;x-sdk-date"
  std::string signature;       // lowercase hex
  std::string authorization;   // the Authorization header value
};

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// Formats a time as X-Sdk-Date (YYYYMMDDTHHMMSSZ, UTC).
std::string format_sdk_date(std::chrono::system_clock::time_point when);
// Strict parse of ^[0-9]{8}T[0-9]{6}Z$; nullopt when malformed or not a real date.
std::optional<std::chrono::system_clock::time_point> parse_sdk_date(std::string_view text);

// Headers the signer refuses to sign: names with '_' (proxies drop them) and hop-by-hop ones.
bool is_signable_header(std::string_view lowercase_name);

Signature sign(const SigningKey& key, const SigningInput& input);

// The pieces sign() is made of, for the emulator's verifier.
std::string payload_hash(SigningAlgorithm algorithm, std::string_view content_sha_header,
                         std::string_view body);
std::string v11_info(std::string_view sdk_date, std::string_view region, std::string_view service);
std::string string_to_sign(const SigningKey& key, std::string_view sdk_date,
                           std::string_view canonical_request);
std::string signature_hex(const SigningKey& key, std::string_view sdk_date,
                          std::string_view string_to_sign);

}  // namespace fgform::cloud
