// The formatter works like hclwrite: tokens carry a count of spaces before them and only those
// counts change. Lines are split into three cells (lead, "= value" assignment, trailing comment);
// indentation comes from bracket nesting per line, spacing inside a cell from the kinds of
// neighbouring tokens, and assignment and comment cells of consecutive lines line up.
#include "fmt/format.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fmt/syntax.h"
#include "hcl/token.h"

namespace fgform::fmt {
namespace {

using hcl::TokenType;

struct WToken {
  TokenType type = TokenType::kInvalid;
  std::string bytes;
  int spaces = 0;
  // The gap before the token in the source (0 for a token a rewrite made): where the rules
  // join tokens that were apart and the join reads otherwise, the gap comes back.
  int source_spaces = 0;
};

using WTokens = std::vector<WToken>;

// ---------------------------------------------------------------------------------------------
// Columns

std::uint32_t decode(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + static_cast<std::size_t>(n) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) {
    auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((d & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (d & 0x3F);
  }
  i += static_cast<std::size_t>(n);
  return cp;
}

// Code points that never start a grapheme cluster of their own (combining marks, joiners,
// variation selectors, emoji modifiers). An approximation of UAX #29, enough for source text.
bool extends_cluster(std::uint32_t cp) {
  struct Range {
    std::uint32_t lo, hi;
  };
  static constexpr Range kRanges[] = {
      {0x0300, 0x036F},   {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x05BF, 0x05BF},
      {0x05C1, 0x05C2},   {0x05C4, 0x05C5}, {0x05C7, 0x05C7},   {0x0610, 0x061A},
      {0x064B, 0x065F},   {0x0670, 0x0670}, {0x06D6, 0x06DC},   {0x06DF, 0x06E4},
      {0x06E7, 0x06E8},   {0x06EA, 0x06ED}, {0x0900, 0x0903},   {0x093A, 0x093C},
      {0x093E, 0x094F},   {0x0951, 0x0957}, {0x0962, 0x0963},   {0x0981, 0x0983},
      {0x09BC, 0x09BC},   {0x09BE, 0x09CD}, {0x0E31, 0x0E31},   {0x0E34, 0x0E3A},
      {0x0E47, 0x0E4E},   {0x1160, 0x11FF}, {0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF},
      {0x200C, 0x200D},   {0x20D0, 0x20FF}, {0x302A, 0x302F},   {0x3099, 0x309A},
      {0xFE00, 0xFE0F},   {0xFE20, 0xFE2F}, {0x1F3FB, 0x1F3FF}, {0xE0020, 0xE007F},
      {0xE0100, 0xE01EF},
  };
  for (const auto& r : kRanges) {
    if (cp >= r.lo && cp <= r.hi) return true;
  }
  return false;
}

}  // namespace

int display_columns(std::string_view text) {
  int count = 0;
  std::uint32_t prev = 0;
  bool after_zwj = false;
  bool pending_regional = false;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = decode(text, i);
    bool regional = cp >= 0x1F1E6 && cp <= 0x1F1FF;
    bool extends = extends_cluster(cp) || (prev == '\r' && cp == '\n') ||
                   (after_zwj && cp >= 0x2000) || (regional && pending_regional);
    if (!extends) ++count;
    if (regional) {
      pending_regional = !(pending_regional && extends);
    } else {
      pending_regional = false;
    }
    after_zwj = cp == 0x200D;
    prev = cp;
  }
  return count;
}

namespace {

// ---------------------------------------------------------------------------------------------
// hclwrite's format

int bracket_change(TokenType t) {
  switch (t) {
    case TokenType::kOBrace:
    case TokenType::kOBrack:
    case TokenType::kOParen:
    case TokenType::kTemplateControl:
    case TokenType::kTemplateInterp:
      return 1;
    case TokenType::kCBrace:
    case TokenType::kCBrack:
    case TokenType::kCParen:
    case TokenType::kTemplateSeqEnd:
      return -1;
    default:
      return 0;
  }
}

bool is_newline(const WToken& t) {
  if (t.type == TokenType::kNewline) return true;
  return t.type == TokenType::kComment && !t.bytes.empty() && t.bytes.back() == '\n';
}

// A placeholder for "no token", like hclwrite's TokenNil.
const WToken kNil{TokenType::kEOF, "", 0};

bool space_after(const WToken& subject, const WToken& before, const WToken& after) {
  TokenType s = subject.type;
  TokenType a = after.type;
  if (a == TokenType::kNewline || &after == &kNil) return false;
  if (s == TokenType::kIdent && a == TokenType::kOParen) return false;
  if ((s == TokenType::kIdent && a == TokenType::kDoubleColon) ||
      (s == TokenType::kDoubleColon && a == TokenType::kIdent)) {
    return false;
  }
  // A number then a dot apart in the source (`2 .E5`, an attribute of 2) may lex as one number
  // when joined (`2.E5`), so they stay apart where hclwrite would join them. (`x.0.y` was never
  // apart: the lexer already split it, and it stays as written.)
  if (s == TokenType::kNumberLit && a == TokenType::kDot && after.spaces > 0) return true;
  // The mirror case: in `1.5. 007` the dot and the `007` were apart, and joined (`1.5.007`) the
  // lexer reads a different number. Only after a number, so `var.x. 0` still becomes `var.x.0`.
  if (s == TokenType::kDot && a == TokenType::kNumberLit && after.spaces > 0 &&
      before.type == TokenType::kNumberLit && &before != &kNil) {
    return true;
  }
  if (s == TokenType::kDot || a == TokenType::kDot) return false;
  if (a == TokenType::kComma || a == TokenType::kEllipsis) return false;
  if (s == TokenType::kComma) return true;
  if (s == TokenType::kQuotedLit || s == TokenType::kStringLit || s == TokenType::kOQuote ||
      s == TokenType::kOHeredoc || a == TokenType::kQuotedLit || a == TokenType::kStringLit ||
      a == TokenType::kCQuote || a == TokenType::kCHeredoc) {
    return false;  // no extra spaces within templates
  }
  if (s == TokenType::kIdent && subject.bytes == "in" && before.type == TokenType::kIdent &&
      &before != &kNil) {
    return true;  // `for x in [foo]`, not `in[foo]`
  }
  if (a == TokenType::kOBrack &&
      (s == TokenType::kIdent || s == TokenType::kNumberLit || bracket_change(s) < 0)) {
    return false;
  }
  if (s == TokenType::kBang) return false;
  if (s == TokenType::kMinus) {
    // Negation when the token before cannot end an expression.
    if (&before == &kNil) return false;
    switch (before.type) {
      case TokenType::kOParen:
      case TokenType::kOBrace:
      case TokenType::kOBrack:
      case TokenType::kEqual:
      case TokenType::kColon:
      case TokenType::kComma:
      case TokenType::kQuestion:
      case TokenType::kPlus:
      case TokenType::kStar:
      case TokenType::kSlash:
      case TokenType::kPercent:
      case TokenType::kMinus:
      case TokenType::kEqualOp:
      case TokenType::kNotEqual:
      case TokenType::kGreaterThan:
      case TokenType::kGreaterThanEq:
      case TokenType::kLessThan:
      case TokenType::kLessThanEq:
      case TokenType::kAnd:
      case TokenType::kOr:
      case TokenType::kBang:
        return false;
      default:
        return true;
    }
  }
  if (s == TokenType::kOBrace || a == TokenType::kCBrace) {
    return !(s == TokenType::kOBrace && a == TokenType::kCBrace);
  }
  if ((s == TokenType::kTemplateInterp || s == TokenType::kTemplateControl) &&
      a == TokenType::kOBrace) {
    return true;
  }
  if (s == TokenType::kCBrace && a == TokenType::kTemplateSeqEnd) return true;
  if (s == TokenType::kTemplateSeqEnd &&
      (a == TokenType::kTemplateInterp || a == TokenType::kTemplateControl)) {
    return false;
  }
  if (bracket_change(s) > 0) return false;
  if (bracket_change(a) < 0) return false;
  return true;
}

struct Cell {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool present = false;
  std::size_t size() const { return end - begin; }
};

struct Line {
  Cell lead, assign, comment;
};

int columns(const WTokens& toks, const Cell& c) {
  int n = 0;
  for (std::size_t i = c.begin; i < c.end; ++i)
    n += toks[i].spaces + display_columns(toks[i].bytes);
  return n;
}

std::vector<Line> lines_for_format(const WTokens& toks) {
  std::vector<Line> lines;
  std::size_t start = 0;
  bool ended = false;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].type == TokenType::kEOF) {
      lines.push_back({{start, i, true}, {}, {}});
      ended = true;
      break;
    }
    if (is_newline(toks[i])) {
      lines.push_back({{start, i + 1, true}, {}, {}});
      start = i + 1;
    }
  }
  if (!ended && start < toks.size()) lines.push_back({{start, toks.size(), true}, {}, {}});

  for (Line& line : lines) {
    if (line.lead.size() == 0) continue;
    if (line.lead.size() > 1 && toks[line.lead.end - 1].type == TokenType::kComment) {
      line.comment = {line.lead.end - 1, line.lead.end, true};
      line.lead.end -= 1;
    }
    for (std::size_t i = line.lead.begin + 1; i < line.lead.end; ++i) {
      if (toks[i].type != TokenType::kEqual) continue;
      // Only a whole expression goes to the assign cell; an opening bracket left open means
      // a multi-line value whose first line must not be aligned.
      int net = 0;
      for (std::size_t k = i; k < line.lead.end; ++k) net += bracket_change(toks[k].type);
      if (net == 0) {
        line.assign = {i, line.lead.end, true};
        line.lead.end = i;
      }
      break;
    }
  }
  return lines;
}

