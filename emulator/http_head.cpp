#include "http_head.h"

#include <cctype>
#include <cstdint>

namespace fgform::emulator {
namespace {

bool is_token_char(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         kSpecials.find(c) != std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 §8.6: Content-Length = 1*DIGIT. A sign, a list or an empty value is malformed.
std::optional<std::uint64_t> parse_length(std::string_view value) {
  if (value.empty() || value.size() > 19) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

HeadProblem bad(std::string message) {
  return HeadProblem{400, std::move(message)};
}

}  // namespace

std::size_t find_head_end(std::string_view data) {
  const std::size_t crlf = data.find("\r\n\r\n");
  const std::size_t lf = data.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::string_view::npos;
  if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf))
    return crlf + 4;
  return lf + 2;
}

std::optional<HeadProblem> check_request_head(std::string_view head, std::size_t max_body_bytes) {
  std::optional<std::uint64_t> length;
  bool chunked = false;
  std::size_t line_number = 0;
  while (!head.empty()) {
    const std::size_t nl = head.find('\n');
    std::string_view line = head.substr(0, nl);
    head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number++ == 0) continue;  // the request line: the HTTP parser checks it
    if (line.empty()) break;
    // Header lines are named by number only: their text may carry credentials.
    const std::string where = "header line " + std::to_string(line_number - 1);
    if (line.front() == ' ' || line.front() == '\t') {
      return bad("The request header is malformed: " + where + " is a folded continuation.");
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return bad("The request header is malformed: " + where + " has no colon.");
    }
    const std::string_view name = line.substr(0, colon);
    for (char c : name) {
      if (!is_token_char(c)) {
        return bad("The request header is malformed: " + where + " has an invalid field name.");
      }
    }
    if (name.empty()) {
      return bad("The request header is malformed: " + where + " has an empty field name.");
    }
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      auto n = parse_length(value);
      if (!n) return bad("Content-Length must be a non-negative decimal number.");
      if (length && *length != *n) return bad("The request carries conflicting Content-Lengths.");
      length = n;
    } else if (iequals(name, "Transfer-Encoding")) {
      chunked = true;
    }
  }
  if (length && chunked) {
    return bad("The request carries both Content-Length and Transfer-Encoding.");
  }
  if (length && *length > max_body_bytes) {
    return HeadProblem{413, "Request entity too large."};
  }
  return std::nullopt;
}

}  // namespace fgform::emulator
