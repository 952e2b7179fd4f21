#include "retry.h"

#include <algorithm>
#include <ctime>
#include <string>

namespace fgform::cloud {

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
         method == "OPTIONS";
}

RetryDecision classify_attempt(const AttemptOutcome& o) {
  const bool idempotent = is_idempotent(o.method);
  if (!o.answered) {
    if (!o.request_sent || idempotent) return RetryDecision::kRetry;
    return RetryDecision::kOutcomeUnknown;
  }
  switch (o.status) {
    case 429:  // throttled before the work was done
    case 503:  // the service refused the work
      return RetryDecision::kRetry;
    case 500:
    case 502:
      return idempotent ? RetryDecision::kRetry : RetryDecision::kDone;
    case 504:  // the gateway gave up waiting: a create may still complete behind it
      return idempotent ? RetryDecision::kRetry : RetryDecision::kOutcomeUnknown;
    default:
      return RetryDecision::kDone;
  }
}

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  std::tm tm{};
  std::string text(value);
  if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
  auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto diff = std::chrono::duration_cast<std::chrono::milliseconds>(when - now);
  return std::max(diff, std::chrono::milliseconds(0));
}

Backoff::Backoff(RetryPolicy policy, std::uint64_t seed) : policy_(policy), rng_(seed) {}

std::chrono::milliseconds Backoff::delay(int attempt,
                                         std::optional<std::chrono::milliseconds> retry_after) {
  const int shift = std::clamp(attempt - 1, 0, 30);
  const auto ceiling =
      std::min<long long>(policy_.max_delay.count(), policy_.base_delay.count() * (1LL << shift));
  std::uniform_int_distribution<long long> dist(0, std::max<long long>(ceiling, 0));
  std::chrono::milliseconds wait(dist(rng_));
  if (retry_after) wait = std::max(wait, std::min(*retry_after, policy_.max_total));
  return wait;
}

}  // namespace fgform::cloud