void format_indent(WTokens& toks, std::vector<Line>& lines) {
  std::vector<int> indents;
  for (Line& line : lines) {
    if (line.lead.size() == 0) continue;
    WToken& first = toks[line.lead.begin];
    if (first.type == TokenType::kNewline) {
      first.spaces = 0;
      continue;
    }
    int net = 0;
    for (std::size_t i = line.lead.begin; i < line.lead.end; ++i) {
      net += bracket_change(toks[i].type);
      if (toks[i].type == TokenType::kOHeredoc) break;
    }
    if (line.assign.present) {
      for (std::size_t i = line.assign.begin; i < line.assign.end; ++i) {
        net += bracket_change(toks[i].type);
      }
    }
    if (net > 0) {
      first.spaces = 2 * static_cast<int>(indents.size());
      indents.push_back(net);
    } else if (net < 0) {
      int closed = -net;
      while (closed > 0 && !indents.empty()) {
        if (closed > indents.back()) {
          closed -= indents.back();
          indents.pop_back();
        } else if (closed < indents.back()) {
          indents.back() -= closed;
          closed = 0;
        } else {
          indents.pop_back();
          closed = 0;
        }
      }
      first.spaces = 2 * static_cast<int>(indents.size());
    } else {
      first.spaces = 2 * static_cast<int>(indents.size());
    }
  }
}

