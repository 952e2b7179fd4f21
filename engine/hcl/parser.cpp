// Recursive-descent parser of the native syntax, after hclsyntax's parser.go: bodies, the
// expression grammar with the spec's precedence, templates and heredocs. Every loop consumes a
// token or stops; nesting is bounded (kMaxNestingDepth) so no input can exhaust the stack.
#include "hcl/parser.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "hcl/escape.h"
#include "hcl/native_body.h"
#include "hcl/token.h"
#include "value/number_math.h"

namespace fgform::hcl {
namespace {

using value::Diagnostic;
using value::SourceRange;
using T = TokenType;

SourceRange between(const SourceRange& a, const SourceRange& b) {
  SourceRange r = a;
  r.end = b.end;
  return r;
}

std::string range_text(const SourceRange& r) {
  std::string s =
      r.filename + ":" + std::to_string(r.start.line) + "," + std::to_string(r.start.column);
  if (r.end.line != r.start.line) {
    s += "-" + std::to_string(r.end.line) + "," + std::to_string(r.end.column);
  } else if (r.end.column != r.start.column) {
    s += "-" + std::to_string(r.end.column);
  }
  return s;
}

template <typename N>
std::shared_ptr<N> make(SourceRange range) {
  auto n = std::make_shared<N>();
  n->set_range(std::move(range));
  return n;
}

// One piece of a template before it is assembled into expressions.
struct TemplateItem {
  enum class Kind { kLiteral, kInterp, kIf, kElse, kEndIf, kFor, kEndFor };
  Kind kind = Kind::kLiteral;
  std::string text;
  bool line_start = false;  // literal text at the start of a heredoc line
  ExprPtr expr;
  std::string key_var, value_var;
  bool strip_before = false, strip_after = false;
  SourceRange range;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string filename) : filename_(std::move(filename)) {
    for (auto& t : tokens) {
      if (t.type == T::kComment) {
        if (t.bytes.substr(0, 2) == "/*" &&
            (t.bytes.size() < 4 || t.bytes.substr(t.bytes.size() - 2) != "*/")) {
          diags_.add(Diagnostic::error("Unterminated comment",
                                       "There is no closing marker for this comment.")
                         .at(t.range));
        }
        // A line comment ("#" or "//") absorbs the newline that ends it. That newline still
        // ends the argument or block item before the comment, so it stays in the stream as a
        // newline token of its own.
        if (!t.bytes.empty() && t.bytes.back() == '\n' && t.bytes.substr(0, 2) != "/*") {
          Token newline = t;
          newline.type = T::kNewline;
          newline.bytes = t.bytes.substr(t.bytes.size() - 1);
          tokens_.push_back(std::move(newline));
        }
        continue;
      }
      check_invalid(t);
      tokens_.push_back(std::move(t));
    }
    flush_invalid_run();
    newlines_.push_back(true);
  }

  // The diagnostics of the file, at most kMaxFileErrors errors of them and then one that says
  // how many more there were: past a few, more errors about one file only bury the first.
  value::Diagnostics take_diagnostics() {
    std::size_t errors = 0;
    for (const auto& d : diags_) errors += d.severity == value::Severity::kError ? 1 : 0;
    if (errors <= kMaxFileErrors) return std::move(diags_);
    value::Diagnostics kept;
    std::size_t shown = 0;
    std::optional<SourceRange> last;
    for (const auto& d : diags_) {
      if (d.severity == value::Severity::kError) {
        if (shown == kMaxFileErrors) continue;
        ++shown;
        last = d.range;
      }
      kept.add(d);
    }
    auto more = Diagnostic::error(
        "Too many errors",
        std::to_string(errors - kMaxFileErrors) + " more errors in " + filename_ +
            " are not shown. Correct the errors above first; later ones are often their "
            "consequences.");
    if (last) more = std::move(more).at(*last);
    kept.add(std::move(more));
    return kept;
  }

  std::shared_ptr<NativeBody> parse_file() {
    auto body = std::make_shared<NativeBody>();
    SourceRange start = tokens_.front().range;
    start.end = start.start;
    body->items().open_range = start;
    parse_body_items(*body, false);
    body->items().range = between(start, tokens_.back().range);
    return body;
  }

  ExprPtr parse_whole_expression() {
    newlines_.back() = false;
    ExprPtr e = parse_expression();
    if (peek().type != T::kEOF) {
      error(peek().range, "Extra characters after expression",
            "An expression was successfully parsed, but extra characters were found after it.");
    }
    return e;
  }

  ExprPtr parse_whole_template() {
    SourceRange start = peek_raw().range;
    std::vector<TemplateItem> items;
    collect_template_items(items, T::kEOF, false);
    return build_template(items, between(start, tokens_.back().range), true);
  }

  std::optional<Traversal> parse_whole_traversal() {
    newlines_.back() = false;
    const Token& t = peek();
    if (t.type != T::kIdent) {
      error(t.range, "Invalid traversal", "A name is required at the start of a reference.");
      return std::nullopt;
    }
    next();
    Traversal tr;
    tr.root = std::string(t.bytes);
    tr.root_range = t.range;
    tr.range = t.range;
    for (;;) {
      const Token& n = peek();
      if (n.type == T::kDot) {
        next();
        const Token& a = peek();
        if (a.type != T::kIdent) {
          error(a.range, "Invalid attribute name", "An attribute name is required after a dot.");
          return std::nullopt;
        }
        next();
        tr.steps.push_back(
            {TraversalStep::Kind::kAttribute, std::string(a.bytes), {}, between(n.range, a.range)});
      } else if (n.type == T::kOBrack) {
        next();
        ExprPtr key = parse_expression();
        auto* lit = dynamic_cast<const LiteralExpr*>(key.get());
        std::optional<value::Value> k;
        if (lit) k = lit->val;
        if (auto* tmpl = dynamic_cast<const TemplateExpr*>(key.get());
            tmpl && tmpl->is_plain_string()) {
          k = literal_string(*tmpl);
        }
        if (!k || k->is_null() || !k->is_known()) {
          error(key->range(), "Invalid index", "Index keys must be literal values.");
          return std::nullopt;
        }
        const Token& c = peek();
        if (c.type != T::kCBrack) {
          error(c.range, "Missing close bracket on index",
                "The index operator must end with a closing bracket (\"]\").");
          return std::nullopt;
        }
        next();
        tr.steps.push_back({TraversalStep::Kind::kIndex, {}, *k, between(n.range, c.range)});
      } else {
        break;
      }
      tr.range = between(tr.range, tokens_[pos_ - 1].range);
    }
    if (peek().type != T::kEOF) {
      error(peek().range, "Extra characters after traversal",
            "The traversal was parsed successfully, but extra characters were found after it.");
    }
    return tr;
  }

 private:
  // ---- tokens -------------------------------------------------------------------------

  const Token& peek_raw() const { return tokens_[std::min(pos_, tokens_.size() - 1)]; }
  const Token& peek() {
    if (!newlines_.back()) {
      while (pos_ < tokens_.size() - 1 && tokens_[pos_].type == T::kNewline) ++pos_;
    }
    return tokens_[std::min(pos_, tokens_.size() - 1)];
  }
  // The token after peek() (same newline rule).
  const Token& peek2() {
    peek();
    std::size_t i = pos_ + 1;
    if (!newlines_.back()) {
      while (i < tokens_.size() - 1 && tokens_[i].type == T::kNewline) ++i;
    }
    return tokens_[std::min(i, tokens_.size() - 1)];
  }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  const Token& previous() const { return tokens_[pos_ == 0 ? 0 : pos_ - 1]; }

