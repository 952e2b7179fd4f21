#include "http1.h"

#include <algorithm>
#include <charconv>

namespace fgform::cloud::http1 {
namespace {

// A response body larger than this is refused rather than buffered: nothing the platform's
// management API sends comes near it.
constexpr std::size_t max_body_bytes = std::size_t{1} << 30;

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Does a comma-separated header value contain `token` (case-insensitively)?
bool has_token(std::string_view list, std::string_view token) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    if (to_lower(trim_ows(list.substr(start, end - start))) == token) return true;
    start = end + 1;
  }
  return false;
}

// The last transfer coding listed, lowercased.
std::string last_token(std::string_view list) {
  const std::size_t comma = list.rfind(',');
  return to_lower(trim_ows(comma == std::string_view::npos ? list : list.substr(comma + 1)));
}

}  // namespace

bool header_is_sendable(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!is_token_char(c)) return false;
  }
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string request_head(std::string_view method, std::string_view target,
                         const HeaderList& headers, std::size_t body_size) {
  std::string head;
  head.reserve(256);
  head.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  for (const auto& [name, value] : headers) {
    if (to_lower(name) == "content-length") continue;  // written below from the body itself
    head.append(name).append(": ").append(value).append("\r\n");
  }
  // A body always gets its length; so does a method that normally carries one, so that the
  // server does not wait for a body that is empty.
  if (body_size > 0 || method == "POST" || method == "PUT" || method == "PATCH") {
    head.append("Content-Length: ").append(std::to_string(body_size)).append("\r\n");
  }
  head.append("\r\n");
  return head;
}

ResponseReader::ResponseReader(Request kind) : kind_(kind) {}

bool ResponseReader::fail(std::string why) {
  state_ = State::failed;
  error_ = std::move(why);
  return false;
}

bool ResponseReader::reusable() const {
  if (state_ != State::done) return false;
  if (close_requested_) return false;
  return !http10_ || keep_alive_requested_;
}

bool ResponseReader::next_line(std::string_view& line) {
  const std::size_t lf = pending_.find('\n', offset_);
  const bool in_head =
      state_ == State::status_line || state_ == State::headers || state_ == State::trailers;
  if (lf == std::string::npos) {
    // An unterminated line longer than any head allowed will never become valid.
    if (in_head && head_bytes_ + (pending_.size() - offset_) > max_head_bytes) {
      fail("the response head is larger than " + std::to_string(max_head_bytes / 1024) + " KiB");
    }
    return false;
  }
  line = std::string_view(pending_).substr(offset_, lf - offset_);
  if (in_head) head_bytes_ += lf + 1 - offset_;
  offset_ = lf + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (in_head && head_bytes_ > max_head_bytes) {
    fail("the response head is larger than " + std::to_string(max_head_bytes / 1024) + " KiB");
    return false;
  }
  return true;
}

bool ResponseReader::parse_status_line(std::string_view line) {
  // HTTP/1.x SP 3DIGIT SP reason-phrase (the reason may be empty and the space before it missing)
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || (line[7] != '0' && line[7] != '1') ||
      line[8] != ' ') {
    return fail("the answer does not start with an HTTP/1.x status line");
  }
  int status = 0;
  const char* digits = line.data() + 9;
  const auto [end, ec] = std::from_chars(digits, digits + 3, status);
  if (ec != std::errc() || end != digits + 3 || status < 100 || status > 599 ||
      (line.size() > 12 && line[12] != ' ')) {
    return fail("the status line has no valid status code");
  }
  response_ = HttpResponse{};
  response_.status = status;
  http10_ = line[7] == '0';
  close_requested_ = false;
  keep_alive_requested_ = false;
  chunked_ = false;
  has_length_ = false;
  remaining_ = 0;
  return true;
}

bool ResponseReader::parse_header_line(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') {
    // Obsolete line folding: the continuation joins the previous value with one space.
    if (response_.headers.empty()) return fail("the first header line is a continuation");
    auto& value = response_.headers.back().second;
    value.append(" ").append(trim_ows(line));
    return true;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return fail("a header line has no name");
  }
  const std::string_view name = line.substr(0, colon);
  for (char c : name) {
    if (!is_token_char(c)) return fail("a header name has a character not allowed in it");
  }
  response_.headers.emplace_back(to_lower(name), std::string(trim_ows(line.substr(colon + 1))));
  return true;
}

