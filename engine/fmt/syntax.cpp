// A recursive-descent walk over hclsyntax's grammar that only validates and records where body
// items are. Newline handling follows hclsyntax's parser: newlines end attributes and object
// items, are ignored inside parentheses, brackets, calls and template sequences, and a `#` or
// `//` comment (which swallows its newline) counts as a newline where newlines matter.
#include "fmt/syntax.h"

#include <cstdint>
#include <map>

#include "hcl/escape.h"
#include "value/number.h"

namespace fgform::fmt {
namespace {

using hcl::Token;
using hcl::TokenType;

// Aborts the walk at the first error; caught in check_syntax, never escapes.
struct SyntaxError {
  value::Diagnostic diagnostic;
  std::string context;
};

constexpr int kMaxDepth = 400;

bool is_comment_with_newline(const Token& t) {
  return t.type == TokenType::kComment && !t.bytes.empty() && t.bytes.back() == '\n';
}

bool is_unterminated_comment(const Token& t) {
  std::string_view b = t.bytes;
  return b.size() >= 2 && b.substr(0, 2) == "/*" &&
         (b.size() < 4 || b.substr(b.size() - 2) != "*/");
}

class Checker {
 public:
  Checker(const std::vector<Token>& tokens, std::string_view filename)
      : toks_(tokens), filename_(filename) {}

  void run(SyntaxBody& body) {
    check_tokens();
    newlines_.push_back(true);
    parse_body(body, true, 0);
  }

 private:
  struct Peeked {
    TokenType type;
    std::size_t index;
  };

  // Keeps the newline mode of an enclosing construct for the duration of a nested one.
  class NewlineMode {
   public:
    NewlineMode(std::vector<bool>& stack, bool significant) : stack_(stack) {
      stack_.push_back(significant);
    }
    ~NewlineMode() { stack_.pop_back(); }
    NewlineMode(const NewlineMode&) = delete;
    NewlineMode& operator=(const NewlineMode&) = delete;

   private:
    std::vector<bool>& stack_;
  };

  class DepthGuard {
   public:
    explicit DepthGuard(Checker& c) : c_(c) {
      if (++c_.depth_ > kMaxDepth)
        c_.fail(c_.peek().index, "Too deeply nested",
                "This expression or block is nested too deeply.");
    }
    ~DepthGuard() { --c_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Checker& c_;
  };

  [[noreturn]] void fail(std::size_t index, std::string summary, std::string detail) {
    auto d = value::Diagnostic::error(std::move(summary), std::move(detail));
    if (index < toks_.size()) {
      value::SourceRange r = toks_[index].range;
      r.filename = std::string(filename_);
      d = std::move(d).at(std::move(r));
    }
    throw SyntaxError{std::move(d), context_};
  }

  // Lexical errors hclsyntax reports before parsing.
  void check_tokens() {
    for (std::size_t i = 0; i < toks_.size(); ++i) {
      const Token& t = toks_[i];
      switch (t.type) {
        case TokenType::kBitwiseAnd:
          fail(i, "Unsupported operator",
               "Bitwise operators are not supported. Did you mean boolean AND (\"&&\")?");
        case TokenType::kBitwiseOr:
          fail(i, "Unsupported operator",
               "Bitwise operators are not supported. Did you mean boolean OR (\"||\")?");
        case TokenType::kBitwiseNot:
          fail(i, "Unsupported operator",
               "Bitwise operators are not supported. Did you mean boolean NOT (\"!\")?");
        case TokenType::kBitwiseXor:
          fail(i, "Unsupported operator", "Bitwise operators are not supported.");
        case TokenType::kStarStar:
          fail(i, "Unsupported operator",
               "\"**\" is not a supported operator. Exponentiation is not supported as an "
               "operator.");
        case TokenType::kApostrophe:
          fail(i, "Invalid character",
               "Single quotes are not valid. Use double quotes (\") to enclose strings.");
        case TokenType::kBacktick:
          fail(i, "Invalid character",
               "The \"`\" character is not valid. To create a multi-line string, use the "
               "\"heredoc\" syntax, like \"<<EOT\".");
        case TokenType::kSemicolon:
          fail(i, "Invalid character",
               "The \";\" character is not valid. Use newlines to separate arguments and "
               "blocks, and commas to separate items in collection values.");
        case TokenType::kInvalid:
          fail(i, "Invalid character", "This character is not used within the language.");
        case TokenType::kBadUTF8:
          fail(i, "Invalid character encoding",
               "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected "
               "in your editor.");
        case TokenType::kQuotedNewline:
          fail(i, "Invalid multi-line string",
               "Quoted strings may not be split over multiple lines. To produce a multi-line "
               "string, either use the \\n escape to represent a newline character or use the "
               "\"heredoc\" multi-line template syntax.");
        default:
          break;
      }
    }
  }