  struct NewlineScope {
    NewlineScope(Parser& p, bool include) : p_(p) { p_.newlines_.push_back(include); }
    ~NewlineScope() { p_.newlines_.pop_back(); }
    NewlineScope(const NewlineScope&) = delete;
    NewlineScope& operator=(const NewlineScope&) = delete;
    Parser& p_;
  };

  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p_(p) { ++p_.depth_; }
    ~DepthGuard() { --p_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    Parser& p_;
  };

  bool too_deep(const SourceRange& at) {
    if (depth_ <= kMaxNestingDepth) return false;
    error(at, "Nesting too deep",
          "This configuration nests expressions or blocks more than " +
              std::to_string(kMaxNestingDepth) + " levels deep.");
    return true;
  }

  // ---- diagnostics --------------------------------------------------------------------

  void error(const SourceRange& range, std::string summary, std::string detail) {
    if (suppress_) return;
    suppress_ = true;  // one error per body item: later ones are usually consequences
    if (prereported_.count(range.start.byte) != 0) return;
    diags_.add(Diagnostic::error(std::move(summary), std::move(detail)).at(range));
  }

  // Reports characters the language does not use, as hclsyntax's checkInvalidTokens does: each
  // kind of mistake is told once (or a few times), not once per occurrence. Unlike hclsyntax, a
  // run of adjacent invalid characters is one diagnostic: a file of binary garbage would
  // otherwise give one per byte, each repeating the source line.
  void check_invalid(const Token& t) {
    auto report = [&](int& told, int limit, const char* summary, const char* detail) {
      prereported_.insert(t.range.start.byte);
      if (told++ >= limit) return;
      diags_.add(Diagnostic::error(summary, detail).at(t.range));
    };
    // Backticks and apostrophes come in pairs around a would-be string: only the opening one of
    // the first two pairs is reported.
    auto report_paired = [&](int& told, const char* detail) {
      prereported_.insert(t.range.start.byte);
      if (told % 2 == 0 && told < 4) {
        diags_.add(Diagnostic::error("Invalid character", detail).at(t.range));
      }
      ++told;
    };
    const bool continues_run =
        t.type == T::kInvalid && invalid_run_end_ == t.range.start.byte && invalid_run_ != nullptr;
    if (t.type != T::kInvalid) invalid_run_ = nullptr;
    switch (t.type) {
      case T::kBitwiseAnd:
        return report(told_bitwise_, 4, "Unsupported operator",
                      "Bitwise operators are not supported. Did you mean boolean AND (\"&&\")?");
      case T::kBitwiseOr:
        return report(told_bitwise_, 4, "Unsupported operator",
                      "Bitwise operators are not supported. Did you mean boolean OR (\"||\")?");
      case T::kBitwiseNot:
        return report(told_bitwise_, 4, "Unsupported operator",
                      "Bitwise operators are not supported. Did you mean boolean NOT (\"!\")?");
      case T::kBitwiseXor:
        return report(told_bitwise_, 4, "Unsupported operator",
                      "Bitwise operators are not supported.");
      case T::kStarStar:
        return report(told_exponent_, 1, "Unsupported operator",
                      "\"**\" is not a supported operator. Exponentiation is not supported as an "
                      "operator.");
      case T::kApostrophe:
        return report_paired(told_apostrophe_,
                             "Single quotes are not valid. Use double quotes (\") to enclose "
                             "strings.");
      case T::kBacktick:
        return report_paired(told_backtick_,
                             "The \"`\" character is not valid. To create a multi-line string, "
                             "use the \"heredoc\" syntax, like \"<<EOT\".");
      case T::kSemicolon:
        return report(told_semicolon_, 1, "Invalid character",
                      "The \";\" character is not valid. Use newlines to separate arguments and "
                      "blocks, and commas to separate items in collection values.");
      case T::kTabs:
        return report(told_tabs_, 1, "Invalid character",
                      "Tab characters may not be used. The recommended indentation style is two "
                      "spaces per indent.");
      case T::kBadUTF8:
        return report(told_bad_utf8_, 1, "Invalid character encoding",
                      "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is "
                      "selected in your editor.");
      case T::kInvalid: {
        prereported_.insert(t.range.start.byte);
        invalid_run_end_ = t.range.end.byte;
        if (continues_run) {
          invalid_run_->end = t.range.end;  // the run grows; its diagnostic is still pending
          return;
        }
        flush_invalid_run();
        const bool curly = t.bytes == "\u201c" || t.bytes == "\u201d";
        pending_invalid_ = Diagnostic::error(
            "Invalid character",
            curly ? "\"Curly quotes\" are not valid here. These can sometimes be inadvertently "
                    "introduced when sharing code via documents or discussion forums. It might "
                    "help to replace the character with a \"straight quote\"."
                  : "This character is not used within the language.");
        pending_invalid_range_ = t.range;
        invalid_run_ = &pending_invalid_range_;
        return;
      }
      default:
        return;
    }
  }

  // Adds the diagnostic of the last run of invalid characters, once its extent is known.
  void flush_invalid_run() {
    if (!pending_invalid_) return;
    diags_.add(std::move(*pending_invalid_).at(pending_invalid_range_));
    pending_invalid_.reset();
  }

  // Skips the rest of a malformed body item: to the end of its line, jumping over bracketed
  // parts, or to (not past) the `}` closing the enclosing block.
  void recover_body_item() {
    int nesting = 0;
    for (;;) {
      const Token& t = peek_raw();
      switch (t.type) {
        case T::kEOF:
          return;
        case T::kNewline:
          if (nesting == 0) {
            ++pos_;
            return;
          }
          break;
        case T::kOBrace:
        case T::kOBrack:
        case T::kOParen:
        case T::kTemplateInterp:
        case T::kTemplateControl:
        case T::kOQuote:
        case T::kOHeredoc:
          ++nesting;
          break;
        case T::kCBrace:
          if (nesting == 0) return;
          --nesting;
          break;
        case T::kCBrack:
        case T::kCParen:
        case T::kTemplateSeqEnd:
        case T::kCQuote:
        case T::kCHeredoc:
          if (nesting > 0) --nesting;
          break;
        default:
          break;
      }
      ++pos_;
    }
  }

  // Skips to just past the `close` matching an `open` that was already consumed.
  void recover_to_close(T open, T close) {
    int nesting = 0;
    for (;;) {
      const Token& t = peek_raw();
      if (t.type == T::kEOF) return;
      ++pos_;
      if (t.type == open) {
        ++nesting;
      } else if (t.type == close) {
        if (nesting == 0) return;
        --nesting;
      }
    }
  }

  // ---- bodies -------------------------------------------------------------------------

