// The checks the API gateway makes on a request head before any route sees it. cpp-httplib
// skips header lines it cannot parse and reads "Content-Length: -1" as 2^64-1, so the emulator
// looks at the raw head itself and answers what the gateway answers: 400 for a malformed head,
// 413 for a body over the limit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fgform::emulator {

struct HeadProblem {
  int status;
  std::string message;
};

// `head` is the request line and header lines up to and including the blank line that ends
// them. Returns nothing when the head may be handed to the HTTP parser.
std::optional<HeadProblem> check_request_head(std::string_view head, std::size_t max_body_bytes);

// Where the head ends in `data` (one past its blank line), or npos while it is incomplete.
std::size_t find_head_end(std::string_view data);

}  // namespace fgform::emulator