  bool newlines_significant() const { return newlines_.empty() || newlines_.back(); }

  // The next significant token without consuming it. A single-line comment stands for the
  // newline it swallowed when newlines are significant.
  Peeked peek() const {
    bool nl = newlines_significant();
    for (std::size_t i = pos_; i < toks_.size(); ++i) {
      const Token& t = toks_[i];
      if (t.type == TokenType::kComment) {
        // hclsyntax has no token for a "/*" without "*/": it scans a slash there.
        if (is_unterminated_comment(t)) return {TokenType::kSlash, i};
        if (nl && is_comment_with_newline(t)) return {TokenType::kNewline, i};
        continue;
      }
      if (t.type == TokenType::kNewline && !nl) continue;
      return {t.type, i};
    }
    return {TokenType::kEOF, toks_.empty() ? 0 : toks_.size() - 1};
  }

  Peeked next() {
    Peeked p = peek();
    if (p.type != TokenType::kEOF) {
      pos_ = p.index + 1;
      last_ = p.index;
    }
    return p;
  }

  bool peek_keyword(std::string_view word) const {
    Peeked p = peek();
    return p.type == TokenType::kIdent && toks_[p.index].bytes == word;
  }

  Peeked expect(TokenType type, const char* summary, const char* detail) {
    Peeked p = peek();
    if (p.type != type) fail(p.index, summary, detail);
    return next();
  }

  void parse_body(SyntaxBody& body, bool top, std::size_t open_brace) {
    DepthGuard depth(*this);
    NewlineMode mode(newlines_, true);
    std::map<std::string_view, std::size_t> seen;
    for (;;) {
      Peeked p = peek();
      if (p.type == TokenType::kNewline) {
        next();
        continue;
      }
      if (p.type == TokenType::kEOF) {
        if (!top) {
          fail(open_brace, "Unclosed configuration block",
               "There is no closing brace for this block before the end of the file. This may "
               "be caused by incorrect brace nesting elsewhere in this file.");
        }
        return;
      }
      if (p.type == TokenType::kCBrace && !top) return;
      if (p.type != TokenType::kIdent) {
        fail(p.index, "Argument or block definition required",
             "An argument or block definition is required here.");
      }
      Peeked name = next();
      Peeked after = peek();
      if (after.type == TokenType::kEqual) {
        next();
        SyntaxAttribute attr;
        attr.name = name.index;
        parse_attribute_value(attr);
        check_redefined(seen, attr.name);
        body.attributes.push_back(attr);
        Peeked end = peek();
        if (end.type == TokenType::kNewline) {
          next();
        } else if (end.type != TokenType::kEOF) {
          fail(end.index, "Missing newline after argument",
               "An argument definition must end with a newline.");
        }
        continue;
      }
      if (after.type != TokenType::kOQuote && after.type != TokenType::kIdent &&
          after.type != TokenType::kOBrace) {
        fail(after.type == TokenType::kNewline || after.type == TokenType::kEOF ? name.index
                                                                                : after.index,
             "Argument or block definition required",
             "An argument or block definition is required here. To set an argument, use the "
             "equals sign \"=\" to introduce the argument value.");
      }
      SyntaxBlock block;
      block.type = name.index;
      if (top) context_ = std::string(toks_[name.index].bytes);
      parse_block(block);
      if (top) context_.clear();
      body.blocks.push_back(std::move(block));
    }
  }