  void parse_body_items(NativeBody& body, bool in_block) {
    std::map<std::string, SourceRange> seen;
    for (;;) {
      suppress_ = false;
      const Token& t = peek_raw();
      if (t.type == T::kNewline) {
        ++pos_;
        continue;
      }
      if (t.type == T::kEOF) return;
      if (t.type == T::kCBrace) {
        if (in_block) return;
        error(t.range, "Argument or block definition required",
              "An argument or block definition is required here.");
        ++pos_;
        continue;
      }
      if (t.type != T::kIdent) {
        error(t.range, "Argument or block definition required",
              "An argument or block definition is required here.");
        if (t.type == T::kOBrace) {
          ++pos_;
          recover_to_close(T::kOBrace, T::kCBrace);
        }
        recover_body_item();
        continue;
      }
      parse_body_item(body, seen);
    }
  }

  void parse_body_item(NativeBody& body, std::map<std::string, SourceRange>& seen) {
    const Token& name = next();
    const Token& after = peek_raw();
    if (after.type == T::kEqual) {
      ++pos_;
      Attribute attr = finish_attribute(name);
      const Token& end = peek_raw();
      if (end.type == T::kNewline) {
        ++pos_;
      } else if (end.type != T::kEOF) {
        error(end.range, "Missing newline after argument",
              "An argument definition must end with a newline.");
        recover_body_item();
      }
      add_attribute(body, seen, std::move(attr));
      return;
    }
    if (after.type == T::kIdent || after.type == T::kOQuote || after.type == T::kOBrace) {
      DepthGuard guard(*this);
      if (too_deep(name.range)) {
        recover_body_item();
        return;
      }
      parse_block(body, name);
      return;
    }
    std::string detail = "An argument or block definition is required here.";
    if (after.type == T::kNewline || after.type == T::kEOF || after.type == T::kColon) {
      detail += " To set an argument, use the equals sign \"=\" to introduce the argument value.";
    }
    error(after.range, "Argument or block definition required", detail);
    recover_body_item();
  }

  Attribute finish_attribute(const Token& name) {
    Attribute attr;
    attr.name = std::string(name.bytes);
    attr.name_range = name.range;
    attr.expr = parse_expression();
    attr.range = between(name.range, attr.expr->range());
    return attr;
  }

  void add_attribute(NativeBody& body, std::map<std::string, SourceRange>& seen, Attribute attr) {
    auto it = seen.find(attr.name);
    if (it != seen.end()) {
      suppress_ = false;
      error(attr.name_range, "Attribute redefined",
            "The argument \"" + attr.name + "\" was already set at " + range_text(it->second) +
                ". Each argument may be set only once.");
      return;
    }
    seen.emplace(attr.name, attr.name_range);
    body.items().attributes.push_back(std::move(attr));
  }

  void parse_block(NativeBody& parent, const Token& type) {
    Block block;
    block.type = std::string(type.bytes);
    block.type_range = type.range;
    SourceRange last = type.range;
    for (;;) {
      const Token& t = peek_raw();
      if (t.type == T::kIdent) {
        ++pos_;
        block.labels.emplace_back(t.bytes);
        block.label_ranges.push_back(t.range);
        last = t.range;
        continue;
      }
      if (t.type == T::kOQuote) {
        SourceRange label_range;
        std::optional<std::string> label = parse_quoted_label(label_range);
        if (!label) {
          recover_body_item();
          return;
        }
        block.labels.push_back(*label);
        block.label_ranges.push_back(label_range);
        last = label_range;
        continue;
      }
      break;
    }
    block.def_range = between(type.range, last);
    const Token& open = peek_raw();
    if (open.type != T::kOBrace) {
      if (open.type == T::kNewline || open.type == T::kEOF) {
        error(open.range, "Invalid block definition",
              "A block definition must have block content delimited by \"{\" and \"}\", "
              "starting on the same line as the block header.");
      } else {
        error(open.range, "Invalid block definition",
              "Either a quoted string block label or an opening brace (\"{\") is expected here.");
      }
      recover_body_item();
      return;
    }
    ++pos_;
    auto body = std::make_shared<NativeBody>();
    body->items().open_range = open.range;
    const Token& first = peek_raw();
    if (first.type == T::kNewline) {
      parse_body_items(*body, true);
      const Token& close = peek_raw();
      if (close.type != T::kCBrace) {
        suppress_ = false;
        error(open.range, "Unclosed configuration block",
              "There is no closing brace for this block before the end of the file. This may be "
              "caused by incorrect brace nesting elsewhere in this file.");
        body->items().range = between(open.range, close.range);
        block.body = body;
        parent.items().blocks.push_back(std::move(block));
        return;
      }
      ++pos_;
      body->items().range = between(open.range, close.range);
    } else {
      // A one-line block: `b { }` or `b { a = 1 }`.
      suppress_ = false;
      if (first.type == T::kIdent) {
        const Token& name = next();
        if (peek_raw().type != T::kEqual) {
          error(name.range, "Invalid single-argument block definition",
                "A single-line block definition can contain only a single argument. If you meant "
                "to define argument \"" +
                    std::string(name.bytes) +
                    "\", use an equals sign to "
                    "assign it a value. To define a nested block, place it on a line of its own "
                    "within its parent block.");
          recover_to_close(T::kOBrace, T::kCBrace);
          recover_body_item();
          return;
        }
        ++pos_;
        body->items().attributes.push_back(finish_attribute(name));
      }
      const Token& close = peek_raw();
      if (close.type != T::kCBrace) {
        error(close.range, "Invalid single-argument block definition",
              "A single-line block definition must end with a closing brace immediately after "
              "its single argument definition.");
        recover_to_close(T::kOBrace, T::kCBrace);
        recover_body_item();
        return;
      }
      ++pos_;
      body->items().range = between(open.range, close.range);
    }
    block.body = body;
    const Token& end = peek_raw();
    if (end.type == T::kNewline) {
      ++pos_;
    } else if (end.type != T::kEOF) {
      error(end.range, "Missing newline after block definition",
            "A block definition must end with a newline.");
      recover_body_item();
    }
    parent.items().blocks.push_back(std::move(block));
  }

  std::optional<std::string> parse_quoted_label(SourceRange& range) {
    const Token& open = next();
    std::string out;
    for (;;) {
      const Token& t = peek_raw();
      if (t.type == T::kQuotedLit) {
        ++pos_;
        if (!unescape_quoted(t, out)) return std::nullopt;
        continue;
      }
      if (t.type == T::kCQuote) {
        ++pos_;
        range = between(open.range, t.range);
        return out;
      }
      if (t.type == T::kTemplateInterp || t.type == T::kTemplateControl) {
        error(t.range, "Invalid block label",
              "Template sequences are not allowed in block labels.");
      } else if (t.type == T::kQuotedNewline) {
        error(t.range, "Invalid multi-line string",
              "Quoted strings may not be split over multiple lines. To produce a multi-line "
              "string, either use the \\n escape to represent a newline character or use the "
              "\"heredoc\" multi-line template syntax.");
      } else {
        error(t.range, "Unterminated template string",
              "No closing marker was found for the string.");
      }
      return std::nullopt;
    }
  }

  // ---- expressions --------------------------------------------------------------------

  // Sets depth from the children and enforces the nesting bound (a long `a + b + c ...` chain
  // builds a deep tree without deep parser recursion).
  ExprPtr finish(std::shared_ptr<Expression> e) {
    int d = 0;
    for (const Expression* c : e->children()) d = std::max(d, c ? c->depth : 0);
    e->depth = d + 1;
    if (e->depth > kMaxNestingDepth) {
      error(
          e->range(), "Nesting too deep",
          "This expression nests more than " + std::to_string(kMaxNestingDepth) + " levels deep.");
      return make<InvalidExpr>(e->range());
    }
    return e;
  }