void format_cell_spaces(WTokens& toks, const Cell& cell, bool is_assign) {
  for (std::size_t i = cell.begin; i < cell.end; ++i) {
    if (is_assign && i == cell.begin) toks[i].spaces = 1;
    if (i + 1 >= cell.end) continue;
    const WToken& before = i > cell.begin ? toks[i - 1] : kNil;
    toks[i + 1].spaces = space_after(toks[i], before, toks[i + 1]) ? 1 : 0;
  }
}

void format_spaces(WTokens& toks, const std::vector<Line>& lines) {
  for (const Line& line : lines) {
    format_cell_spaces(toks, line.lead, false);
    if (line.assign.present) format_cell_spaces(toks, line.assign, true);
  }
}

void format_cells(WTokens& toks, const std::vector<Line>& lines) {
  // Assignments first: moving them moves the comments after them.
  auto align = [&](bool comments) {
    std::size_t chain_start = 0;
    bool in_chain = false;
    int max_columns = 0;
    auto width = [&](const Line& l) {
      return comments ? columns(toks, l.lead) + columns(toks, l.assign) : columns(toks, l.lead);
    };
    auto close = [&](std::size_t end) {
      for (std::size_t k = chain_start; k < end; ++k) {
        const Line& l = lines[k];
        std::size_t target = comments ? l.comment.begin : l.assign.begin;
        toks[target].spaces = max_columns - width(l) + 1;
      }
      in_chain = false;
      max_columns = 0;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
      bool has = comments ? lines[i].comment.present : lines[i].assign.present;
      if (!has) {
        if (in_chain) close(i);
        continue;
      }
      if (!in_chain) {
        in_chain = true;
        chain_start = i;
      }
      max_columns = std::max(max_columns, width(lines[i]));
    }
    if (in_chain) close(lines.size());
  };
  align(false);
  align(true);
}

void format_tokens(WTokens& toks) {
  std::vector<Line> lines = lines_for_format(toks);
  format_indent(toks, lines);
  format_spaces(toks, lines);
  format_cells(toks, lines);
}