  void check_redefined(std::map<std::string_view, std::size_t>& seen, std::size_t name) {
    std::string_view n = toks_[name].bytes;
    auto [it, inserted] = seen.emplace(n, name);
    if (!inserted) {
      const auto& prev = toks_[it->second].range;
      fail(name, "Attribute redefined",
           "The argument \"" + std::string(n) + "\" was already set at " + std::string(filename_) +
               ":" + std::to_string(prev.start.line) + "," + std::to_string(prev.start.column) +
               "-" + std::to_string(prev.end.column) + ". Each argument may be set only once.");
    }
  }

  void parse_attribute_value(SyntaxAttribute& attr) {
    Peeked first = peek();
    attr.expr_begin = first.index;
    parse_expression();
    attr.expr_end = last_ + 1;
  }

  // How many QuotedLit tokens hclsyntax's scanner makes of the literal tokens [begin, end):
  // each `$` or `%` (or `$${` / `%%{` escape) is a token of its own.
  std::size_t literal_pieces(std::size_t begin, std::size_t end) const {
    std::size_t pieces = 0;
    bool in_run = false;
    for (std::size_t i = begin; i < end; ++i) {
      std::string_view b = toks_[i].bytes;
      for (std::size_t k = 0; k < b.size(); ++k) {
        char c = b[k];
        if (c == '$' || c == '%') {
          ++pieces;
          in_run = false;
          if (k + 2 < b.size() && b[k + 1] == c && b[k + 2] == '{') k += 2;
          continue;
        }
        if (c == '\\') ++k;
        if (!in_run) ++pieces;
        in_run = true;
      }
    }
    return pieces;
  }

  void parse_block(SyntaxBlock& block) {
    for (;;) {
      Peeked p = peek();
      if (p.type == TokenType::kIdent) {
        next();
        block.labels.emplace_back(toks_[p.index].bytes);
        if (depth_ == 1) context_ += " \"" + block.labels.back() + "\"";
      } else if (p.type == TokenType::kOQuote) {
        next();
        std::string value;
        while (peek().type == TokenType::kQuotedLit) {
          Peeked lit = next();
          std::string part;
          if (hcl::unescape_quoted(toks_[lit.index].bytes, part)) {
            fail(lit.index, "Invalid escape sequence",
                 "The string contains an invalid escape sequence.");
          }
          value += part;
        }
        if (peek().type != TokenType::kCQuote) {
          fail(peek().index, "Invalid block label",
               "Template sequences are not allowed in block labels.");
        }
        next();
        // hclwrite keeps a quoted label only when hclsyntax scanned it as at most one literal
        // token; a `$` or `%` splits the literal there, and such labels silently disappear.
        if (depth_ == 1) context_ += " \"" + value + "\"";
        if (literal_pieces(p.index + 1, last_) <= 1) block.labels.push_back(std::move(value));
      } else {
        break;
      }
    }
    block.labels_end = last_ + 1;
    Peeked open = peek();
    if (open.type == TokenType::kEqual) {
      fail(open.index, "Invalid block definition",
           "The equals sign \"=\" indicates an argument definition, and must not be used when "
           "defining a block.");
    }
    if (open.type == TokenType::kNewline || open.type == TokenType::kEOF) {
      fail(open.index, "Invalid block definition",
           "A block definition must have block content delimited by \"{\" and \"}\", starting "
           "on the same line as the block header.");
    }
    if (open.type != TokenType::kOBrace) {
      fail(open.index, "Invalid block definition",
           "Either a quoted string block label or an opening brace (\"{\") is expected here.");
    }
    next();
    block.body.emplace_back();
    Peeked p = peek();
    if (p.type == TokenType::kNewline) {
      next();
      parse_body(block.body.front(), false, open.index);
      next();  // the closing brace parse_body stopped at
    } else if (p.type == TokenType::kCBrace) {
      next();
    } else {
      parse_single_line_body(block.body.front());
    }
    Peeked end = peek();
    if (end.type == TokenType::kNewline) {
      next();
    } else if (end.type != TokenType::kEOF) {
      fail(end.index, "Missing newline after block definition",
           "A block definition must end with a newline.");
    }
  }

