// The Go behaviours the renderers depend on.
#include <catch2/catch.hpp>

#include "render/color.h"
#include "render/text.h"

namespace fgform::render {

TEST_CASE("text: go_quote is strconv.Quote") {
  CHECK(go_quote("plain") == "\"plain\"");
  CHECK(go_quote("a\"b\\c\n\t") == "\"a\\\"b\\\\c\\n\\t\"");
  CHECK(go_quote(std::string("\x01\x7f", 2)) == "\"\\x01\\x7f\"");
  CHECK(go_quote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(go_quote("bad\xff") == "\"bad\\xff\"");
}

TEST_CASE("text: identifiers and attribute names") {
  CHECK(is_hcl_identifier("memory_size"));
  CHECK(is_hcl_identifier("a-b"));
  CHECK_FALSE(is_hcl_identifier("bad key"));
  CHECK_FALSE(is_hcl_identifier("1abc"));
  CHECK_FALSE(is_hcl_identifier(""));
  CHECK(attribute_name("bad key") == "\"bad key\"");
}

TEST_CASE("text: word_wrap wraps prose at width-1 and leaves indented lines alone") {
  CHECK(word_wrap("aaa bbb ccc", 8) == "aaa bbb\nccc");
  CHECK(word_wrap("  aaa bbb ccc", 8) == "  aaa bbb ccc");
  CHECK(word_wrap("aaa\n\nbbb", 8) == "aaa\n\nbbb");
  CHECK(word_wrap("averyveryverylongword x", 8) == "averyveryverylongword\nx");
  CHECK(word_wrap("anything at all", 0) == "anything at all");
}

TEST_CASE("text: durations and trimming") {
  CHECK(go_duration_seconds(0) == "0s");
  CHECK(go_duration_seconds(10) == "10s");
  CHECK(go_duration_seconds(90) == "1m30s");
  CHECK(go_duration_seconds(3605) == "1h0m5s");
  CHECK(trim_space("\n  x y \t\n") == "x y");
}

TEST_CASE("colour: colorstring semantics") {
  CHECK(colorize("[bold]x[reset] y", false) == "x y");
  CHECK(colorize("[bold]x[reset] y", true) == "\x1b[1mx\x1b[0m y\x1b[0m");
  CHECK(colorize("no codes [here]", true) == "no codes [here]");
  CHECK(colorize("[dark_gray]null[reset]", true) == "\x1b[90mnull\x1b[0m\x1b[0m");
  CHECK(colorize("a[0]", true) == "a[0]");
}

}  // namespace fgform::render
