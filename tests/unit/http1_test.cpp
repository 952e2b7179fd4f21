// HTTP/1.1 framing on byte strings: the request head, and responses fed whole, byte by byte,
// chunked, delimited by the end of the connection, cut short or malformed.
#include <catch2/catch.hpp>

#include <string>

#include "cloud/http1.h"

using namespace fgform::cloud;
using http1::ResponseReader;

namespace {

// Feeds `bytes` in pieces of `step` bytes; true when every piece was accepted.
bool feed_in_steps(ResponseReader& reader, const std::string& bytes, std::size_t step) {
  for (std::size_t i = 0; i < bytes.size(); i += step) {
    if (!reader.feed(std::string_view(bytes).substr(i, step))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("http1: the request head") {
  const HeaderList headers{{"Host", "fgs.example:443"}, {"X-Sdk-Date", "20261123T000000Z"}};
  CHECK(http1::request_head("GET", "/v2/p/fgs/functions?marker=0", headers, 0) ==
        "GET /v2/p/fgs/functions?marker=0 HTTP/1.1\r\nHost: fgs.example:443\r\n"
        "X-Sdk-Date: 20261123T000000Z\r\n\r\n");
  // A body always carries its length; a caller's own Content-Length is not repeated.
  CHECK(http1::request_head("DELETE", "/x", {{"Content-Length", "99"}}, 2) ==
        "DELETE /x HTTP/1.1\r\nContent-Length: 2\r\n\r\n");
  // An empty PUT says so, or the server would wait for a body.
  CHECK(http1::request_head("PUT", "/x", {}, 0) == "PUT /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("http1: header values that could end the line are not sendable") {
  CHECK(http1::header_is_sendable("X-Tag", "a value: with colon"));
  CHECK_FALSE(http1::header_is_sendable("X-Tag", "a\r\nX-Injected: 1"));
  CHECK_FALSE(http1::header_is_sendable("X-Tag", "a\nb"));
  CHECK_FALSE(http1::header_is_sendable("X-Tag", std::string("a\0b", 3)));
  CHECK_FALSE(http1::header_is_sendable("Bad Name", "v"));
  CHECK_FALSE(http1::header_is_sendable("", "v"));
}

TEST_CASE("http1: a Content-Length response, whole or byte by byte") {
  const std::string wire =
      "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Request-Id: r-1\r\n"
      "Content-Length: 11\r\n\r\n{\"ok\":true}";
  for (std::size_t step : {wire.size(), std::size_t{1}, std::size_t{7}}) {
    ResponseReader reader;
    REQUIRE(feed_in_steps(reader, wire, step));
    REQUIRE(reader.complete());
    CHECK(reader.reusable());
    const HttpResponse r = reader.take();
    CHECK(r.status == 201);
    CHECK(r.body == "{\"ok\":true}");
    CHECK(r.header("x-request-id") == "r-1");
    CHECK(r.headers.front().first == "content-type");  // names lowercased
  }
}

TEST_CASE("http1: an incomplete response is not complete") {
  ResponseReader reader;
  REQUIRE(reader.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"));
  CHECK_FALSE(reader.complete());
  CHECK_FALSE(reader.end_of_input());
  CHECK(reader.error() ==
        "the server closed the connection before the whole response body arrived");
}

TEST_CASE("http1: chunked bodies, with extensions and trailers") {
  const std::string wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n1A\r\n, a chunk of 26 bytes here\r\n0\r\nX-Trailer: t\r\n\r\n";
  for (std::size_t step : {wire.size(), std::size_t{1}, std::size_t{3}}) {
    ResponseReader reader;
    REQUIRE(feed_in_steps(reader, wire, step));
    REQUIRE(reader.complete());
    CHECK(reader.reusable());
    CHECK(reader.take().body == "hello, a chunk of 26 bytes here");
  }
  ResponseReader bad_size;
  CHECK_FALSE(bad_size.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
  CHECK(bad_size.error() == "a chunk size is not a hexadecimal number");
  ResponseReader overlong;
  CHECK_FALSE(overlong.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"));
  CHECK(overlong.error() == "a chunk is longer than its size says");
}

TEST_CASE("http1: no length means the body runs to the end of the connection") {
  ResponseReader reader;
  REQUIRE(reader.feed("HTTP/1.1 200 OK\r\n\r\nsome "));
  REQUIRE(reader.feed("bytes"));
  CHECK_FALSE(reader.complete());
  REQUIRE(reader.end_of_input());
  CHECK(reader.complete());
  CHECK_FALSE(reader.reusable());
  CHECK(reader.take().body == "some bytes");
}

TEST_CASE("http1: answers without a body") {
  ResponseReader no_content;
  REQUIRE(no_content.feed("HTTP/1.1 204 No Content\r\n\r\n"));
  CHECK(no_content.complete());
  CHECK(no_content.reusable());
  ResponseReader head(ResponseReader::Request::head);
  REQUIRE(head.feed("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"));
  CHECK(head.complete());
  ResponseReader tunnel(ResponseReader::Request::connect);
  REQUIRE(tunnel.feed("HTTP/1.1 200 Connection established\r\n\r\n"));
  CHECK(tunnel.complete());
  CHECK(tunnel.leftover().empty());
}

TEST_CASE("http1: interim answers are skipped") {
  ResponseReader reader;
  REQUIRE(
      reader.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  REQUIRE(reader.complete());
  const HttpResponse r = reader.take();
  CHECK(r.status == 200);
  CHECK(r.body == "ok");
  ResponseReader upgrade;
  CHECK_FALSE(upgrade.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"));
  CHECK(upgrade.error() == "the server switched protocols unasked");
}

TEST_CASE("http1: whether the connection can be reused") {
  ResponseReader closing;
  REQUIRE(closing.feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
  CHECK(closing.complete());
  CHECK_FALSE(closing.reusable());
  ResponseReader old;
  REQUIRE(old.feed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
  CHECK_FALSE(old.reusable());
  ResponseReader old_kept;
  REQUIRE(old_kept.feed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"));
  CHECK(old_kept.reusable());
  ResponseReader extra;
  REQUIRE(extra.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxy"));
  CHECK(extra.complete());
  CHECK(extra.leftover() == "y");  // a misbehaving server: the transport drops the connection
}

TEST_CASE("http1: folded header values are joined") {
  ResponseReader reader;
  REQUIRE(reader.feed("HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\nContent-Length: 0\r\n\r\n"));
  CHECK(reader.take().header("x-long") == "first second");
}

TEST_CASE("http1: malformed responses say what is wrong") {
  struct Case {
    std::string wire;
    std::string error;
  };
  const Case cases[] = {
      {"SSH-2.0-OpenSSH_9.2\r\n", "the answer does not start with an HTTP/1.x status line"},
      {"HTTP/2 200\r\n\r\n", "the answer does not start with an HTTP/1.x status line"},
      {"HTTP/1.1 2x0 OK\r\n", "the status line has no valid status code"},
      {"HTTP/1.1 999 Nope\r\n", "the status line has no valid status code"},
      {"HTTP/1.1 200 OK\r\nno colon here\r\n", "a header line has no name"},
      {"HTTP/1.1 200 OK\r\nBad Name: v\r\n", "a header name has a character not allowed in it"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
       "the Content-Length header is not a number: 12abc"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
       "the response has two different Content-Length headers"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n",
       "the response body is larger than 1 GiB"},
  };
  for (const auto& c : cases) {
    INFO(c.wire);
    ResponseReader reader;
    CHECK_FALSE(reader.feed(c.wire));
    CHECK(reader.error() == c.error);
    CHECK_FALSE(reader.feed("more"));  // a failed reader stays failed
  }
}

TEST_CASE("http1: a runaway head is refused instead of buffered") {
  ResponseReader reader;
  REQUIRE(reader.feed("HTTP/1.1 200 OK\r\n"));
  const std::string header_line = "X-Filler: " + std::string(1000, 'a') + "\r\n";
  bool accepted = true;
  for (int i = 0; i < 300 && accepted; ++i) accepted = reader.feed(header_line);
  CHECK_FALSE(accepted);
  CHECK(reader.error() == "the response head is larger than 256 KiB");

  ResponseReader endless_line;
  CHECK_FALSE(endless_line.feed(std::string(300 * 1024, 'H')));
  CHECK(endless_line.error() == "the response head is larger than 256 KiB");
}

TEST_CASE("http1: the end of the connection before or during the head") {
  ResponseReader nothing;
  CHECK_FALSE(nothing.end_of_input());
  CHECK(nothing.error() == "the server closed the connection without answering");
  ResponseReader partial;
  REQUIRE(partial.feed("HTTP/1.1 200 OK\r\nContent-"));
  CHECK_FALSE(partial.end_of_input());
  CHECK(partial.error() ==
        "the server closed the connection in the middle of the response headers");
}