  void parse_single_line_body(SyntaxBody& body) {
    Peeked name = peek();
    if (name.type != TokenType::kIdent) {
      fail(name.index, "Argument or block definition required",
           "An argument or block definition is required here.");
    }
    next();
    if (peek().type != TokenType::kEqual) {
      fail(peek().index, "Argument definition required",
           "A single-line block definition can contain only a single argument. If you meant "
           "to define argument \"" +
               std::string(toks_[name.index].bytes) +
               "\", use an equals "
               "sign to assign it a value. To define a nested block, place it on a line of its "
               "own within its parent block.");
    }
    next();
    SyntaxAttribute attr;
    attr.name = name.index;
    parse_attribute_value(attr);
    body.attributes.push_back(attr);
    Peeked close = peek();
    if (close.type == TokenType::kNewline) {
      fail(close.index, "Invalid single-argument block definition",
           "An argument definition on the same line as its containing block creates a "
           "single-line block definition, which must also be closed on the same line. Place "
           "the block's closing brace immediately after the argument definition.");
    }
    if (close.type != TokenType::kCBrace) {
      fail(close.index, "Invalid single-argument block definition",
           "A single-line block definition must end with a closing brace immediately after "
           "its single argument definition.");
    }
    next();
  }

  void parse_expression() {
    DepthGuard depth(*this);
    parse_binary(0);
    if (peek().type == TokenType::kQuestion) {
      next();
      parse_expression();
      expect(TokenType::kColon, "Missing false expression in conditional",
             "The conditional operator (...?...:...) requires a false expression, delimited "
             "by a colon.");
      parse_expression();
    }
  }

  static bool is_binary_op(int level, TokenType t) {
    switch (level) {
      case 0:
        return t == TokenType::kOr;
      case 1:
        return t == TokenType::kAnd;
      case 2:
        return t == TokenType::kEqualOp || t == TokenType::kNotEqual;
      case 3:
        return t == TokenType::kLessThan || t == TokenType::kLessThanEq ||
               t == TokenType::kGreaterThan || t == TokenType::kGreaterThanEq;
      case 4:
        return t == TokenType::kPlus || t == TokenType::kMinus;
      case 5:
        return t == TokenType::kStar || t == TokenType::kSlash || t == TokenType::kPercent;
      default:
        return false;
    }
  }

  void parse_binary(int level) {
    if (level > 5) return parse_unary();
    parse_binary(level + 1);
    while (is_binary_op(level, peek().type)) {
      next();
      parse_binary(level + 1);
    }
  }

  void parse_unary() {
    DepthGuard depth(*this);
    TokenType t = peek().type;
    if (t == TokenType::kMinus || t == TokenType::kBang) {
      next();
      return parse_unary();
    }
    parse_postfix();
  }

  void parse_postfix() {
    parse_primary();
    for (;;) {
      Peeked p = peek();
      if (p.type == TokenType::kDot) {
        next();
        Peeked n = peek();
        if (n.type != TokenType::kIdent && n.type != TokenType::kNumberLit &&
            n.type != TokenType::kStar) {
          fail(n.index, "Invalid attribute name", "An attribute name is required after a dot.");
        }
        if (n.type == TokenType::kNumberLit &&
            toks_[n.index].bytes.find_first_not_of("0123456789") != std::string_view::npos) {
          fail(n.index, "Invalid legacy index syntax",
               "When using the legacy index syntax, chaining two indexes together is not "
               "permitted. Use the proper index syntax instead, like [0][1].");
        }
        next();
      } else if (p.type == TokenType::kOBrack) {
        next();
        NewlineMode mode(newlines_, false);
        if (peek().type == TokenType::kStar) {
          next();
        } else {
          parse_expression();
        }
        expect(TokenType::kCBrack, "Missing close bracket on index",
               "The index operator must end with a closing bracket (\"]\").");
      } else {
        return;
      }
    }
  }