  ExprPtr invalid(const SourceRange& r) { return make<InvalidExpr>(r); }

  ExprPtr parse_expression() {
    DepthGuard guard(*this);
    if (too_deep(peek().range)) {
      SourceRange r = peek().range;
      // Skip everything: the input is hostile or broken beyond use.
      pos_ = tokens_.size() - 1;
      return invalid(r);
    }
    return parse_conditional();
  }

  ExprPtr parse_conditional() {
    ExprPtr cond = parse_binary(0);
    if (peek().type != T::kQuestion) return cond;
    next();
    ExprPtr t = parse_expression();
    if (peek().type != T::kColon) {
      error(peek().range, "Missing false expression in conditional",
            "The conditional operator (...?...:...) requires a false expression, delimited by a "
            "colon.");
      return invalid(between(cond->range(), t->range()));
    }
    next();
    ExprPtr f = parse_expression();
    auto n = make<ConditionalExpr>(between(cond->range(), f->range()));
    n->condition = cond;
    n->true_result = t;
    n->false_result = f;
    return finish(n);
  }

  static std::optional<std::pair<BinaryOp, int>> binary_op(T t) {
    switch (t) {
      case T::kOr:
        return std::pair{BinaryOp::kOr, 0};
      case T::kAnd:
        return std::pair{BinaryOp::kAnd, 1};
      case T::kEqualOp:
        return std::pair{BinaryOp::kEqual, 2};
      case T::kNotEqual:
        return std::pair{BinaryOp::kNotEqual, 2};
      case T::kLessThan:
        return std::pair{BinaryOp::kLess, 3};
      case T::kLessThanEq:
        return std::pair{BinaryOp::kLessEq, 3};
      case T::kGreaterThan:
        return std::pair{BinaryOp::kGreater, 3};
      case T::kGreaterThanEq:
        return std::pair{BinaryOp::kGreaterEq, 3};
      case T::kPlus:
        return std::pair{BinaryOp::kAdd, 4};
      case T::kMinus:
        return std::pair{BinaryOp::kSubtract, 4};
      case T::kStar:
        return std::pair{BinaryOp::kMultiply, 5};
      case T::kSlash:
        return std::pair{BinaryOp::kDivide, 5};
      case T::kPercent:
        return std::pair{BinaryOp::kModulo, 5};
      default:
        return std::nullopt;
    }
  }

  // Precedence climbing; all binary operators are left-associative.
  ExprPtr parse_binary(int min_level) {
    ExprPtr lhs = parse_unary();
    for (;;) {
      auto op = binary_op(peek().type);
      if (!op || op->second < min_level) return lhs;
      next();
      ExprPtr rhs = parse_binary(op->second + 1);
      auto n = make<BinaryOpExpr>(between(lhs->range(), rhs->range()));
      n->op = op->first;
      n->lhs = lhs;
      n->rhs = rhs;
      lhs = finish(n);
    }
  }

  ExprPtr parse_unary() {
    const Token& t = peek();
    if (t.type == T::kMinus || t.type == T::kBang) {
      DepthGuard guard(*this);
      if (too_deep(t.range)) {
        pos_ = tokens_.size() - 1;
        return invalid(t.range);
      }
      SourceRange op_range = t.range;
      bool negate = t.type == T::kMinus;
      next();
      ExprPtr operand = parse_unary();
      SourceRange r = between(op_range, operand->range());
      // `-12` is a literal, so static analysis (and JSON-like uses) see a plain number.
      if (auto* lit = dynamic_cast<const LiteralExpr*>(operand.get());
          negate && lit && lit->val.type() == value::Type::number() && lit->val.is_known() &&
          !lit->val.is_null()) {
        return make_literal(value::Value::number(value::negate(lit->val.as_number())), r);
      }
      auto n = make<UnaryOpExpr>(r);
      n->op = negate ? UnaryOp::kNegate : UnaryOp::kNot;
      n->operand = operand;
      return finish(n);
    }
    return parse_postfix(parse_primary());
  }

  ExprPtr make_literal(value::Value v, const SourceRange& r) {
    auto n = std::make_shared<LiteralExpr>(std::move(v));
    n->set_range(r);
    return n;
  }

  ExprPtr parse_primary() {
    const Token& t = peek();
    switch (t.type) {
      case T::kNumberLit: {
        next();
        auto n = value::Number::parse(t.bytes);
        if (!n) {
          error(t.range, "Invalid number literal",
                "Failed to recognize the value of this number literal.");
          return invalid(t.range);
        }
        return make_literal(value::Value::number(*n), t.range);
      }
      case T::kIdent: {
        const Token& after = peek2();
        if (after.type == T::kOParen || after.type == T::kDoubleColon) return parse_call();
        next();
        if (t.bytes == "true") return make_literal(value::Value::boolean(true), t.range);
        if (t.bytes == "false") return make_literal(value::Value::boolean(false), t.range);
        if (t.bytes == "null") {
          return make_literal(value::Value::null(value::Type::dynamic()), t.range);
        }
        Traversal tr;
        tr.root = std::string(t.bytes);
        tr.root_range = t.range;
        tr.range = t.range;
        auto n = std::make_shared<ScopeTraversalExpr>(std::move(tr));
        n->set_range(t.range);
        return n;
      }
      case T::kOQuote:
        return parse_quoted_template();
      case T::kOHeredoc:
        return parse_heredoc();
      case T::kOParen: {
        next();
        NewlineScope scope(*this, false);
        ExprPtr inner = parse_expression();
        const Token& close = peek();
        if (close.type != T::kCParen) {
          error(close.range, "Unbalanced parentheses",
                "Expected a closing parenthesis to terminate the expression.");
          recover_to_close(T::kOParen, T::kCParen);
          return invalid(between(t.range, inner->range()));
        }
        next();
        auto n = make<ParenthesesExpr>(between(t.range, close.range));
        n->wrapped = inner;
        return finish(n);
      }
      case T::kOBrack:
        return parse_tuple();
      case T::kOBrace:
        return parse_object();
      default: {
        std::string detail =
            t.type == T::kEOF
                ? "Expected the start of an expression, but found the end of the file."
                : "Expected the start of an expression, but found an invalid expression token.";
        error(t.range, "Invalid expression", detail);
        return invalid(t.range);
      }
    }
  }

