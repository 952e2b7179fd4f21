#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fmt/fmt_command.h"
#include "fmt/format.h"
#include "hcl/parser.h"

namespace {

namespace fs = std::filesystem;
using fgform::fmt::format;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string fmt_ok(const std::string& src) {
  auto r = format(src, "test.tf");
  INFO(src);
  REQUIRE_FALSE(r.diagnostics.has_errors());
  return r.output;
}

bool has_error(const std::string& src) {
  return format(src, "test.tf").diagnostics.has_errors();
}

}  // namespace

TEST_CASE("corpus: output matches terraform fmt's golden files and is idempotent") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(FGFORM_FMT_CORPUS_DIR)) {
    if (e.path().extension() == ".tf") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 30);
  for (const auto& f : files) {
    INFO(f.filename().string());
    std::string src = read_file(f);
    std::string golden = read_file(fs::path(f.string() + ".golden"));
    // Exactly what `terraform fmt -` printed: through the command, stdin to stdout.
    std::istringstream in(src);
    std::ostringstream out, err;
    int rc = fgform::fmt::run_fmt({"-no-color", "-"}, in, out, err);
    CHECK(rc == 0);
    CHECK(out.str() == golden);
    // And formatting is a fixed point.
    auto once = format(src, f.filename().string());
    auto twice = format(once.output, f.filename().string());
    CHECK_FALSE(twice.diagnostics.has_errors());
    CHECK(twice.output == once.output);
  }
}

TEST_CASE("format: spacing and indentation") {
  CHECK(fmt_ok("a=1\n") == "a = 1\n");
  CHECK(fmt_ok("b {\nc=1\n}\n") == "b {\n  c = 1\n}\n");
  CHECK(fmt_ok("a = [1,2 ,3]\n") == "a = [1, 2, 3]\n");
  CHECK(fmt_ok("a = f( x )\n") == "a = f(x)\n");
  CHECK(fmt_ok("a = x . y [ 0 ]\n") == "a = x.y[0]\n");
  CHECK(fmt_ok("a = { b = 1 }\n") == "a = { b = 1 }\n");
  CHECK(fmt_ok("a = {}\n") == "a = {}\n");
  CHECK(fmt_ok("a = -1\nb = 2 - 1\nc = 2-1\n") == "a = -1\nb = 2 - 1\nc = 2 - 1\n");
  CHECK(fmt_ok("a = ! x\n") == "a = !x\n");
  CHECK(fmt_ok("a = f(x ...)\n") == "a = f(x...)\n");
  CHECK(fmt_ok("a = p :: t :: f(1)\n") == "a = p::t::f(1)\n");
  CHECK(fmt_ok("a = [for x in [1]: x]\n") == "a = [for x in [1] : x]\n");
}

TEST_CASE("format: alignment of equals signs and comments") {
  CHECK(fmt_ok("a = 1\nbbb = 2\n") == "a   = 1\nbbb = 2\n");
  // A blank line ends the group.
  CHECK(fmt_ok("a = 1\n\nbbb = 2\n") == "a = 1\n\nbbb = 2\n");
  CHECK(fmt_ok("a = 1 # x\nbbb = 22 # y\n") == "a   = 1  # x\nbbb = 22 # y\n");
  // Grapheme clusters, not bytes, count.
  CHECK(fmt_ok("a = {\n\"日本\" = 1\nab = 2\n}\n") == "a = {\n  \"日本\" = 1\n  ab   = 2\n}\n");
}

TEST_CASE("format: heredocs are left alone") {
  std::string src = "a = <<EOT\n  keep   this\nEOT\n";
  CHECK(fmt_ok(src) == src);
  CHECK(fmt_ok("a = <<-EOT\n    x ${ y }\n  EOT\n") == "a = <<-EOT\n    x ${y}\n  EOT\n");
}

TEST_CASE("format: terraform's rewrites") {
  CHECK(fmt_ok("a = \"${x}\"\n") == "a = x\n");
  CHECK(fmt_ok("a = \"${x}-${y}\"\n") == "a = \"${x}-${y}\"\n");
  CHECK(fmt_ok("a = { b = \"${x}\" }\n") == "a = { b = \"${x}\" }\n");
  CHECK(fmt_ok("a = \"${x ?\ny : z}\"\n") == "a = (x ?\ny : z)\n");
  CHECK(fmt_ok("variable \"v\" {\n  type = \"string\"\n}\n") ==
        "variable \"v\" {\n  type = string\n}\n");
  CHECK(fmt_ok("variable \"v\" {\n  type = \"list\"\n}\n") ==
        "variable \"v\" {\n  type = list(string)\n}\n");
  CHECK(fmt_ok("variable \"v\" {\n  type = map\n}\n") ==
        "variable \"v\" {\n  type = map(any)\n}\n");
  // Only directly in a top-level variable block.
  CHECK(fmt_ok("locals {\n  type = \"string\"\n}\n") == "locals {\n  type = \"string\"\n}\n");
  CHECK(fmt_ok("resource a b {}\n") == "resource \"a\" \"b\" {}\n");
  CHECK(fmt_ok("resource /* x */ \"a\" \"b\" {}\n") == "resource \"a\" \"b\" {}\n");
}