  void parse_primary() {
    Peeked p = peek();
    switch (p.type) {
      case TokenType::kNumberLit:
        // The parser refuses a literal it cannot read as a number (`1.5.E-1`), and so does
        // Terraform's fmt; found by the fmt fuzzer, whose output then did not parse.
        if (!value::Number::parse(toks_[p.index].bytes)) {
          fail(p.index, "Invalid number literal",
               "Failed to recognize the value of this number literal.");
        }
        next();
        return;
      case TokenType::kIdent:
        next();
        if (peek().type == TokenType::kOParen || peek().type == TokenType::kDoubleColon) {
          parse_call();
        }
        return;
      case TokenType::kOParen: {
        next();
        NewlineMode mode(newlines_, false);
        parse_expression();
        expect(TokenType::kCParen, "Unbalanced parentheses",
               "Expected a closing parenthesis to terminate the expression.");
        return;
      }
      case TokenType::kOBrack:
        return parse_tuple();
      case TokenType::kOBrace:
        return parse_object();
      case TokenType::kOQuote:
        return parse_template(TokenType::kCQuote, true);
      case TokenType::kOHeredoc:
        parse_template(TokenType::kCHeredoc, false);
        // hclsyntax only recognises a closing marker followed by a newline.
        if (pos_ >= toks_.size() || toks_[pos_].type != TokenType::kNewline) {
          fail(p.index, "Unterminated template string",
               "No closing marker was found for the string.");
        }
        return;
      case TokenType::kEOF:
        fail(p.index, "Missing expression",
             "Expected the start of an expression, but found the end of the file.");
      default:
        fail(p.index, "Invalid expression",
             "Expected the start of an expression, but found an invalid expression token.");
    }
  }

  void parse_call() {
    while (peek().type == TokenType::kDoubleColon) {
      next();
      expect(TokenType::kIdent, "Missing function name",
             "Expected a function name after the namespace separator (\"::\").");
    }
    expect(TokenType::kOParen, "Missing function call",
           "A namespaced name must be followed by a function call.");
    NewlineMode mode(newlines_, false);
    for (;;) {
      if (peek().type == TokenType::kCParen) {
        next();
        return;
      }
      parse_expression();
      if (peek().type == TokenType::kEllipsis) {
        next();
        expect(TokenType::kCParen, "Missing closing parenthesis",
               "An expanded function argument (with ...) must be immediately followed by "
               "closing parentheses.");
        return;
      }
      Peeked sep = peek();
      if (sep.type == TokenType::kComma) {
        next();
        continue;
      }
      if (sep.type == TokenType::kCParen) {
        next();
        return;
      }
      fail(sep.index, "Missing argument separator",
           "A comma is required to separate each function argument from the next.");
    }
  }

  void parse_tuple() {
    next();
    NewlineMode mode(newlines_, false);
    if (peek_keyword("for")) return parse_for(TokenType::kCBrack);
    for (;;) {
      if (peek().type == TokenType::kCBrack) {
        next();
        return;
      }
      parse_expression();
      Peeked sep = peek();
      if (sep.type == TokenType::kComma) {
        next();
        continue;
      }
      if (sep.type == TokenType::kCBrack) {
        next();
        return;
      }
      fail(sep.index, "Missing item separator",
           "Expected a comma to mark the beginning of the next item.");
    }
  }