  ExprPtr parse_call() {
    const Token& first = next();
    std::string name(first.bytes);
    SourceRange name_range = first.range;
    while (peek().type == T::kDoubleColon) {
      next();
      const Token& part = peek();
      if (part.type != T::kIdent) {
        error(part.range, "Missing function name", "A function name is required after \"::\".");
        return invalid(name_range);
      }
      next();
      name += "::" + std::string(part.bytes);
      name_range = between(name_range, part.range);
    }
    const Token& open = peek();
    if (open.type != T::kOParen) {
      error(open.range, "Missing function argument list",
            "A function call requires an argument list in parentheses after the function name.");
      return invalid(name_range);
    }
    next();
    auto n = std::make_shared<FunctionCallExpr>();
    n->name = name;
    n->name_range = name_range;
    n->open_paren_range = open.range;
    NewlineScope scope(*this, false);
    for (;;) {
      const Token& t = peek();
      if (t.type == T::kCParen) break;
      // Like hclsyntax: the end of the file where an argument should start is an invalid
      // expression; after an argument it is an unterminated call. A bad argument ends the call.
      bool errors_before = suppress_;
      n->args.push_back(parse_expression());
      if (suppress_ && !errors_before) {
        recover_to_close(T::kOParen, T::kCParen);
        return invalid(between(name_range, previous().range));
      }
      const Token& sep = peek();
      if (sep.type == T::kEOF) {
        error(between(name_range, open.range), "Unterminated function call",
              "There is no closing parenthesis for this function call before the end of the "
              "file. This may be caused by incorrect parenthesis nesting elsewhere in this file.");
        return invalid(between(name_range, sep.range));
      }
      if (sep.type == T::kEllipsis) {
        next();
        n->expand_final = true;
        if (peek().type != T::kCParen) {
          error(peek().range, "Missing closing parenthesis",
                "An expanded function argument (with \"...\") must be immediately followed by "
                "closing parentheses.");
          recover_to_close(T::kOParen, T::kCParen);
          return invalid(between(name_range, previous().range));
        }
        break;
      }
      if (sep.type == T::kComma) {
        next();
        continue;
      }
      if (sep.type == T::kCParen) break;
      error(sep.range, "Missing argument separator",
            "A comma is required to separate each function argument from the next.");
      recover_to_close(T::kOParen, T::kCParen);
      return invalid(between(name_range, previous().range));
    }
    const Token& close = next();
    n->close_paren_range = close.range;
    n->set_range(between(name_range, close.range), name_range);
    return finish(n);
  }

  static std::optional<value::Value> literal_string(const TemplateExpr& t) {
    std::string s;
    for (const auto& p : t.parts) {
      auto* lit = dynamic_cast<const LiteralExpr*>(p.get());
      if (!lit || lit->val.type() != value::Type::string()) return std::nullopt;
      s += lit->val.as_string();
    }
    return value::Value::string(s);
  }

  // A step with a constant key becomes part of the static traversal.
  static std::optional<value::Value> constant_key(const Expression& key) {
    if (auto* lit = dynamic_cast<const LiteralExpr*>(&key)) {
      if (lit->val.is_known() && !lit->val.is_null()) return lit->val;
      return std::nullopt;
    }
    if (auto* t = dynamic_cast<const TemplateExpr*>(&key); t && t->is_plain_string()) {
      return literal_string(*t);
    }
    return std::nullopt;
  }

  ExprPtr add_step(const ExprPtr& source, TraversalStep step) {
    SourceRange r = between(source->range(), step.range);
    // While the parser holds the only reference to the traversal it is building, the step is
    // appended in place: copying the steps for every new one made `a[0][0]...` quadratic
    // (40,000 steps took 16 s). The node was created non-const by this parser, so the
    // const_cast is sound.
    if (source.use_count() == 1) {
      if (auto* st = dynamic_cast<const ScopeTraversalExpr*>(source.get())) {
        auto* own = const_cast<ScopeTraversalExpr*>(st);
        own->traversal.steps.push_back(std::move(step));
        own->traversal.range = r;
        own->set_range(r);
        return source;
      }
      if (auto* rt = dynamic_cast<const RelativeTraversalExpr*>(source.get())) {
        auto* own = const_cast<RelativeTraversalExpr*>(rt);
        own->steps.push_back(std::move(step));
        own->set_range(r);
        return source;
      }
    }
    if (auto* st = dynamic_cast<const ScopeTraversalExpr*>(source.get())) {
      Traversal tr = st->traversal;
      tr.steps.push_back(std::move(step));
      tr.range = r;
      auto n = std::make_shared<ScopeTraversalExpr>(std::move(tr));
      n->set_range(r);
      return n;
    }
    if (auto* rt = dynamic_cast<const RelativeTraversalExpr*>(source.get())) {
      auto steps = rt->steps;
      steps.push_back(std::move(step));
      auto n = std::make_shared<RelativeTraversalExpr>(rt->source, std::move(steps));
      n->set_range(r);
      return finish(n);
    }
    auto n = std::make_shared<RelativeTraversalExpr>(source, std::vector{std::move(step)});
    n->set_range(r);
    return finish(n);
  }

  // `.name` or legacy `.0` after a dot already consumed; false on error.
  bool parse_dot_step(ExprPtr& expr, const Token& dot) {
    const Token& t = peek();
    if (t.type == T::kIdent) {
      next();
      expr = add_step(
          expr,
          {TraversalStep::Kind::kAttribute, std::string(t.bytes), {}, between(dot.range, t.range)});
      return true;
    }
    if (t.type == T::kNumberLit) {
      next();
      // `a.0` is a legacy index. `a.0.1` lexes as the one number "0.1"; like hclsyntax we refuse
      // the chain rather than read it as two indexes.
      std::string_view text = t.bytes;
      if (std::size_t dotp = text.find('.'); dotp != std::string_view::npos) {
        error(t.range, "Invalid legacy index syntax",
              "When using the legacy index syntax, chaining two indexes together is not "
              "permitted. Use the proper index syntax instead, like [" +
                  std::string(text.substr(0, dotp)) + "][" + std::string(text.substr(dotp + 1)) +
                  "].");
        return false;
      }
      auto n = value::Number::parse(text);
      if (!n || !n->is_integer() ||
          text.find_first_not_of("0123456789") != std::string_view::npos) {
        error(t.range, "Invalid legacy index",
              "A legacy index after a dot must be a whole number, like .0 or [0].");
        return false;
      }
      expr = add_step(
          expr,
          {TraversalStep::Kind::kIndex, {}, value::Value::number(*n), between(dot.range, t.range)});
      return true;
    }
    error(t.range, "Invalid attribute name", "An attribute name is required after a dot.");
    return false;
  }

  ExprPtr parse_postfix(ExprPtr expr) {
    for (;;) {
      const Token& t = peek();
      if (t.type == T::kDot) {
        const Token& dot = next();
        if (peek().type == T::kStar) {
          const Token& star = next();
          expr = parse_splat(expr, between(dot.range, star.range), false);
          continue;
        }
        if (!parse_dot_step(expr, dot)) return invalid(expr->range());
        continue;
      }
      if (t.type == T::kOBrack) {
        if (peek2().type == T::kStar) {
          std::size_t save = pos_;
          std::optional<SourceRange> marker;
          {
            // Newlines are ignored inside the brackets only: the splat's own steps follow the
            // enclosing rule, or `x[*]` at the end of a line would swallow the newline.
            NewlineScope scope(*this, false);
            const Token& open = next();
            next();  // *
            if (peek().type == T::kCBrack) marker = between(open.range, next().range);
          }
          if (marker) {
            expr = parse_splat(expr, *marker, true);
            continue;
          }
          pos_ = save;
        }
        if (!parse_index(expr)) return invalid(expr->range());
        continue;
      }
      return expr;
    }
  }