TEST_CASE("format: line endings, tabs and the end of the file") {
  CHECK(fmt_ok("a=1\r\n") == "a = 1\r\n");
  CHECK(fmt_ok("\ta = 1\n") == "a = 1\n");
  CHECK(fmt_ok("a = 1") == "a = 1");
  CHECK(fmt_ok("") == "");
  CHECK(fmt_ok("a = 1\n\n\n") == "a = 1\n\n\n");
}

TEST_CASE("format: syntax errors are reported and the input is left as it is") {
  const char* bad[] = {
      "a = \n",
      "a = (1\n",
      "a = [1 2]\n",
      "a = \"x\n",
      "a = 1 2\n",
      "}\n",
      "a b c\n",
      "a = \"\\q\"\n",
      "a = 1; b = 2\n",
      "a = 'x'\n",
      "a = x & y\n",
      "a = 1\na = 2\n",
      "a = \"${\"\n",
      "a = \"%{ if x }\"\n",
      "a = foo(1,,2)\n",
      "a = [for x in y]\n",
      "a.b = 1\n",
      "a = <<EOT\nfoo\n",
      "a { b {} }\n",
      "/* open\n",
      "a {\n b = 1 }\n",
      "a = x.0.1\n",
      "a = <<EOT\nx\nEOT",
  };
  for (const char* src : bad) {
    INFO(src);
    auto r = format(src, "bad.tf");
    CHECK(r.diagnostics.has_errors());
    CHECK(r.output == src);
  }
  auto r = format("a = 1\nb = 2 3\n", "e.tf");
  REQUIRE(r.diagnostics.size() == 1);
  const auto& d = r.diagnostics.items().front();
  CHECK(d.summary == "Missing newline after argument");
  REQUIRE(d.range.has_value());
  CHECK(d.range->filename == "e.tf");
  CHECK(d.range->start.line == 2);
  CHECK(d.range->start.column == 7);
}

TEST_CASE("format: never crashes or hangs on garbage") {
  const char* pieces[] = {"a",   "=",  "{", "}",       "[",     "]",   "(",  ")",    "\"",
                          "${",  "%{", "}", "<<EOT\n", "EOT\n", "\n",  " ",  "#c\n", "/*",
                          "*/",  "-",  "!", ".",       ",",     "...", "::", "?",    ":",
                          "for", "in", "1", "\t",      "\r\n",  "~}",  "\\", "\xff", "=>"};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> len(0, 60);
  for (int i = 0; i < 3000; ++i) {
    std::string src;
    int n = len(rng);
    for (int k = 0; k < n; ++k) src += pieces[pick(rng)];
    auto r = format(src, "fuzz.tf");
    if (!r.diagnostics.has_errors()) {
      INFO(src);
      CHECK(format(r.output, "fuzz.tf").output == r.output);
    }
    (void)fgform::fmt::format_tokens_only(src);
  }
  // Deep nesting is an error, not a stack overflow.
  CHECK(has_error("a = " + std::string(100000, '[') + "\n"));
  CHECK(has_error("a = " + std::string(100000, '-') + "1\n"));
  std::string deep_blocks;
  for (int i = 0; i < 5000; ++i) deep_blocks += "b {\n";
  CHECK(has_error(deep_blocks));
}

TEST_CASE("fmt: a number literal the parser cannot read is an error, as the parser says") {
  // Found by the fmt fuzzer: fmt took `1.5.E-1`, the parser did not (Terraform's fmt does not).
  auto r = format("c = 1.5.E-1\n", "test.tf");
  REQUIRE(r.diagnostics.has_errors());
  CHECK(r.diagnostics.items()[0].summary == "Invalid number literal");
  CHECK(r.output == "c = 1.5.E-1\n");
  CHECK_FALSE(format("c = 1.5e-1\n", "test.tf").diagnostics.has_errors());
}