bool ResponseReader::start_body() {
  // Framing headers, read once the whole head is in (folded values are complete then).
  for (const auto& [name, value] : response_.headers) {
    if (name == "connection") {
      if (has_token(value, "close")) close_requested_ = true;
      if (has_token(value, "keep-alive")) keep_alive_requested_ = true;
    } else if (name == "transfer-encoding") {
      chunked_ = last_token(value) == "chunked";
      if (!chunked_) close_requested_ = true;  // delimited by the end of the connection
    } else if (name == "content-length") {
      std::size_t length = 0;
      const std::string_view v = value;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), length);
      if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
        return fail("the Content-Length header is not a number: " + value);
      }
      if (has_length_ && length != remaining_) {
        return fail("the response has two different Content-Length headers");
      }
      has_length_ = true;
      remaining_ = length;
    }
  }
  const bool transfer_encoded =
      chunked_ || std::any_of(response_.headers.begin(), response_.headers.end(),
                              [](const auto& h) { return h.first == "transfer-encoding"; });
  const int status = response_.status;
  if (kind_ == Request::head || status == 204 || status == 304 ||
      (kind_ == Request::connect && status >= 200 && status < 300)) {
    state_ = State::done;
  } else if (chunked_) {
    state_ = State::chunk_size;
  } else if (transfer_encoded || !has_length_) {
    close_requested_ = true;
    state_ = State::body_until_close;
  } else if (remaining_ > max_body_bytes) {
    return fail("the response body is larger than 1 GiB");
  } else {
    response_.body.reserve(remaining_);
    state_ = remaining_ == 0 ? State::done : State::body_sized;
  }
  return true;
}

bool ResponseReader::take_body_bytes(State when_complete) {
  const std::size_t n = std::min(remaining_, pending_.size() - offset_);
  if (n == 0) return false;
  response_.body.append(pending_, offset_, n);
  offset_ += n;
  remaining_ -= n;
  if (remaining_ == 0) state_ = when_complete;
  return true;
}

bool ResponseReader::step() {
  std::string_view line;
  switch (state_) {
    case State::status_line:
      if (!next_line(line)) return false;
      if (line.empty() && head_bytes_ <= 2) {
        head_bytes_ = 0;  // a stray empty line before the status line is tolerated
        return true;
      }
      return parse_status_line(line) && (state_ = State::headers, true);
    case State::headers:
      if (!next_line(line)) return false;
      if (!line.empty()) return parse_header_line(line);
      head_bytes_ = 0;
      if (response_.status == 101) return fail("the server switched protocols unasked");
      if (response_.status < 200) {  // interim answer (100 Continue, 103 Early Hints)
        state_ = State::status_line;
        return true;
      }
      return start_body();
    case State::body_sized:
      return take_body_bytes(State::done);
    case State::chunk_size: {
      if (!next_line(line)) return false;
      const std::string_view size_text = trim_ows(line.substr(0, line.find(';')));
      std::size_t size = 0;
      const auto [end, ec] =
          std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
      if (size_text.empty() || size_text.size() > 15 || ec != std::errc() ||
          end != size_text.data() + size_text.size()) {
        return fail("a chunk size is not a hexadecimal number");
      }
      if (response_.body.size() + size > max_body_bytes) {
        return fail("the response body is larger than 1 GiB");
      }
      remaining_ = size;
      state_ = size == 0 ? State::trailers : State::chunk_data;
      return true;
    }
    case State::chunk_data:
      return take_body_bytes(State::chunk_data_end);
    case State::chunk_data_end:
      if (!next_line(line)) return false;
      if (!line.empty()) return fail("a chunk is longer than its size says");
      state_ = State::chunk_size;
      return true;
    case State::trailers:
      if (!next_line(line)) return false;
      if (line.empty()) state_ = State::done;  // trailer fields themselves are not kept
      return true;
    case State::body_until_close: {
      const std::size_t n = pending_.size() - offset_;
      if (n == 0) return false;
      if (response_.body.size() + n > max_body_bytes) {
        return fail("the response body is larger than 1 GiB");
      }
      response_.body.append(pending_, offset_, n);
      offset_ += n;
      return true;
    }
    case State::done:
    case State::failed:
      return false;
  }
  return false;
}

bool ResponseReader::feed(std::string_view bytes) {
  if (state_ == State::failed) return false;
  if (state_ == State::done) {
    pending_.append(bytes);
    return true;
  }
  if (offset_ > 0 && offset_ == pending_.size()) {
    pending_.clear();
    offset_ = 0;
  } else if (offset_ > 64 * 1024) {
    pending_.erase(0, offset_);
    offset_ = 0;
  }
  pending_.append(bytes);
  while (step()) {
  }
  return state_ != State::failed;
}

bool ResponseReader::end_of_input() {
  switch (state_) {
    case State::done:
      return true;
    case State::failed:
      return false;
    case State::body_until_close:
      state_ = State::done;
      return true;
    case State::status_line:
      if (head_bytes_ == 0 && offset_ == pending_.size()) {
        return fail("the server closed the connection without answering");
      }
      return fail("the server closed the connection in the middle of the status line");
    case State::headers:
      return fail("the server closed the connection in the middle of the response headers");
    default:
      return fail("the server closed the connection before the whole response body arrived");
  }
}

}  // namespace fgform::cloud::http1
