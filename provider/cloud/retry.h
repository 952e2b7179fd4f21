// When to try a request again, and how long to wait: exponential backoff with full jitter,
// at least Retry-After, bounded by attempts and total time.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <string_view>

namespace fgform::cloud {

struct RetryPolicy {
  int max_attempts = 5;  // 1 = never retry
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{30000};
  std::chrono::milliseconds max_total{120000};
};

// What the client observed on one attempt.
struct AttemptOutcome {
  std::string_view method;
  bool answered = false;
  bool request_sent = false;
  int status = 0;
};

enum class RetryDecision {
  kDone,            // success or a final answer
  kRetry,           // transient: try again
  kOutcomeUnknown,  // a non-idempotent request may have taken effect: never resend blindly
};

bool is_idempotent(std::string_view method);
RetryDecision classify_attempt(const AttemptOutcome& outcome);

// Retry-After as seconds or an HTTP-date; nullopt when absent or unparsable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

class Backoff {
 public:
  explicit Backoff(RetryPolicy policy, std::uint64_t seed = std::random_device{}());
  // The wait before attempt number `attempt` (1 = the first retry).
  std::chrono::milliseconds delay(int attempt,
                                  std::optional<std::chrono::milliseconds> retry_after);

 private:
  RetryPolicy policy_;
  std::mt19937_64 rng_;
};

}  // namespace fgform::cloud
