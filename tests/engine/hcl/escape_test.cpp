// HCL's quoted-string escapes, shared by the parser, fmt and the state address parser.
#include <catch2/catch.hpp>

#include "hcl/escape.h"

using fgform::hcl::unescape_quoted;

namespace {

std::string unescaped(std::string_view bytes) {
  std::string out;
  const auto bad = unescape_quoted(bytes, out);
  INFO(bytes);
  REQUIRE_FALSE(bad);
  return out;
}

std::string failure(std::string_view bytes) {
  std::string out;
  const auto bad = unescape_quoted(bytes, out);
  INFO(bytes);
  REQUIRE(bad);
  return *bad;
}

}  // namespace

TEST_CASE("escape: the escapes hclsyntax knows") {
  CHECK(unescaped(R"(a\nb\rc\td\"e\\f)") == "a\nb\rc\td\"e\\f");
  CHECK(unescaped(R"(\u00e9\U0001F600)") == "\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(unescaped("$${x} %%{y} $x ${") == "${x} %{y} $x ${");
  CHECK(unescaped("plain") == "plain");
  // Only an unterminated string leaves a backslash at the very end; it is kept as it is.
  CHECK(unescaped("end\\") == "end\\");
}

TEST_CASE("escape: invalid escapes say why, in hclsyntax's words") {
  CHECK(failure(R"(\q)") == "The symbol \"q\" is not a valid escape sequence selector.");
  CHECK(failure(R"(\u12)") ==
        "The \\u escape sequence must be followed by 4 hexadecimal digits of a valid Unicode "
        "code point.");
  CHECK(failure(R"(\u12zz)").find("4 hexadecimal digits") != std::string::npos);
  CHECK(failure(R"(\ud800)").find("valid Unicode code point") != std::string::npos);
  CHECK(failure(R"(\U00110000)").find("8 hexadecimal digits") != std::string::npos);
}

TEST_CASE("escape: output before the error is kept, input appended to what was there") {
  std::string out = "pre:";
  CHECK(unescape_quoted(R"(ok\q)", out));
  CHECK(out == "pre:ok");
}