std::string write_tokens(const WTokens& toks) {
  std::string out;
  for (const WToken& t : toks) {
    if (t.spaces > 0) out.append(static_cast<std::size_t>(t.spaces), ' ');
    out += t.bytes;
  }
  return out;
}

// Writer tokens from lexer tokens: spaces are the byte gaps between them (hclwrite assumes the
// gaps hold only spaces; tabs count one each, which matters only before the end of file).
WTokens writer_tokens(const std::vector<hcl::Token>& toks, std::string_view source) {
  WTokens out;
  out.reserve(toks.size());
  int prev_end = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const hcl::Token& t = toks[i];
    const int gap = t.range.start.byte - prev_end;
    WToken w{t.type, std::string(t.bytes), gap, gap};
    prev_end = t.range.end.byte;
    // hclsyntax's closing heredoc marker token runs to the end of its line, trailing spaces
    // included; our lexer stops at the marker, so take the spaces back here.
    if (t.type == TokenType::kCHeredoc) {
      auto end = static_cast<std::size_t>(t.range.end.byte);
      std::size_t e = end;
      while (e < source.size() && (source[e] == ' ' || source[e] == '\t')) ++e;
      if (e > end && (e == source.size() || source[e] == '\n' || source[e] == '\r')) {
        w.bytes.append(source.substr(end, e - end));
        prev_end = static_cast<int>(e);
      }
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<hcl::Token> lex_without_tabs(std::string_view source, std::string_view filename) {
  std::vector<hcl::Token> toks = hcl::lex(source, filename);
  std::erase_if(toks, [](const hcl::Token& t) { return t.type == TokenType::kTabs; });
  return toks;
}

// ---------------------------------------------------------------------------------------------
// Terraform's rewrites (internal/command/fmt.go)

WToken make_token(TokenType type, std::string bytes) {
  return WToken{type, std::move(bytes), 0, 0};
}

// Like hclwrite's escapeQuotedStringLit: the quoted form TokensForValue gives a string.
std::string escape_quoted(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    std::uint32_t cp = decode(s, i);
    switch (cp) {
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '$':
      case '%':
        out += static_cast<char>(cp);
        if (i < s.size() && s[i] == '{') out += static_cast<char>(cp);
        continue;
      default:
        break;
    }
    bool printable = cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && cp != 0xFFFD &&
                     !(cp >= 0x2028 && cp <= 0x2029) && !(cp >= 0x200B && cp <= 0x200F) &&
                     cp != 0xFEFF && !(cp >= 0xE000 && cp <= 0xF8FF);
    if (printable) {
      out.append(s.substr(at, i - at));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      int digits = cp < 0x10000 ? 4 : 8;
      out += cp < 0x10000 ? "\\u" : "\\U";
      for (int k = digits - 1; k >= 0; --k) out += kHex[(cp >> (4 * k)) & 0xF];
    }
  }
  return out;
}

// "${expr}" becomes expr (parenthesised when it spans lines); anything else stays.
bool unwrap_interpolation(const WTokens& in, WTokens& out) {
  std::size_t n = in.size();
  if (n < 5) return false;
  if (in[0].type != TokenType::kOQuote || in[1].type != TokenType::kTemplateInterp ||
      in[n - 2].type != TokenType::kTemplateSeqEnd || in[n - 1].type != TokenType::kCQuote) {
    return false;
  }
  int quotes = 0;
  for (std::size_t i = 2; i < n - 2; ++i) {
    TokenType t = in[i].type;
    if (t == TokenType::kOQuote) {
      ++quotes;
      continue;
    }
    if (t == TokenType::kCQuote) {
      --quotes;
      continue;
    }
    if (quotes > 0) continue;
    if (t == TokenType::kTemplateInterp || t == TokenType::kTemplateSeqEnd) return false;
    if (t == TokenType::kQuotedLit) return false;
  }
  std::size_t b = 2, e = n - 2;
  while (b < e && in[b].type == TokenType::kNewline) ++b;
  while (e > b && in[e - 1].type == TokenType::kNewline) --e;
  bool multi_line = false, leading_paren = false, trailing_paren = false;
  for (std::size_t i = b; i < e; ++i) {
    if (i == b && in[i].type == TokenType::kOParen) {
      leading_paren = true;
    } else if (in[i].type == TokenType::kNewline) {
      multi_line = true;
    } else if (i == e - 1 && in[i].type == TokenType::kCParen) {
      trailing_paren = true;
    }
  }
  out.clear();
  bool wrap = multi_line && !(leading_paren && trailing_paren);
  if (wrap) out.push_back(make_token(TokenType::kOParen, "("));
  out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(b),
             in.begin() + static_cast<std::ptrdiff_t>(e));
  if (wrap) out.push_back(make_token(TokenType::kCParen, ")"));
  return true;
}