  bool parse_index(ExprPtr& expr) {
    const Token& open = next();
    NewlineScope scope(*this, false);
    ExprPtr key = parse_expression();
    const Token& close = peek();
    if (close.type != T::kCBrack) {
      error(close.range, "Missing close bracket on index",
            "The index operator must end with a closing bracket (\"]\").");
      recover_to_close(T::kOBrack, T::kCBrack);
      return false;
    }
    next();
    SourceRange br = between(open.range, close.range);
    if (auto k = constant_key(*key)) {
      expr = add_step(expr, {TraversalStep::Kind::kIndex, {}, *k, br});
      return true;
    }
    auto n = std::make_shared<IndexExpr>(expr, key, br);
    n->set_range(between(expr->range(), close.range), br);
    expr = finish(n);
    return true;
  }

  // After `.*` (attribute-only chain) or `[*]` (attributes and indexes).
  ExprPtr parse_splat(const ExprPtr& source, const SourceRange& marker, bool full) {
    auto item = std::make_shared<AnonSymbolExpr>();
    item->set_range(marker);
    ExprPtr each = item;
    for (;;) {
      const Token& t = peek();
      if (t.type == T::kDot) {
        if (peek2().type == T::kStar) break;  // a nested splat applies to the result
        const Token& dot = next();
        if (!parse_dot_step(each, dot)) return invalid(source->range());
        continue;
      }
      if (full && t.type == T::kOBrack && peek2().type != T::kStar) {
        if (!parse_index(each)) return invalid(source->range());
        continue;
      }
      break;
    }
    SourceRange r = between(source->range(), each == item ? marker : each->range());
    auto n = std::make_shared<SplatExpr>(source, each, item, marker);
    n->set_range(r, marker);
    return finish(n);
  }

  bool at_for_keyword() {
    const Token& t = peek();
    return t.type == T::kIdent && t.bytes == "for" && peek2().type == T::kIdent;
  }

  ExprPtr parse_tuple() {
    const Token& open = next();
    NewlineScope scope(*this, false);
    if (at_for_keyword()) return parse_for(open, false);
    auto n = std::make_shared<TupleConsExpr>();
    for (;;) {
      const Token& t = peek();
      if (t.type == T::kCBrack) break;
      bool errors_before = suppress_;
      n->items.push_back(parse_expression());
      if (suppress_ && !errors_before) {
        recover_to_close(T::kOBrack, T::kCBrack);
        return invalid(between(open.range, previous().range));
      }
      const Token& sep = peek();
      if (sep.type == T::kEOF) {
        error(open.range, "Unterminated tuple constructor expression",
              "There is no corresponding closing bracket before the end of the file. This may be "
              "caused by incorrect bracket nesting elsewhere in this file.");
        return invalid(between(open.range, sep.range));
      }
      if (sep.type == T::kComma) {
        next();
        continue;
      }
      if (sep.type == T::kCBrack) break;
      error(sep.range, "Missing item separator",
            "Expected a comma to mark the beginning of the next item.");
      recover_to_close(T::kOBrack, T::kCBrack);
      return invalid(between(open.range, previous().range));
    }
    const Token& close = next();
    n->set_range(between(open.range, close.range), open.range);
    return finish(n);
  }

  ExprPtr parse_object() {
    const Token& open = next();
    NewlineScope scope(*this, true);
    {
      NewlineScope inner(*this, false);
      if (at_for_keyword()) return parse_for(open, true);
    }
    auto n = std::make_shared<ObjectConsExpr>();
    for (;;) {
      while (peek().type == T::kNewline) next();
      const Token& t = peek();
      if (t.type == T::kCBrace) break;
      const std::string unterminated_detail =
          "There is no corresponding closing brace before the end of the file. This may be "
          "caused by incorrect brace nesting elsewhere in this file.";
      auto key = std::make_shared<ObjectKeyExpr>();
      bool errors_before = suppress_;
      {
        NewlineScope inner(*this, false);
        key->wrapped = parse_expression();
      }
      if (suppress_ && !errors_before) {
        recover_to_close(T::kOBrace, T::kCBrace);
        return invalid(between(open.range, previous().range));
      }
      key->force_non_literal = dynamic_cast<const ParenthesesExpr*>(key->wrapped.get()) != nullptr;
      key->set_range(key->wrapped->range());
      key->depth = key->wrapped->depth + 1;
      const Token& eq = peek();
      if (eq.type != T::kEqual && eq.type != T::kColon) {
        std::string detail =
            "Expected an equals sign (\"=\") to mark the beginning of the attribute value.";
        if (eq.type == T::kNewline || eq.type == T::kComma) {
          error(eq.range, "Missing attribute value",
                "Expected an attribute value, introduced by "
                "an equals sign (\"=\").");
        } else if (eq.type == T::kEOF) {
          error(open.range, "Unterminated object constructor expression", unterminated_detail);
        } else {
          error(eq.range, "Missing key/value separator", detail);
        }
        recover_to_close(T::kOBrace, T::kCBrace);
        return invalid(between(open.range, previous().range));
      }
      next();
      errors_before = suppress_;
      ExprPtr val = parse_expression();
      n->items.push_back({key, val});
      if (suppress_ && !errors_before) {
        recover_to_close(T::kOBrace, T::kCBrace);
        return invalid(between(open.range, previous().range));
      }
      const Token& sep = peek();
      if (sep.type == T::kComma || sep.type == T::kNewline) {
        next();
        continue;
      }
      if (sep.type == T::kCBrace) break;
      if (sep.type == T::kEOF) {
        error(open.range, "Unterminated object constructor expression", unterminated_detail);
        return invalid(between(open.range, sep.range));
      }
      error(sep.range, "Missing attribute separator",
            "Expected a newline or comma to mark the beginning of the next attribute.");
      recover_to_close(T::kOBrace, T::kCBrace);
      return invalid(between(open.range, previous().range));
    }
    const Token& close = next();
    n->set_range(between(open.range, close.range), open.range);
    return finish(n);
  }

  ExprPtr parse_for(const Token& open, bool object) {
    NewlineScope scope(*this, false);
    T close_type = object ? T::kCBrace : T::kCBrack;
    T open_type = object ? T::kOBrace : T::kOBrack;
    auto fail = [&](const SourceRange& at, const std::string& detail) {
      error(at, "Invalid 'for' expression", detail);
      recover_to_close(open_type, close_type);
      return invalid(between(open.range, previous().range));
    };
    next();  // for
    auto n = std::make_shared<ForExpr>();
    n->open_range = open.range;
    const Token& first = next();
    n->value_var = std::string(first.bytes);
    if (peek().type == T::kComma) {
      next();
      const Token& second = peek();
      if (second.type != T::kIdent) {
        return fail(second.range, "Value variable name expected after comma.");
      }
      next();
      n->key_var = n->value_var;
      n->value_var = std::string(second.bytes);
    }
    if (peek().type != T::kIdent || peek().bytes != "in") {
      return fail(peek().range,
                  "For expression requires the 'in' keyword after its name declarations.");
    }
    next();
    n->collection = parse_expression();
    if (peek().type != T::kColon) {
      return fail(peek().range, "For expression requires a colon after the collection expression.");
    }
    next();
    if (object) {
      n->key = parse_expression();
      if (peek().type != T::kFatArrow) {
        return fail(peek().range,
                    "Key expression in 'for' expression must be followed by a '=>' operator "
                    "before the value expression.");
      }
      next();
    }
    n->value = parse_expression();
    if (peek().type == T::kEllipsis) {
      if (!object) {
        return fail(peek().range,
                    "Grouping ellipsis (...) can be used only in object 'for' expressions.");
      }
      next();
      n->grouping = true;
    }
    if (peek().type == T::kIdent && peek().bytes == "if") {
      next();
      n->condition = parse_expression();
    }
    const Token& close = peek();
    if (close.type != close_type) {
      return fail(close.range, "Extra characters after the end of the 'for' expression.");
    }
    next();
    n->close_range = close.range;
    n->set_range(between(open.range, close.range), open.range);
    return finish(n);
  }

