// The scanner of the HCL native syntax, written after hclsyntax's scan_tokens.rl: a stack of
// modes (main, quoted template, heredoc, bare template) plus a stack of brace depths, so that a
// `}` ends an interpolation only at the depth where its `${` opened it.
#include <cstdint>
#include <string>

#include "hcl/token.h"

namespace fgform::hcl {
namespace {

bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_ascii_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Length of the well-formed UTF-8 sequence at `i`, or 0 when the bytes there are broken.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    auto d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
  }
  // Overlong three/four byte forms and surrogates.
  auto c1 = static_cast<unsigned char>(s[i + 1]);
  if (c == 0xE0 && c1 < 0xA0) return 0;
  if (c == 0xED && c1 >= 0xA0) return 0;
  if (c == 0xF0 && c1 < 0x90) return 0;
  if (c == 0xF4 && c1 >= 0x90) return 0;
  return n;
}

// UAX #31 approximated: ASCII letters, '_' and any non-ASCII character except a few
// punctuation/space code points start an identifier.
bool non_ascii_letter(std::string_view s, std::size_t i, std::size_t n) {
  if (n < 2) return false;
  auto c0 = static_cast<unsigned char>(s[i]);
  auto c1 = static_cast<unsigned char>(s[i + 1]);
  if (c0 == 0xC2) return c1 == 0xAA || c1 == 0xB5 || c1 == 0xBA;  // only ª µ º in Latin-1 sup.
  if (c0 == 0xC3) return c1 != 0x97 && c1 != 0xB7;                // not × ÷
  if (c0 == 0xE2 && (c1 == 0x80 || c1 == 0x81)) return false;     // general punctuation, spaces
  if (c0 == 0xE3 && c1 == 0x80) {
    auto c2 = static_cast<unsigned char>(s[i + 2]);
    return c2 >= 0x85 && c2 != 0x80;  // ideographic space and CJK punctuation are not letters
  }
  if (c0 == 0xEF && c1 == 0xBB) return false;  // BOM / ZWNBSP
  return true;
}

class Lexer {
 public:
  Lexer(std::string_view src, std::string_view filename) : src_(src), filename_(filename) {}

  std::vector<Token> run(LexMode mode) {
    // A UTF-8 byte order mark is skipped, as hclsyntax does.
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") advance_to(3);
    modes_.push_back(mode == LexMode::kTemplate ? Mode::kBare : Mode::kMain);
    while (pos_ < src_.size()) {
      switch (modes_.back()) {
        case Mode::kMain:
          scan_main();
          break;
        case Mode::kQuoted:
          scan_quoted();
          break;
        case Mode::kHeredoc:
          scan_heredoc();
          break;
        case Mode::kBare:
          scan_bare();
          break;
      }
    }
    emit(TokenType::kEOF, pos_);
    return std::move(tokens_);
  }

 private:
  enum class Mode { kMain, kQuoted, kHeredoc, kBare };
  struct Heredoc {
    std::string_view marker;
    bool start_of_line = true;
  };