// `type = list` becomes list(any); Terraform 0.11's `type = "string"` becomes string, etc.
bool rewrite_type(const WTokens& in, WTokens& out) {
  auto collection = [&](std::string kind, std::string element) {
    out = {make_token(TokenType::kIdent, std::move(kind)), make_token(TokenType::kOParen, "("),
           make_token(TokenType::kIdent, std::move(element)), make_token(TokenType::kCParen, ")")};
    return true;
  };
  if (in.size() == 1) {
    if (in[0].type != TokenType::kIdent) return false;
    const std::string& kw = in[0].bytes;
    if (kw == "list" || kw == "map" || kw == "set") return collection(kw, "any");
    return false;
  }
  if (in.size() == 3) {
    if (in[0].type != TokenType::kOQuote || in[1].type != TokenType::kQuotedLit ||
        in[2].type != TokenType::kCQuote) {
      return false;
    }
    const std::string& kw = in[1].bytes;
    if (kw == "string") {
      out = {make_token(TokenType::kIdent, "string")};
      return true;
    }
    if (kw == "list" || kw == "map") return collection(kw, "string");
  }
  return false;
}

struct Edit {
  std::size_t begin = 0;
  std::size_t end = 0;
  WTokens tokens;
};

void collect_edits(const SyntaxBody& body, const WTokens& toks, std::vector<std::string>& path,
                   std::vector<Edit>& edits) {
  for (const SyntaxAttribute& attr : body.attributes) {
    if (attr.expr_end <= attr.expr_begin || attr.expr_end > toks.size()) continue;
    WTokens expr(toks.begin() + static_cast<std::ptrdiff_t>(attr.expr_begin),
                 toks.begin() + static_cast<std::ptrdiff_t>(attr.expr_end));
    WTokens replaced;
    bool is_type = path.size() == 1 && path[0] == "variable" && toks[attr.name].bytes == "type";
    bool changed = is_type ? rewrite_type(expr, replaced) : unwrap_interpolation(expr, replaced);
    if (changed) edits.push_back({attr.expr_begin, attr.expr_end, std::move(replaced)});
  }
  for (const SyntaxBlock& block : body.blocks) {
    if (!block.labels.empty() && block.labels_end > block.type + 1) {
      // hclwrite's SetLabels: every label quoted, and whatever sat between the type and the
      // last label (comments) dropped.
      Edit e{block.type + 1, block.labels_end, {}};
      for (const std::string& label : block.labels) {
        e.tokens.push_back(make_token(TokenType::kOQuote, "\""));
        e.tokens.push_back(make_token(TokenType::kQuotedLit, escape_quoted(label)));
        e.tokens.push_back(make_token(TokenType::kCQuote, "\""));
      }
      edits.push_back(std::move(e));
    }
    path.push_back(toks[block.type].bytes);
    if (!block.body.empty()) collect_edits(block.body.front(), toks, path, edits);
    path.pop_back();
  }
}

WTokens apply_edits(WTokens toks, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  WTokens out;
  out.reserve(toks.size());
  std::size_t pos = 0;
  for (Edit& e : edits) {
    if (e.begin < pos) continue;  // overlapping edits cannot happen; be safe anyway
    for (; pos < e.begin; ++pos) out.push_back(std::move(toks[pos]));
    for (WToken& t : e.tokens) out.push_back(std::move(t));
    pos = e.end;
  }
  for (; pos < toks.size(); ++pos) out.push_back(std::move(toks[pos]));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The output must read as the tokens it was written from

// A token as the parser reads it, and the index of the (first) writer token it came from.
struct Lexeme {
  TokenType type = TokenType::kInvalid;
  std::string bytes;
  std::size_t index = 0;
};

// Writer tokens as the parser reads them. The lexer may cut one literal in pieces where a
// rewrite made it whole (a quoted label with escapes), and a rewrite may make a zero-width
// literal (the empty label `""`) that the lexer never emits; neither changes the text's meaning,
// so a run of literal pieces is one lexeme and an empty token none.
std::vector<Lexeme> lexemes(const WTokens& toks) {
  std::vector<Lexeme> out;
  out.reserve(toks.size());
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const WToken& t = toks[i];
    if (t.bytes.empty() && t.type != TokenType::kEOF) continue;
    const bool literal = t.type == TokenType::kQuotedLit || t.type == TokenType::kStringLit;
    if (literal && t.spaces == 0 && !out.empty() && out.back().type == t.type) {
      out.back().bytes += t.bytes;
      continue;
    }
    out.push_back({t.type, t.bytes, i});
  }
  return out;
}