  // ---- templates ----------------------------------------------------------------------

  bool unescape_quoted(const Token& t, std::string& out) {
    if (auto bad = hcl::unescape_quoted(t.bytes, out)) {
      error(t.range, "Invalid escape sequence", *bad);
      return false;
    }
    return true;
  }

  static std::string unescape_heredoc(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      out += c;
      if ((c == '$' || c == '%') && i + 2 < s.size() && s[i + 1] == c && s[i + 2] == '{') {
        out += '{';
        i += 2;
      }
    }
    return out;
  }

  // Reads template tokens up to `end` (consumed unless kEOF). Returns false on errors.
  bool collect_template_items(std::vector<TemplateItem>& items, T end, bool quoted) {
    bool line_start = true;
    for (;;) {
      const Token& t = peek_raw();
      if (t.type == end) {
        if (end != T::kEOF) ++pos_;
        return true;
      }
      if (t.type == T::kEOF || (quoted && t.type == T::kCHeredoc)) {
        error(t.range, "Unterminated template string",
              "No closing marker was found for the string.");
        return false;
      }
      ++pos_;
      switch (t.type) {
        case T::kQuotedLit: {
          TemplateItem it;
          it.range = t.range;
          if (!unescape_quoted(t, it.text)) return false;
          items.push_back(std::move(it));
          break;
        }
        case T::kStringLit: {
          TemplateItem it;
          it.range = t.range;
          it.text = unescape_heredoc(t.bytes);
          it.line_start = line_start;
          line_start = !it.text.empty() && it.text.back() == '\n';
          items.push_back(std::move(it));
          continue;
        }
        case T::kQuotedNewline:
          error(t.range, "Invalid multi-line string",
                "Quoted strings may not be split over multiple lines. To produce a multi-line "
                "string, either use the \\n escape to represent a newline character or use the "
                "\"heredoc\" multi-line template syntax.");
          return false;
        case T::kTemplateInterp: {
          TemplateItem it;
          it.kind = TemplateItem::Kind::kInterp;
          it.strip_before = t.bytes.size() == 3;
          NewlineScope scope(*this, false);
          it.expr = parse_expression();
          if (!close_sequence(t, it)) return false;
          items.push_back(std::move(it));
          break;
        }
        case T::kTemplateControl: {
          TemplateItem it;
          it.strip_before = t.bytes.size() == 3;
          NewlineScope scope(*this, false);
          if (!parse_directive(t, it)) return false;
          if (!close_sequence(t, it)) return false;
          items.push_back(std::move(it));
          break;
        }
        default:
          error(t.range, "Invalid template", "This token is not valid in a template.");
          return false;
      }
      line_start = false;
    }
  }

  bool close_sequence(const Token& open, TemplateItem& it) {
    const Token& close = peek();
    if (close.type != T::kTemplateSeqEnd) {
      error(close.range, "Extra characters after interpolation expression",
            "Expected a closing brace to end the interpolation expression, but found extra "
            "characters.");
      return false;
    }
    next();
    it.strip_after = close.bytes.size() == 2;
    it.range = between(open.range, close.range);
    return true;
  }

  bool parse_directive(const Token& open, TemplateItem& it) {
    const Token& kw = peek();
    if (kw.type != T::kIdent) {
      error(kw.range, "Invalid template directive",
            "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning of "
            "a %{ sequence.");
      return false;
    }
    next();
    if (kw.bytes == "if") {
      it.kind = TemplateItem::Kind::kIf;
      it.expr = parse_expression();
    } else if (kw.bytes == "else") {
      it.kind = TemplateItem::Kind::kElse;
    } else if (kw.bytes == "endif") {
      it.kind = TemplateItem::Kind::kEndIf;
    } else if (kw.bytes == "endfor") {
      it.kind = TemplateItem::Kind::kEndFor;
    } else if (kw.bytes == "for") {
      it.kind = TemplateItem::Kind::kFor;
      const Token& a = peek();
      if (a.type != T::kIdent) {
        error(a.range, "Invalid 'for' directive",
              "For directive requires variable name after 'for'.");
        return false;
      }
      next();
      it.value_var = std::string(a.bytes);
      if (peek().type == T::kComma) {
        next();
        const Token& b = peek();
        if (b.type != T::kIdent) {
          error(b.range, "Invalid 'for' directive", "Value variable name expected after comma.");
          return false;
        }
        next();
        it.key_var = it.value_var;
        it.value_var = std::string(b.bytes);
      }
      if (peek().type != T::kIdent || peek().bytes != "in") {
        error(peek().range, "Invalid 'for' directive",
              "For directive requires 'in' keyword after names.");
        return false;
      }
      next();
      it.expr = parse_expression();
    } else {
      error(kw.range, "Invalid template control keyword",
            "\"" + std::string(kw.bytes) +
                "\" is not a valid template control keyword. Did you mean \"if\", \"else\", "
                "\"endif\", \"for\" or \"endfor\"?");
      return false;
    }
    (void)open;
    return true;
  }