TEST_CASE("fmt: a number and a dot apart in the source stay apart") {
  // Found by the fmt fuzzer: `2 .E5te` became `2.E5te`, one (invalid) number for the parser.
  auto r = format("c =2 .E555555555555555557555te-p\n", "test.tf");
  REQUIRE_FALSE(r.diagnostics.has_errors());
  CHECK(r.output == "c = 2 .E555555555555555557555te-p\n");  // an identifier may hold "-"
  CHECK_FALSE(fgform::hcl::parse_config(r.output, "test.tf").diagnostics.has_errors());
  CHECK(format("c = 2 . 5\n", "test.tf").output == "c = 2 . 5\n");
  CHECK(format("c = a . b\n", "test.tf").output == "c = a.b\n");
}

TEST_CASE("fmt: a join that would lex otherwise keeps the source's space") {
  // Found by the fmt fuzzer in CI: `5. e5` (attribute `e5` of 5) became `5.e5`, one number.
  for (const char* src :
       {"x = 5. e5x\n", "x = [1.5. e5]\n", "x = f(5. E1e5)\n", "x = \"${5. e5e5}\"\n"}) {
    CAPTURE(src);
    auto r = format(src, "test.tf");
    REQUIRE_FALSE(r.diagnostics.has_errors());
    CHECK_FALSE(fgform::hcl::parse_config(r.output, "test.tf").diagnostics.has_errors());
  }
  CHECK(format("x = 5. e5x\n", "test.tf").output == "x = 5. e5x\n");
  CHECK(format("x = [1.5. e5]\n", "test.tf").output == "x = [1.5. e5]\n");
  // Joins that read the same are made as hclwrite makes them.
  CHECK(format("x = a. e5\n", "test.tf").output == "x = a.e5\n");
}

TEST_CASE("fmt: labels the rewrite quotes are not taken for a change of meaning") {
  // Found by the fmt fuzzer once fmt checked its own output: the rewrite makes an empty label
  // one empty literal token, which the lexer never emits; escapes may lex as several pieces.
  CHECK(fmt_ok("res x \"\" {\n}\n") == "res \"x\" \"\" {\n}\n");
  CHECK(fmt_ok("res x \"a\\nb\\\"c\" {\n}\n") == "res \"x\" \"a\\nb\\\"c\" {\n}\n");
  CHECK(fmt_ok("res x \"caf\\u00e9\\t\" {\n}\n") == "res \"x\" \"caf\u00e9\\t\" {\n}\n");
}

TEST_CASE("fmt: every short sequence of number-like tokens formats to text that parses") {
  // Systematic, not sampled: each sequence of three of these tokens, with and without a space
  // between each pair, in four expression contexts. The joins the fuzzer found one at a time
  // (`2 .E5`, `01.501. 007`, `5. e5`) are all among them.
  const std::vector<std::string> tokens = {"1", "0",  "1.5", "1e5", "5.", "e5", "E1",
                                           "x", "0x", ".",   "...", "-",  "[0]"};
  const std::vector<std::pair<std::string, std::string>> contexts = {
      {"x = ", "\n"}, {"x = [", "]\n"}, {"x = f(", ")\n"}, {"x = \"${", "}\"\n"}};
  int formatted = 0;
  for (const auto& a : tokens) {
    for (const auto& b : tokens) {
      for (const auto& c : tokens) {
        for (const char* gap1 : {"", " "}) {
          for (const char* gap2 : {"", " "}) {
            for (const auto& [open, close] : contexts) {
              const std::string src = open + a + gap1 + b + gap2 + c + close;
              auto r = format(src, "test.tf");
              if (r.diagnostics.has_errors()) {
                // Only a file that does not parse may be refused, and it is left as it was.
                if (!fgform::hcl::parse_config(src, "test.tf").diagnostics.has_errors()) {
                  for (const auto& d : r.diagnostics.items()) {
                    INFO(src);
                    CHECK(d.summary != fgform::fmt::kFormatChangesMeaning);
                  }
                }
                continue;
              }
              ++formatted;
              if (fgform::hcl::parse_config(r.output, "test.tf").diagnostics.has_errors()) {
                FAIL_CHECK("[" << src << "] formats to [" << r.output << "], which does not parse");
              }
            }
          }
        }
      }
    }
  }
  CHECK(formatted > 1000);  // the sequences that parse are formatted, not all refused
}

TEST_CASE("fmt: a dot and a number apart in the source stay apart after a number") {
  // Found by the fmt fuzzer: `01.501. 007` became `01.501.007`, which the parser reads otherwise.
  auto r = format("locals {\n  d = 01.501. 007\n}\n", "test.tf");
  REQUIRE_FALSE(r.diagnostics.has_errors());
  CHECK(r.output == "locals {\n  d = 01.501. 007\n}\n");
  CHECK_FALSE(fgform::hcl::parse_config(r.output, "test.tf").diagnostics.has_errors());
  // After anything but a number the dot still joins, as hclwrite does.
  CHECK(format("c = var.x. 0\n", "test.tf").output == "c = var.x.0\n");
}