  // Moves the position (line, column) to byte `to`, counting characters, not bytes.
  void advance_to(std::size_t to) {
    while (pos_ < to) {
      auto c = static_cast<unsigned char>(src_[pos_]);
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column_;
      }
      ++pos_;
    }
  }

  void emit(TokenType type, std::size_t end) {
    Token t;
    t.type = type;
    t.bytes = src_.substr(pos_, end - pos_);
    t.range.filename = filename_;
    t.range.start = {line_, column_, static_cast<int>(pos_)};
    advance_to(end);
    t.range.end = {line_, column_, static_cast<int>(pos_)};
    tokens_.push_back(std::move(t));
  }

  char at(std::size_t i) const { return i < src_.size() ? src_[i] : '\0'; }

  void open_sequence(TokenType type) {
    std::size_t end = pos_ + 2;
    if (at(end) == '~') ++end;
    emit(type, end);
    ++braces_;
    ret_braces_.push_back(braces_);
    if (!heredocs_.empty()) heredocs_.back().start_of_line = false;
    modes_.push_back(Mode::kMain);
  }

  void close_brace(std::size_t len) {
    bool ends_sequence = !ret_braces_.empty() && ret_braces_.back() == braces_;
    // `~}` is always a sequence end, so that the parser reports a `~}` closing a plain brace.
    emit(ends_sequence || len == 2 ? TokenType::kTemplateSeqEnd : TokenType::kCBrace, pos_ + len);
    --braces_;
    if (ends_sequence) {
      ret_braces_.pop_back();
      if (modes_.size() > 1) modes_.pop_back();
    }
  }

  std::size_t ident_end(std::size_t i) const {
    while (i < src_.size()) {
      auto c = static_cast<unsigned char>(src_[i]);
      if (is_ascii_letter(c) || is_digit(c) || c == '_' || c == '-') {
        ++i;
      } else if (c >= 0x80) {
        std::size_t n = utf8_length(src_, i);
        if (n == 0 || !non_ascii_letter(src_, i, n)) break;
        i += n;
      } else {
        break;
      }
    }
    return i;
  }

  bool ident_start(std::size_t i) const {
    if (i >= src_.size()) return false;
    auto c = static_cast<unsigned char>(src_[i]);
    if (is_ascii_letter(c) || c == '_') return true;
    if (c < 0x80) return false;
    std::size_t n = utf8_length(src_, i);
    return n > 0 && non_ascii_letter(src_, i, n);
  }

  void scan_main() {
    auto c = static_cast<unsigned char>(src_[pos_]);
    if (c == ' ' || c == '\t') {
      // Spaces and tabs separate tokens (hclsyntax accepts both); kTabs is never produced.
      std::size_t e = pos_;
      while (e < src_.size() && (src_[e] == ' ' || src_[e] == '\t')) ++e;
      advance_to(e);
      return;
    }
    if (c == '\n') return emit(TokenType::kNewline, pos_ + 1);
    if (c == '\r') {
      if (at(pos_ + 1) == '\n') return emit(TokenType::kNewline, pos_ + 2);
      return emit(TokenType::kInvalid, pos_ + 1);
    }
    if (is_digit(c)) return scan_number();
    if (ident_start(pos_)) return emit(TokenType::kIdent, ident_end(pos_));
    if (c == '#' || (c == '/' && at(pos_ + 1) == '/')) {
      std::size_t e = src_.find('\n', pos_);
      return emit(TokenType::kComment, e == std::string_view::npos ? src_.size() : e + 1);
    }
    if (c == '/' && at(pos_ + 1) == '*') {
      // An unterminated comment runs to the end; the parser reports it.
      std::size_t e = src_.find("*/", pos_ + 2);
      return emit(TokenType::kComment, e == std::string_view::npos ? src_.size() : e + 2);
    }
    if (c == '"') {
      emit(TokenType::kOQuote, pos_ + 1);
      modes_.push_back(Mode::kQuoted);
      return;
    }
    if (c == '<' && at(pos_ + 1) == '<' && try_heredoc()) return;
    char n = at(pos_ + 1);
    auto two = [&](TokenType t) { emit(t, pos_ + 2); };
    auto one = [&](TokenType t) { emit(t, pos_ + 1); };
    switch (c) {
      case '{':
        ++braces_;
        return one(TokenType::kOBrace);
      case '}':
        return close_brace(1);
      case '~':
        if (n == '}') return close_brace(2);
        return one(TokenType::kBitwiseNot);
      case '[':
        return one(TokenType::kOBrack);
      case ']':
        return one(TokenType::kCBrack);
      case '(':
        return one(TokenType::kOParen);
      case ')':
        return one(TokenType::kCParen);
      case '.':
        if (n == '.' && at(pos_ + 2) == '.') return emit(TokenType::kEllipsis, pos_ + 3);
        return one(TokenType::kDot);
      case ',':
        return one(TokenType::kComma);
      case '*':
        if (n == '*') return two(TokenType::kStarStar);
        return one(TokenType::kStar);
      case '/':
        return one(TokenType::kSlash);
      case '%':
        return one(TokenType::kPercent);
      case '+':
        return one(TokenType::kPlus);
      case '-':
        return one(TokenType::kMinus);
      case '=':
        if (n == '=') return two(TokenType::kEqualOp);
        if (n == '>') return two(TokenType::kFatArrow);
        return one(TokenType::kEqual);
      case '!':
        if (n == '=') return two(TokenType::kNotEqual);
        return one(TokenType::kBang);
      case '<':
        if (n == '=') return two(TokenType::kLessThanEq);
        return one(TokenType::kLessThan);
      case '>':
        if (n == '=') return two(TokenType::kGreaterThanEq);
        return one(TokenType::kGreaterThan);
      case '&':
        if (n == '&') return two(TokenType::kAnd);
        return one(TokenType::kBitwiseAnd);
      case '|':
        if (n == '|') return two(TokenType::kOr);
        return one(TokenType::kBitwiseOr);
      case '?':
        return one(TokenType::kQuestion);
      case ':':
        if (n == ':') return two(TokenType::kDoubleColon);
        return one(TokenType::kColon);
      case '^':
        return one(TokenType::kBitwiseXor);
      case '\'':
        return one(TokenType::kApostrophe);
      case '`':
        return one(TokenType::kBacktick);
      case ';':
        return one(TokenType::kSemicolon);
      default:
        break;
    }
    std::size_t len = utf8_length(src_, pos_);
    if (len == 0) return emit(TokenType::kBadUTF8, pos_ + 1);
    emit(TokenType::kInvalid, pos_ + len);
  }

  // digit (digit | '.' | [eE][+-]?digit)* not ending in '.', as NumberLit in the scanner.
  void scan_number() {
    std::size_t e = pos_ + 1;
    std::size_t last_good = e;
    while (e < src_.size()) {
      char c = src_[e];
      if (is_digit(c)) {
        ++e;
        last_good = e;
      } else if (c == '.') {
        ++e;
      } else if ((c == 'e' || c == 'E') &&
                 (is_digit(at(e + 1)) ||
                  ((at(e + 1) == '+' || at(e + 1) == '-') && is_digit(at(e + 2))))) {
        e += is_digit(at(e + 1)) ? 2 : 3;
        last_good = e;
      } else {
        break;
      }
    }
    emit(TokenType::kNumberLit, last_good);
  }

  // `<<EOT\n` or `<<-EOT\n`; anything else is two less-than tokens.
  bool try_heredoc() {
    std::size_t i = pos_ + 2;
    if (at(i) == '-') ++i;
    if (!ident_start(i)) return false;
    std::size_t e = ident_end(i);
    std::size_t nl = e;
    if (at(nl) == '\r') ++nl;
    if (at(nl) != '\n') return false;
    heredocs_.push_back({src_.substr(i, e - i), true});
    emit(TokenType::kOHeredoc, nl + 1);
    modes_.push_back(Mode::kHeredoc);
    return true;
  }

  // Literal text up to (not including) the next `${`/`%{`; `$${` and `%%{` are escapes and stay
  // in the literal. Stops at `stop` characters too.
  std::size_t literal_end(std::size_t i, bool quoted) const {
    while (i < src_.size()) {
      char c = src_[i];
      if (c == '\n' || c == '\r') return i;
      if (quoted && c == '"') return i;
      if (c == '$' || c == '%') {
        if (at(i + 1) == '{') return i;
        if (at(i + 1) == c && at(i + 2) == '{') {
          i += 3;
          continue;
        }
        ++i;
        continue;
      }
      if (quoted && c == '\\') {
        if (at(i + 1) == '\n' || at(i + 1) == '\r' || i + 1 >= src_.size()) return i + 1;
        i += 1 + std::max<std::size_t>(1, utf8_length(src_, i + 1));
        continue;
      }
      auto u = static_cast<unsigned char>(c);
      if (u >= 0x80) {
        std::size_t n = utf8_length(src_, i);
        if (n == 0) return i;
        i += n;
        continue;
      }
      ++i;
    }
    return i;
  }

  bool at_sequence_start() const {
    char c = src_[pos_];
    return (c == '$' || c == '%') && at(pos_ + 1) == '{';
  }

  void scan_quoted() {
    char c = src_[pos_];
    if (c == '"') {
      emit(TokenType::kCQuote, pos_ + 1);
      modes_.pop_back();
      return;
    }
    if (at_sequence_start()) {
      return open_sequence(c == '$' ? TokenType::kTemplateInterp : TokenType::kTemplateControl);
    }
    if (c == '\n' || c == '\r') {
      std::size_t e = pos_;
      while (e < src_.size() && (src_[e] == '\n' || src_[e] == '\r')) ++e;
      return emit(TokenType::kQuotedNewline, e);
    }
    std::size_t e = literal_end(pos_, true);
    if (e == pos_) return emit(TokenType::kBadUTF8, pos_ + 1);
    emit(TokenType::kQuotedLit, e);
  }

  void scan_heredoc() {
    Heredoc& doc = heredocs_.back();
    if (doc.start_of_line) {
      // Is this line the closing marker (surrounded by optional spaces)?
      std::size_t nl = src_.find('\n', pos_);
      std::size_t line_end = nl == std::string_view::npos ? src_.size() : nl;
      std::string_view line = src_.substr(pos_, line_end - pos_);
      std::size_t b = line.find_first_not_of(" \t");
      std::size_t e = line.find_last_not_of(" \t\r");
      // As in hclsyntax, only a marker line ended by a newline closes the heredoc (at the very
      // end of the file it is literal text), and the token keeps the spaces around the marker.
      if (nl != std::string_view::npos && b != std::string_view::npos &&
          line.substr(b, e - b + 1) == doc.marker) {
        // The newline after the marker is left to the main mode: it ends the attribute.
        std::size_t end = line_end;
        if (end > pos_ && src_[end - 1] == '\r') --end;
        emit(TokenType::kCHeredoc, end);
        heredocs_.pop_back();
        modes_.pop_back();
        return;
      }
    }
    if (at_sequence_start()) {
      char c = src_[pos_];
      return open_sequence(c == '$' ? TokenType::kTemplateInterp : TokenType::kTemplateControl);
    }
    std::size_t e = literal_end(pos_, false);
    if (at(e) == '\r' && at(e + 1) == '\n') {
      e += 2;
      doc.start_of_line = true;
    } else if (at(e) == '\n') {
      e += 1;
      doc.start_of_line = true;
    } else if (at(e) == '\r') {
      e += 1;
      doc.start_of_line = false;
    } else {
      doc.start_of_line = false;
    }
    if (e == pos_) return emit(TokenType::kBadUTF8, pos_ + 1);
    emit(TokenType::kStringLit, e);
  }

  void scan_bare() {
    if (at_sequence_start()) {
      char c = src_[pos_];
      return open_sequence(c == '$' ? TokenType::kTemplateInterp : TokenType::kTemplateControl);
    }
    std::size_t e = literal_end(pos_, false);
    if (at(e) == '\r' && at(e + 1) == '\n') {
      e += 2;
    } else if (at(e) == '\n' || at(e) == '\r') {
      e += 1;
    }
    if (e == pos_) return emit(TokenType::kBadUTF8, pos_ + 1);
    emit(TokenType::kStringLit, e);
  }

  std::string_view src_;
  value::FileName filename_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int braces_ = 0;
  std::vector<int> ret_braces_;
  std::vector<Mode> modes_;
  std::vector<Heredoc> heredocs_;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> lex(std::string_view source, std::string_view filename, LexMode mode) {
  return Lexer(source, filename).run(mode);
}

}  // namespace fgform::hcl