  void parse_object() {
    Peeked open = next();
    {
      // `{` then newlines then `for` is still a for expression.
      NewlineMode probe(newlines_, false);
      if (peek_keyword("for")) return parse_for(TokenType::kCBrace);
    }
    NewlineMode mode(newlines_, true);
    for (;;) {
      Peeked p = peek();
      if (p.type == TokenType::kNewline) {
        next();
        continue;
      }
      if (p.type == TokenType::kCBrace) {
        next();
        return;
      }
      if (p.type == TokenType::kEOF) {
        fail(open.index, "Unterminated object constructor expression",
             "There is no corresponding closing brace before the end of the file. This may be "
             "caused by incorrect brace nesting elsewhere in this file.");
      }
      parse_expression();
      Peeked sep = peek();
      if (sep.type != TokenType::kEqual && sep.type != TokenType::kColon) {
        fail(sep.index, "Missing key/value separator",
             "Expected an equals sign (\"=\") to mark the beginning of the attribute value.");
      }
      next();
      parse_expression();
      Peeked end = peek();
      if (end.type == TokenType::kComma || end.type == TokenType::kNewline) {
        next();
        continue;
      }
      if (end.type == TokenType::kCBrace) {
        next();
        return;
      }
      fail(end.index, "Missing attribute separator",
           "Expected a newline or comma to mark the beginning of the next attribute.");
    }
  }

  void parse_for(TokenType close) {
    next();  // for
    expect(TokenType::kIdent, "Invalid 'for' expression",
           "For expression requires variable name after 'for'.");
    if (peek().type == TokenType::kComma) {
      next();
      expect(TokenType::kIdent, "Invalid 'for' expression",
             "For expression requires value variable name after comma.");
    }
    if (!peek_keyword("in")) {
      fail(peek().index, "Invalid 'for' expression",
           "For expression requires the 'in' keyword after its name declarations.");
    }
    next();
    parse_expression();
    expect(TokenType::kColon, "Invalid 'for' expression",
           "For expression requires a colon after the collection expression.");
    parse_expression();
    if (close == TokenType::kCBrace) {
      expect(TokenType::kFatArrow, "Invalid 'for' expression",
             "Key expression is required when building an object.");
      parse_expression();
      if (peek().type == TokenType::kEllipsis) next();
    } else if (peek().type == TokenType::kFatArrow) {
      fail(peek().index, "Invalid 'for' expression",
           "Key expression is not valid when building a tuple.");
    }
    if (peek_keyword("if")) {
      next();
      parse_expression();
    }
    expect(close, "Invalid 'for' expression",
           "Extra characters after the end of the 'for' "
           "expression.");
  }

  // An open template directive: its kind ("if", "else" or "for") and where it was written.
  struct Directive {
    std::string_view kind;
    std::size_t open = 0;   // the %{ token
    std::size_t close = 0;  // its closing } token
  };

  // hcl.Range's String(): file:line,col-col on one line, file:line,col-line,col otherwise.
  std::string range_string(std::size_t from, std::size_t to) const {
    const auto& a = toks_[from].range.start;
    const auto& b = toks_[to].range.end;
    std::string s = std::string(filename_) + ":" + std::to_string(a.line) + "," +
                    std::to_string(a.column) + "-";
    if (a.line != b.line) s += std::to_string(b.line) + ",";
    return s + std::to_string(b.column);
  }

  // A quoted template or heredoc body: literals, interpolations and balanced directives.
  void parse_template(TokenType close, bool quoted) {
    Peeked open = next();
    std::vector<Directive> directives;
    for (;;) {
      if (pos_ >= toks_.size())
        fail(open.index, "Unterminated template string",
             "No closing marker was found for the string.");
      const Token& t = toks_[pos_];
      if (t.type == close) {
        if (!directives.empty()) {
          const Directive& d = directives.back();
          std::string kind = d.kind == "for" ? "for" : "if";
          fail(pos_, "Unexpected end of template",
               "The " + kind + " directive at " + range_string(d.open, d.close) +
                   " is missing its corresponding end" + kind + " directive.");
        }
        last_ = pos_++;
        return;
      }
      switch (t.type) {
        case TokenType::kQuotedLit: {
          std::string ignored;
          if (quoted && hcl::unescape_quoted(t.bytes, ignored)) {
            fail(pos_, "Invalid escape sequence",
                 "The string contains an escape sequence that is not valid.");
          }
          last_ = pos_++;
          break;
        }
        case TokenType::kStringLit:
          last_ = pos_++;
          break;
        case TokenType::kTemplateInterp: {
          last_ = pos_++;
          NewlineMode mode(newlines_, false);
          parse_expression();
          expect(TokenType::kTemplateSeqEnd, "Extra characters after interpolation expression",
                 "Expected a closing brace to end the interpolation expression.");
          break;
        }
        case TokenType::kTemplateControl: {
          std::size_t at = pos_;
          last_ = pos_++;
          NewlineMode mode(newlines_, false);
          parse_directive(directives, at);
          break;
        }
        case TokenType::kEOF:
          fail(close == TokenType::kCHeredoc ? pos_ : open.index, "Unterminated template string",
               "No closing marker was found for the string.");
        default:
          fail(pos_, "Invalid template", "Unexpected token in a template.");
      }
    }
  }

