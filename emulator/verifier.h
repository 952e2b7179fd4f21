// Verifies AK/SK signatures the way the API gateway does: the canonical request is rebuilt from
// the headers the client listed in SignedHeaders, the date must be within ±15 minutes, and the
// signature is compared in constant time. Temporary keys also need their security token (signed
// or not: golangsdk adds it after signing) and are refused once expired.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/canonical.h"

namespace fgform::emulator {

struct SignedRequestView {
  std::string_view method;
  std::string_view target;  // raw request-target: path?query, as received
  // All received headers (any case). Duplicates are kept so they can be refused.
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
  std::string_view body;
};

struct VerifyFailure {
  int status = 401;
  std::string error_code;  // APIGW.0301 and friends
  std::string error_msg;
};

struct KeyRecord {
  std::string secret_key;
  // Temporary credentials only: the X-Security-Token the request must carry with them, and
  // when they stop being accepted.
  std::string security_token = {};
  std::optional<std::chrono::system_clock::time_point> expires_at = std::nullopt;
};

using KeyLookup = std::function<std::optional<KeyRecord>(std::string_view access_key)>;

inline constexpr std::chrono::minutes kClockWindow{15};

// nullopt when the signature is valid.
std::optional<VerifyFailure> verify_signature(const SignedRequestView& request,
                                              const KeyLookup& keys,
                                              std::chrono::system_clock::time_point now);

}  // namespace fgform::emulator
