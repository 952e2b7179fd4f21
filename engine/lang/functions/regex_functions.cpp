// regex, regexall and replace with a /pattern/: Terraform's patterns are Go regexp syntax, which
// is RE2's, so they run on RE2. RE2 matches in time linear in the input and never recurses on
// it: std::regex (the earlier engine) backtracked, so "(a|a)*b" took seconds on 40 characters
// and a 200 KB input overflowed the stack.
//
// What Go adds on top of the engine is reproduced here: the (?<name>...) group spelling (Go
// 1.22; this RE2 release knows only (?P<name>...)), the error texts, the way FindAll and
// ReplaceAll step over empty matches, and Expand's $1 / ${name} templates.
#include <re2/re2.h>

#include <map>
#include <memory>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

struct Compiled {
  std::unique_ptr<RE2> re;
  std::vector<std::string> names;  // per capture group, in order; empty for an unnamed one
};

// Go's regexp/syntax error, as its two parts.
struct SyntaxError {
  std::string code;  // "missing closing )"
  std::string expr;  // the part of the pattern it is about
};

// Go's ErrorCode texts for RE2's codes (the two libraries share the grammar and the checks).
std::string go_error_text(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "regexp/syntax: internal error";
  }
}

// Rewrites Go's (?<name> to (?P<name>, outside character classes and escapes.
std::string with_p_named_groups(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out += c;
      out += p[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ']' straight after '[' or '[^' is a literal member, not the end of the class.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == '(' && p.compare(i, 3, "(?<") == 0 && i + 3 < p.size() && p[i + 3] != '=' &&
        p[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

std::variant<Compiled, SyntaxError> compile(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(with_p_named_groups(pattern), options);
  if (!re->ok()) {
    std::string expr = re->error_arg().empty() ? pattern : re->error_arg();
    return SyntaxError{go_error_text(re->error_code()), std::move(expr)};
  }
  Compiled c;
  c.names.resize(static_cast<std::size_t>(re->NumberOfCapturingGroups()));
  for (const auto& [index, name] : re->CapturingGroupNames()) {
    c.names[static_cast<std::size_t>(index - 1)] = name;
  }
  c.re = std::move(re);
  return c;
}

// Byte offsets of a match: [start, end) of the whole match, then of each group (-1 when the
// group took no part in it), as Go's FindStringSubmatchIndex returns them.
using MatchIndex = std::vector<std::ptrdiff_t>;

std::optional<MatchIndex> match_at(const Compiled& c, std::string_view text, std::size_t pos) {
  const std::size_t groups = c.names.size() + 1;
  std::vector<re2::StringPiece> sub(groups);
  if (!c.re->Match(re2::StringPiece(text.data(), text.size()), pos, text.size(), RE2::UNANCHORED,
                   sub.data(), static_cast<int>(groups))) {
    return std::nullopt;
  }
  MatchIndex m;
  m.reserve(groups * 2);
  for (const auto& s : sub) {
    if (s.data() == nullptr) {
      m.push_back(-1);
      m.push_back(-1);
    } else {
      m.push_back(s.data() - text.data());
      m.push_back(s.data() - text.data() + static_cast<std::ptrdiff_t>(s.size()));
    }
  }
  return m;
}

// The width of the character at `pos` (1 for a byte that starts no valid sequence; 0 at the end).
std::size_t char_width(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  return utf8_chars(s.substr(pos, 4)).front().size();
}

// Go's FindAllStringSubmatchIndex: non-overlapping matches left to right; an empty match right
// after the previous match is skipped, and the search always moves on by a character.
std::vector<MatchIndex> find_all(const Compiled& c, std::string_view text) {
  std::vector<MatchIndex> out;
  std::ptrdiff_t previous_end = -1;
  for (std::size_t pos = 0; pos <= text.size();) {
    auto m = match_at(c, text, pos);
    if (!m) break;
    bool accept = true;
    if ((*m)[1] == static_cast<std::ptrdiff_t>(pos)) {
      if ((*m)[0] == previous_end) accept = false;
      const std::size_t w = char_width(text, pos);
      pos += w == 0 ? 1 : w;
    } else {
      pos = static_cast<std::size_t>((*m)[1]);
    }
    previous_end = (*m)[1];
    if (accept) out.push_back(std::move(*m));
  }
  return out;
}

bool is_name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

// Go's Regexp.Expand: $1, ${1}, $name, ${name} and $$; a name is the longest run of letters,
// digits and underscores, a group that did not take part expands to nothing, and a malformed
// reference leaves the '$' as it is.
void expand(std::string& out, std::string_view tmpl, const Compiled& c, std::string_view src,
            const MatchIndex& m) {
  for (std::size_t i = 0; i < tmpl.size();) {
    const std::size_t dollar = tmpl.find('$', i);
    if (dollar == std::string_view::npos) {
      out.append(tmpl.substr(i));
      return;
    }
    out.append(tmpl.substr(i, dollar - i));
    i = dollar + 1;
    if (i < tmpl.size() && tmpl[i] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    std::size_t rest = i;
    if (i < tmpl.size() && tmpl[i] == '{') {
      std::size_t k = i + 1;
      while (k < tmpl.size() && is_name_char(tmpl[k])) ++k;
      if (k > i + 1 && k < tmpl.size() && tmpl[k] == '}') {
        name = tmpl.substr(i + 1, k - i - 1);
        rest = k + 1;
      }
    } else {
      std::size_t k = i;
      while (k < tmpl.size() && is_name_char(tmpl[k])) ++k;
      name = tmpl.substr(i, k - i);
      rest = k;
    }
    if (name.empty()) {
      out += '$';
      continue;
    }
    i = rest;
    // A number (no leading zero, below 1e8 as in Go) names a group by index.
    long num = 0;
    for (char ch : name) {
      if (ch < '0' || ch > '9' || num >= 100000000) {
        num = -1;
        break;
      }
      num = num * 10 + (ch - '0');
    }
    if (name.size() > 1 && name[0] == '0') num = -1;
    auto append_group = [&](std::size_t g) {
      if (2 * g + 1 < m.size() && m[2 * g] >= 0) {
        out.append(src.substr(static_cast<std::size_t>(m[2 * g]),
                              static_cast<std::size_t>(m[2 * g + 1] - m[2 * g])));
      }
    };
    if (num >= 0) {
      append_group(static_cast<std::size_t>(num));
      continue;
    }
    for (std::size_t g = 0; g < c.names.size(); ++g) {
      if (c.names[g] == name) {
        append_group(g + 1);
        break;
      }
    }
  }
}

// The result type of regex() for a pattern: a string without groups, a tuple of strings for
// unnamed groups, an object of strings for named ones (cty's regexPatternResultType).
std::variant<Type, std::string> result_type(const Compiled& c) {
  std::size_t named = 0;
  for (const auto& n : c.names) named += n.empty() ? 0 : 1;
  if (c.names.empty()) return Type::string();
  if (named > 0 && named != c.names.size()) {
    return std::string("invalid regexp pattern: cannot mix both named and unnamed capture groups");
  }
  if (named == 0) return Type::tuple(std::vector<Type>(c.names.size(), Type::string()));
  std::map<std::string, Type> attrs;
  for (const auto& n : c.names) attrs.emplace(n, Type::string());
  return Type::object(std::move(attrs));
}

Value match_value(const Compiled& c, std::string_view s, const MatchIndex& m, const Type& type) {
  auto span = [&](std::size_t g) {
    return std::string(s.substr(static_cast<std::size_t>(m[2 * g]),
                                static_cast<std::size_t>(m[2 * g + 1] - m[2 * g])));
  };
  if (type.kind() == Type::Kind::kString) return Value::string(span(0));
  auto group = [&](std::size_t g) {
    return m[2 * g] >= 0 ? Value::string(span(g)) : Value::null(Type::string());
  };
  if (type.kind() == Type::Kind::kTuple) {
    Value::Elements items;
    for (std::size_t g = 1; g <= c.names.size(); ++g) items.push_back(group(g));
    return Value::tuple(std::move(items));
  }
  Value::Entries attrs;
  for (std::size_t g = 1; g <= c.names.size(); ++g) attrs.emplace(c.names[g - 1], group(g));
  return Value::object(std::move(attrs));
}

// The pattern compiled and its result type, or cty's argument error.
std::variant<std::pair<Compiled, Type>, FunctionError> prepare(const std::string& pattern) {
  auto compiled = compile(pattern);
  if (auto* e = std::get_if<SyntaxError>(&compiled)) {
    return error("invalid regexp pattern: " + e->code + " in " + e->expr, 0);
  }
  auto& c = std::get<Compiled>(compiled);
  auto type = result_type(c);
  if (auto* e = std::get_if<std::string>(&type)) return error(*e, 0);
  return std::pair{std::move(c), std::get<Type>(type)};
}

Function regex_function(bool all) {
  Function f;
  f.params = {param("pattern", Type::string()), param("string", Type::string())};
  f.return_type = [all](const Args& args) -> TypeResult {
    if (!args[0].is_known()) return all ? Type::list(Type::dynamic()) : Type::dynamic();
    auto p = prepare(args[0].as_string());
    if (auto* e = std::get_if<FunctionError>(&p)) return *e;
    const Type& t = std::get<0>(p).second;
    return all ? Type::list(t) : t;
  };
  f.impl = [all](const Args& args) -> Result {
    auto p = prepare(args[0].as_string());
    if (auto* e = std::get_if<FunctionError>(&p)) return *e;
    const auto& [c, type] = std::get<0>(p);
    const std::string& s = args[1].as_string();
    if (!all) {
      auto m = match_at(c, s, 0);
      if (!m) return error("pattern did not match any part of the given string");
      return match_value(c, s, *m, type);
    }
    Value::Elements items;
    for (const auto& m : find_all(c, s)) items.push_back(match_value(c, s, m, type));
    return Value::list(type, std::move(items));
  };
  return f;
}

}  // namespace

std::variant<std::string, std::string> regex_replace(const std::string& str,
                                                     const std::string& pattern,
                                                     const std::string& replacement) {
  auto compiled = compile(pattern);
  if (auto* e = std::get_if<SyntaxError>(&compiled)) {
    // Terraform passes Go's compile error through as it is.
    return std::variant<std::string, std::string>(
        std::in_place_index<1>, "error parsing regexp: " + e->code + ": `" + e->expr + "`");
  }
  const auto& c = std::get<Compiled>(compiled);
  // Go's Regexp.ReplaceAllString: no replacement for an empty match right after a match, and
  // the search always moves on by at least a character.
  std::string out;
  std::size_t last_end = 0;
  for (std::size_t pos = 0; pos <= str.size();) {
    auto m = match_at(c, str, pos);
    if (!m) break;
    const auto start = static_cast<std::size_t>((*m)[0]);
    const auto end = static_cast<std::size_t>((*m)[1]);
    out.append(str, last_end, start - last_end);
    if (end > last_end || start == 0) expand(out, replacement, c, str, *m);
    last_end = end;
    const std::size_t w = char_width(str, pos);
    if (pos + w > end) {
      pos += w;
    } else if (pos + 1 > end) {
      ++pos;
    } else {
      pos = end;
    }
  }
  out.append(str, last_end, std::string::npos);
  return std::variant<std::string, std::string>(std::in_place_index<0>, std::move(out));
}

void add_regex_functions(FunctionTable& table) {
  table["regex"] = regex_function(false);
  table["regexall"] = regex_function(true);
}

}  // namespace fgform::lang::functions
