#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hcl/token.h"

using fgform::hcl::lex;
using fgform::hcl::LexMode;
using fgform::hcl::Token;
using T = fgform::hcl::TokenType;

namespace {

std::vector<T> types(std::string_view src, LexMode mode = LexMode::kNormal) {
  std::vector<T> out;
  for (const Token& t : lex(src, "t.hcl", mode)) out.push_back(t.type);
  return out;
}

std::vector<std::string> texts(std::string_view src, LexMode mode = LexMode::kNormal) {
  std::vector<std::string> out;
  for (const Token& t : lex(src, "t.hcl", mode)) out.emplace_back(t.bytes);
  return out;
}

}  // namespace

TEST_CASE("lexer: attribute with number and newline") {
  auto toks = lex("a = 12\n", "t.hcl");
  REQUIRE(toks.size() == 5);
  CHECK(toks[0].type == T::kIdent);
  CHECK(toks[1].type == T::kEqual);
  CHECK(toks[2].type == T::kNumberLit);
  CHECK(toks[2].bytes == "12");
  CHECK(toks[2].range.start.column == 5);
  CHECK(toks[2].range.end.column == 7);
  CHECK(toks[2].range.start.byte == 4);
  CHECK(toks[3].type == T::kNewline);
  CHECK(toks[4].type == T::kEOF);
  CHECK(toks[4].range.start.line == 2);
  CHECK(toks[0].range.filename == "t.hcl");
}

TEST_CASE("lexer: operators") {
  CHECK(types("== != <= >= < > && || ! ? : :: ... => = . , * / % + - ** & | ^ ~ ; ` '") ==
        std::vector<T>{T::kEqualOp,   T::kNotEqual,    T::kLessThanEq, T::kGreaterThanEq,
                       T::kLessThan,  T::kGreaterThan, T::kAnd,        T::kOr,
                       T::kBang,      T::kQuestion,    T::kColon,      T::kDoubleColon,
                       T::kEllipsis,  T::kFatArrow,    T::kEqual,      T::kDot,
                       T::kComma,     T::kStar,        T::kSlash,      T::kPercent,
                       T::kPlus,      T::kMinus,       T::kStarStar,   T::kBitwiseAnd,
                       T::kBitwiseOr, T::kBitwiseXor,  T::kBitwiseNot, T::kSemicolon,
                       T::kBacktick,  T::kApostrophe,  T::kEOF});
}

TEST_CASE("lexer: numbers") {
  CHECK(texts("1 1.5 1e10 2.5E-3 1.") ==
        std::vector<std::string>{"1", "1.5", "1e10", "2.5E-3", "1", ".", ""});
  CHECK(types("1e") == std::vector<T>{T::kNumberLit, T::kIdent, T::kEOF});
  CHECK(texts("a.0.1") == std::vector<std::string>{"a", ".", "0.1", ""});
}

TEST_CASE("lexer: identifiers with dashes and unicode") {
  CHECK(texts("foo-bar_baz2 _x héllo 名前") ==
        std::vector<std::string>{"foo-bar_baz2", "_x", "héllo", "名前", ""});
  CHECK(types("-a") == std::vector<T>{T::kMinus, T::kIdent, T::kEOF});
}

TEST_CASE("lexer: comments keep their newline") {
  CHECK(texts("# a\n// b\r\n/* c\n d */x") ==
        std::vector<std::string>{"# a\n", "// b\r\n", "/* c\n d */", "x", ""});
  CHECK(types("/* never closed") == std::vector<T>{T::kComment, T::kEOF});
  auto toks = lex("/* a\nb */ x", "t");
  CHECK(toks[1].range.start.line == 2);
  CHECK(toks[1].range.start.column == 6);
}

TEST_CASE("lexer: tabs are spaces and count one column") {
  auto toks = lex("\ta\t= 1", "t");
  CHECK(toks[0].type == T::kIdent);
  CHECK(toks[0].range.start.column == 2);
  CHECK(toks[2].range.start.column == 6);
}

TEST_CASE("lexer: quoted template with interpolation and escapes") {
  CHECK(types(R"("a${b}c")") == std::vector<T>{T::kOQuote, T::kQuotedLit, T::kTemplateInterp,
                                               T::kIdent, T::kTemplateSeqEnd, T::kQuotedLit,
                                               T::kCQuote, T::kEOF});
  CHECK(texts(R"("$${x} %%{y} \" $ %")") ==
        std::vector<std::string>{"\"", R"($${x} %%{y} \" $ %)", "\"", ""});
  CHECK(texts(R"("${~ x ~}")") == std::vector<std::string>{"\"", "${~", "x", "~}", "\"", ""});
  CHECK(types(R"("%{if a}b%{endif}")") ==
        std::vector<T>{T::kOQuote, T::kTemplateControl, T::kIdent, T::kIdent, T::kTemplateSeqEnd,
                       T::kQuotedLit, T::kTemplateControl, T::kIdent, T::kTemplateSeqEnd,
                       T::kCQuote, T::kEOF});
}