  static void apply_strips(std::vector<TemplateItem>& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].kind == TemplateItem::Kind::kLiteral) continue;
      if (items[i].strip_before && i > 0 && items[i - 1].kind == TemplateItem::Kind::kLiteral) {
        std::string& s = items[i - 1].text;
        while (!s.empty() && is_space(s.back())) s.pop_back();
      }
      if (items[i].strip_after && i + 1 < items.size() &&
          items[i + 1].kind == TemplateItem::Kind::kLiteral) {
        std::string& s = items[i + 1].text;
        std::size_t k = 0;
        while (k < s.size() && is_space(s[k])) ++k;
        s.erase(0, k);
        items[i + 1].line_start = false;
      }
    }
  }

  // `<<-`: removes the smallest indentation of the lines from every line.
  static void flush_heredoc(std::vector<TemplateItem>& items) {
    std::size_t min_indent = std::string::npos;
    bool any_line = false;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto& it = items[i];
      bool starts_line = it.kind == TemplateItem::Kind::kLiteral && it.line_start;
      if (!starts_line) {
        // A line that starts with an interpolation has no indentation to remove.
        if (i == 0 || (items[i - 1].kind == TemplateItem::Kind::kLiteral &&
                       !items[i - 1].text.empty() && items[i - 1].text.back() == '\n')) {
          if (it.kind != TemplateItem::Kind::kLiteral) min_indent = 0;
        }
        continue;
      }
      std::size_t k = 0;
      while (k < it.text.size() && it.text[k] == ' ') ++k;
      if (k == it.text.size() || it.text[k] == '\n' || it.text[k] == '\r') {
        // A blank line does not count unless content follows on it (an interpolation).
        if (k == it.text.size() && i + 1 < items.size()) {
          min_indent = std::min(min_indent, k);
          any_line = true;
        }
        continue;
      }
      min_indent = std::min(min_indent, k);
      any_line = true;
    }
    if (!any_line || min_indent == std::string::npos || min_indent == 0) return;
    for (auto& it : items) {
      if (it.kind != TemplateItem::Kind::kLiteral || !it.line_start) continue;
      std::size_t k = 0;
      while (k < it.text.size() && k < min_indent && it.text[k] == ' ') ++k;
      it.text.erase(0, k);
    }
  }

  ExprPtr build_template(std::vector<TemplateItem>& items, const SourceRange& range, bool unwrap) {
    apply_strips(items);
    if (unwrap && items.size() == 1 && items[0].kind == TemplateItem::Kind::kInterp) {
      auto w = make<TemplateWrapExpr>(range);
      w->wrapped = items[0].expr;
      return finish(w);
    }
    std::size_t i = 0;
    auto parts = build_parts(items, i, range);
    if (i < items.size()) {
      const auto& it = items[i];
      const char* what = it.kind == TemplateItem::Kind::kElse    ? "else"
                         : it.kind == TemplateItem::Kind::kEndIf ? "endif"
                                                                 : "endfor";
      error(it.range, std::string("Unexpected ") + what + " directive",
            std::string("The \"") + what + "\" directive does not match any open directive.");
    }
    auto t = make<TemplateExpr>(range);
    t->parts = std::move(parts);
    return finish(t);
  }

  // Parts up to (not including) an else/endif/endfor, or the end. Each nested if/for directive
  // recurses once, so the directive depth counts against the nesting bound like any other.
  std::vector<ExprPtr> build_parts(std::vector<TemplateItem>& items, std::size_t& i,
                                   const SourceRange& range) {
    std::vector<ExprPtr> parts;
    DepthGuard guard(*this);
    if (i < items.size() && too_deep(items[i].range)) {
      i = items.size();
      return parts;
    }
    while (i < items.size()) {
      TemplateItem& it = items[i];
      switch (it.kind) {
        case TemplateItem::Kind::kLiteral:
          if (!it.text.empty())
            parts.push_back(make_literal(value::Value::string(it.text), it.range));
          ++i;
          break;
        case TemplateItem::Kind::kInterp:
          parts.push_back(it.expr);
          ++i;
          break;
        case TemplateItem::Kind::kIf: {
          const TemplateItem& open = it;
          ++i;
          auto then_parts = build_parts(items, i, range);
          std::vector<ExprPtr> else_parts;
          SourceRange else_start = open.range;
          if (i < items.size() && items[i].kind == TemplateItem::Kind::kElse) {
            else_start = items[i].range;
            ++i;
            else_parts = build_parts(items, i, range);
          }
          if (i >= items.size() || items[i].kind != TemplateItem::Kind::kEndIf) {
            error(open.range, "Unterminated template if",
                  "The if directive at " + range_text(open.range) +
                      " is missing its corresponding endif directive.");
            i = items.size();
            return parts;
          }
          SourceRange end = items[i].range;
          ++i;
          auto t = make<TemplateExpr>(between(open.range, else_start));
          t->parts = std::move(then_parts);
          auto f = make<TemplateExpr>(between(else_start, end));
          f->parts = std::move(else_parts);
          auto c = make<ConditionalExpr>(between(open.range, end));
          c->condition = open.expr;
          c->true_result = finish(t);
          c->false_result = finish(f);
          parts.push_back(finish(c));
          break;
        }
        case TemplateItem::Kind::kFor: {
          const TemplateItem& open = it;
          ++i;
          auto body_parts = build_parts(items, i, range);
          if (i >= items.size() || items[i].kind != TemplateItem::Kind::kEndFor) {
            error(open.range, "Unterminated template for",
                  "The for directive at " + range_text(open.range) +
                      " is missing its corresponding endfor directive.");
            i = items.size();
            return parts;
          }
          SourceRange end = items[i].range;
          ++i;
          auto body = make<TemplateExpr>(between(open.range, end));
          body->parts = std::move(body_parts);
          auto f = make<ForExpr>(between(open.range, end));
          f->key_var = open.key_var;
          f->value_var = open.value_var;
          f->collection = open.expr;
          f->value = finish(body);
          f->open_range = open.range;
          f->close_range = end;
          auto j = make<TemplateJoinExpr>(between(open.range, end));
          j->tuple = finish(f);
          parts.push_back(finish(j));
          break;
        }
        default:
          return parts;
      }
    }
    return parts;
  }

  ExprPtr parse_quoted_template() {
    const Token& open = next();
    std::vector<TemplateItem> items;
    if (!collect_template_items(items, T::kCQuote, true)) {
      // Skip to the closing quote, if there is one on this line.
      for (;;) {
        const Token& t = peek_raw();
        if (t.type == T::kEOF || t.type == T::kNewline) break;
        ++pos_;
        if (t.type == T::kCQuote) break;
      }
      return invalid(between(open.range, previous().range));
    }
    return build_template(items, between(open.range, previous().range), true);
  }

  ExprPtr parse_heredoc() {
    const Token& open = next();
    bool flush = open.bytes.size() > 2 && open.bytes[2] == '-';
    std::vector<TemplateItem> items;
    if (!collect_template_items(items, T::kCHeredoc, false)) {
      pos_ = tokens_.size() - 1;
      return invalid(open.range);
    }
    if (flush) flush_heredoc(items);
    return build_template(items, between(open.range, previous().range), false);
  }

  std::string filename_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::vector<bool> newlines_;
  value::Diagnostics diags_;
  std::set<int> prereported_;
  // How often each kind of invalid token has been reported (see check_invalid).
  int told_bitwise_ = 0, told_exponent_ = 0, told_apostrophe_ = 0, told_backtick_ = 0;
  int told_semicolon_ = 0, told_tabs_ = 0, told_bad_utf8_ = 0;
  // The current run of adjacent invalid characters and its not yet added diagnostic.
  std::optional<Diagnostic> pending_invalid_;
  SourceRange pending_invalid_range_;
  SourceRange* invalid_run_ = nullptr;
  int invalid_run_end_ = -1;
  bool suppress_ = false;
  int depth_ = 0;
};

}  // namespace

value::Decoded<std::shared_ptr<File>> parse_config(std::string_view source, std::string filename) {
  auto file = std::make_shared<File>();
  file->filename = filename;
  file->source = std::make_shared<const std::string>(source);
  Parser p(lex(*file->source, filename), filename);
  file->body = p.parse_file();
  return {file, p.take_diagnostics()};
}

value::Decoded<ExprPtr> parse_expression(std::string_view source, std::string filename) {
  Parser p(lex(source, filename), filename);
  ExprPtr e = p.parse_whole_expression();
  return {e, p.take_diagnostics()};
}

value::Decoded<ExprPtr> parse_template(std::string_view source, std::string filename) {
  Parser p(lex(source, filename, LexMode::kTemplate), filename);
  ExprPtr e = p.parse_whole_template();
  return {e, p.take_diagnostics()};
}

value::Decoded<Traversal> parse_traversal(std::string_view source, std::string filename) {
  Parser p(lex(source, filename), filename);
  auto t = p.parse_whole_traversal();
  return {t.value_or(Traversal{}), p.take_diagnostics()};
}

}  // namespace fgform::hcl