// The index in `toks` of the first token the written text lexes differently from (type or
// bytes), or none when it lexes back to them.
std::optional<std::size_t> first_relexed_difference(const WTokens& toks, std::string_view text) {
  const std::vector<Lexeme> want = lexemes(toks);
  const std::vector<Lexeme> got =
      lexemes(writer_tokens(lex_without_tabs(text, "<formatted>"), text));
  const std::size_t n = std::min(want.size(), got.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (want[i].type != got[i].type || want[i].bytes != got[i].bytes) return want[i].index;
  }
  if (want.size() != got.size()) return n < want.size() ? want[n].index : toks.size();
  return std::nullopt;
}

// hclwrite's rules join some tokens that were apart in the source, and a join can lex as
// something else: `5. e5` (an attribute `e5` of 5) joined is `5.e5`, one number. The fuzzer
// found three such pairs in turn; rather than a rule per pair, the written text is lexed again,
// and where it reads otherwise the source's gap comes back (one space) at the first join after
// the token that changed. A merge spans at most three tokens (a number, a dot, a number or an
// exponent), so the join is among the next two. Returns the text, or none if it cannot be
// made to lex back (the caller then keeps the source as it is).
std::optional<std::string> write_relexing_tokens(WTokens& toks) {
  // Each round puts back one gap; real files need none, and a hostile one cannot loop long.
  constexpr int kMaxRepairs = 256;
  std::string text = write_tokens(toks);
  for (int round = 0; round <= kMaxRepairs; ++round) {
    const std::optional<std::size_t> diff = first_relexed_difference(toks, text);
    if (!diff) return text;
    bool repaired = false;
    for (std::size_t j = *diff + 1; j <= *diff + 2 && j < toks.size() && !repaired; ++j) {
      if (toks[j].spaces == 0 && toks[j].source_spaces > 0) {
        toks[j].spaces = 1;
        repaired = true;
      }
    }
    if (!repaired) return std::nullopt;
    text = write_tokens(toks);
  }
  return std::nullopt;
}

}  // namespace

FormatResult format(std::string_view source, std::string_view filename) {
  FormatResult result;
  try {
    std::vector<hcl::Token> toks = lex_without_tabs(source, filename);
    SyntaxResult syntax = check_syntax(toks, filename);
    if (syntax.diagnostics.has_errors()) {
      result.output = std::string(source);
      result.diagnostics = std::move(syntax.diagnostics);
      result.error_context = std::move(syntax.context);
      return result;
    }
    WTokens wtoks = writer_tokens(toks, source);
    std::vector<Edit> edits;
    std::vector<std::string> path;
    collect_edits(syntax.body, wtoks, path, edits);
    wtoks = apply_edits(std::move(wtoks), std::move(edits));
    format_tokens(wtoks);
    std::optional<std::string> text = write_relexing_tokens(wtoks);
    if (!text) {
      result.output = std::string(source);
      result.diagnostics.add(value::Diagnostic::error(
          std::string(kFormatChangesMeaning),
          "Formatting this file would change how it reads, so it is left as it is. This is a "
          "bug in fgform fmt: please report it with the file."));
      return result;
    }
    result.output = std::move(*text);
  } catch (const std::exception& e) {
    result.output = std::string(source);
    result.diagnostics.add(value::Diagnostic::error("Failed to format", e.what()));
  }
  return result;
}

std::string format_tokens_only(std::string_view source) {
  try {
    WTokens wtoks = writer_tokens(lex_without_tabs(source, "<input>"), source);
    format_tokens(wtoks);
    return write_tokens(wtoks);
  } catch (const std::exception&) {
    return std::string(source);
  }
}

}  // namespace fgform::fmt