  void parse_directive(std::vector<Directive>& directives, std::size_t open) {
    Peeked kw = peek();
    if (kw.type != TokenType::kIdent) {
      fail(kw.index, "Invalid template directive",
           "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning "
           "of a %{ sequence.");
    }
    std::string_view word = toks_[kw.index].bytes;
    next();
    auto close_sequence = [&] {
      return expect(TokenType::kTemplateSeqEnd, "Extra characters in template directive",
                    "Expected a closing brace to end the template directive.")
          .index;
    };
    // An else/endif/endfor that does not match the innermost open directive.
    auto unexpected = [&](std::string_view what) {
      std::string detail = "The control directives within this template are unbalanced.";
      if (!directives.empty()) {
        const Directive& d = directives.back();
        std::string kind = d.kind == "for" ? "for" : "if";
        detail = what == "else" && kind == "for"
                     ? "An else clause is not expected for a for directive."
                     : "Expecting an end" + kind + " directive corresponding to the " + kind +
                           " directive at " + range_string(d.open, d.close) + ".";
      }
      fail(open, "Unexpected " + std::string(what) + " directive", detail);
    };
    if (word == "if") {
      parse_expression();
      directives.push_back({"if", open, close_sequence()});
    } else if (word == "else") {
      if (directives.empty() || directives.back().kind != "if") unexpected("else");
      close_sequence();
      directives.back().kind = "else";
    } else if (word == "endif") {
      if (directives.empty() || directives.back().kind == "for") unexpected("endif");
      close_sequence();
      directives.pop_back();
    } else if (word == "for") {
      expect(TokenType::kIdent, "Invalid template directive",
             "A \"for\" directive requires a variable name.");
      if (peek().type == TokenType::kComma) {
        next();
        expect(TokenType::kIdent, "Invalid template directive",
               "A \"for\" directive requires a value variable name after the comma.");
      }
      if (!peek_keyword("in")) {
        fail(peek().index, "Invalid template directive",
             "A \"for\" directive requires the \"in\" keyword.");
      }
      next();
      parse_expression();
      directives.push_back({"for", open, close_sequence()});
    } else if (word == "endfor") {
      if (directives.empty() || directives.back().kind != "for") unexpected("endfor");
      close_sequence();
      directives.pop_back();
    } else {
      fail(kw.index, "Invalid template directive",
           "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning "
           "of a %{ sequence.");
    }
  }

  const std::vector<Token>& toks_;
  std::string_view filename_;
  std::size_t pos_ = 0;
  std::size_t last_ = 0;
  int depth_ = 0;
  std::vector<bool> newlines_;
  std::string context_;  // the header of the top-level block being read
};

}  // namespace

SyntaxResult check_syntax(const std::vector<hcl::Token>& tokens, std::string_view filename) {
  SyntaxResult result;
  try {
    Checker(tokens, filename).run(result.body);
  } catch (const SyntaxError& e) {
    result.diagnostics.add(e.diagnostic);
    result.context = e.context;
  } catch (const std::exception& e) {
    result.diagnostics.add(value::Diagnostic::error("Internal error", e.what()));
  }
  return result;
}

}  // namespace fgform::fmt