TEST_CASE("lexer: braces nested inside an interpolation") {
  CHECK(types(R"("${ {a = "}"}.a }")") ==
        std::vector<T>{T::kOQuote, T::kTemplateInterp, T::kOBrace, T::kIdent, T::kEqual, T::kOQuote,
                       T::kQuotedLit, T::kCQuote, T::kCBrace, T::kDot, T::kIdent,
                       T::kTemplateSeqEnd, T::kCQuote, T::kEOF});
  // A stray `}` in the main mode is a plain brace.
  CHECK(types("}") == std::vector<T>{T::kCBrace, T::kEOF});
  CHECK(types("~}") == std::vector<T>{T::kTemplateSeqEnd, T::kEOF});
}

TEST_CASE("lexer: newline inside quotes") {
  CHECK(types("\"a\nb\"") == std::vector<T>{T::kOQuote, T::kQuotedLit, T::kQuotedNewline,
                                            T::kQuotedLit, T::kCQuote, T::kEOF});
}

TEST_CASE("lexer: heredoc") {
  std::string src = "x = <<EOT\nhello ${n}\n  EOT\ny = 1\n";
  CHECK(texts(src) == std::vector<std::string>{"x", "=", "<<EOT\n", "hello ", "${", "n", "}", "\n",
                                               "  EOT", "\n", "y", "=", "1", "\n", ""});
  auto toks = lex(src, "t");
  CHECK(toks[8].type == T::kCHeredoc);
  CHECK(toks[9].type == T::kNewline);
  CHECK(toks[10].range.start.line == 4);
  CHECK(types("<<-EOT\n  a\n  EOT\n") ==
        std::vector<T>{T::kOHeredoc, T::kStringLit, T::kCHeredoc, T::kNewline, T::kEOF});
  // The closing token keeps the spaces around the marker, as hclsyntax's does.
  CHECK(texts("<<-EOT\n  a\n  EOT  \n")[2] == "  EOT  ");
  // With no newline after it, the marker is literal text and the heredoc stays open.
  CHECK(types("<<-EOT\n  a\n  EOT") ==
        std::vector<T>{T::kOHeredoc, T::kStringLit, T::kStringLit, T::kEOF});
  // A line that merely contains the marker does not close it.
  CHECK(types("<<EOT\nEOT x\nEOT\n") ==
        std::vector<T>{T::kOHeredoc, T::kStringLit, T::kCHeredoc, T::kNewline, T::kEOF});
  // `<<` not followed by an identifier and a newline is two less-than signs.
  CHECK(types("<<x") == std::vector<T>{T::kLessThan, T::kLessThan, T::kIdent, T::kEOF});
  // After an interpolation the rest of the line is not checked for the marker.
  CHECK(types("<<EOT\n${a}EOT\nEOT\n") ==
        std::vector<T>{T::kOHeredoc, T::kTemplateInterp, T::kIdent, T::kTemplateSeqEnd,
                       T::kStringLit, T::kCHeredoc, T::kNewline, T::kEOF});
}

TEST_CASE("lexer: bare template mode") {
  CHECK(texts("a $${b}\n${c} %", LexMode::kTemplate) ==
        std::vector<std::string>{"a $${b}\n", "${", "c", "}", " %", ""});
  CHECK(types("{}", LexMode::kTemplate) == std::vector<T>{T::kStringLit, T::kEOF});
}

TEST_CASE("lexer: bad utf-8 and invalid characters") {
  CHECK(types("a \xff b") == std::vector<T>{T::kIdent, T::kBadUTF8, T::kIdent, T::kEOF});
  CHECK(types("\"\xc3\"") == std::vector<T>{T::kOQuote, T::kBadUTF8, T::kCQuote, T::kEOF});
  CHECK(types("@ $") == std::vector<T>{T::kInvalid, T::kInvalid, T::kEOF});
  CHECK(types("\xEF\xBB\xBF"
              "a") == std::vector<T>{T::kIdent, T::kEOF});
}

TEST_CASE("lexer: every byte is covered by tokens or spaces") {
  std::string src = "a = \"x${y}\" # c\nb { c = [1, 2] }\n<<EOT\nz\nEOT\n";
  auto toks = lex(src, "t");
  std::size_t pos = 0;
  for (const auto& t : toks) {
    REQUIRE(static_cast<std::size_t>(t.range.start.byte) >= pos);
    for (std::size_t i = pos; i < static_cast<std::size_t>(t.range.start.byte); ++i) {
      CHECK((src[i] == ' ' || src[i] == '\t'));
    }
    pos = t.range.end.byte;
  }
  CHECK(pos == src.size());
}
