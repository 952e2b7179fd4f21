// HTTP/1.1 message framing for the client side (RFC 9112): the request head the transport writes
// and an incremental reader for the response, fed whatever the connection delivers. No sockets
// here, so every framing rule is unit-tested on byte strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http.h"

namespace fgform::cloud::http1 {

// Can this header go out as it is? Names must be tokens; values must not contain CR, LF or NUL,
// which would let a value end the header line and start another (header injection).
bool header_is_sendable(std::string_view name, std::string_view value);

// "METHOD target HTTP/1.1\r\n", the headers, Content-Length when there is a body (or when the
// method normally carries one), and the blank line. `target` is the origin form (/path?query) or,
// through an HTTP proxy, the absolute URL.
std::string request_head(std::string_view method, std::string_view target,
                         const HeaderList& headers, std::size_t body_size);

// Reads one response. Interim 1xx answers are skipped; the body is delimited by Content-Length,
// chunked transfer coding, or the end of the connection, and is empty for HEAD, 204 and 304 (and
// for a 2xx answer to CONNECT, where the tunnel starts).
class ResponseReader {
 public:
  enum class Request { ordinary, head, connect };
  explicit ResponseReader(Request kind = Request::ordinary);

  // Consumes bytes the connection delivered. False once the input cannot be a valid response;
  // error() then says why. Bytes after a complete response are not consumed: see leftover().
  bool feed(std::string_view bytes);
  // The connection reached its end: completes a body delimited by the end of the connection.
  // False (with error()) when the response was cut short.
  bool end_of_input();

  bool complete() const { return state_ == State::done; }
  // May the connection carry another request after this response?
  bool reusable() const;
  const std::string& error() const { return error_; }
  // Bytes received after the end of the response (a well-behaved server sends none).
  std::string_view leftover() const { return std::string_view(pending_).substr(offset_); }

  HttpResponse take() { return std::move(response_); }

  // Largest status line plus header section accepted: a defence against a runaway peer.
  static constexpr std::size_t max_head_bytes = 256 * 1024;

 private:
  enum class State {
    status_line,
    headers,
    body_sized,
    chunk_size,
    chunk_data,
    chunk_data_end,
    trailers,
    body_until_close,
    done,
    failed,
  };

  bool fail(std::string why);
  bool step();  // advances one state using pending_; false when more input is needed
  bool parse_status_line(std::string_view line);
  bool parse_header_line(std::string_view line);
  bool start_body();
  // Moves up to remaining_ body bytes from pending_ into the body (a sized body or one chunk),
  // then enters `when_complete` once none remain; false when no bytes were there.
  bool take_body_bytes(State when_complete);
  // The next CRLF-terminated line of pending_ (bare LF accepted), or false if incomplete.
  bool next_line(std::string_view& line);

  Request kind_;
  State state_ = State::status_line;
  std::string pending_;
  std::size_t offset_ = 0;      // first unconsumed byte of pending_
  std::size_t head_bytes_ = 0;  // of the current response head, for max_head_bytes
  std::size_t remaining_ = 0;   // body or chunk bytes still expected
  bool http10_ = false;
  bool close_requested_ = false;
  bool keep_alive_requested_ = false;
  bool chunked_ = false;
  bool has_length_ = false;
  std::string error_;
  HttpResponse response_;
};

}  // namespace fgform::cloud::http1
