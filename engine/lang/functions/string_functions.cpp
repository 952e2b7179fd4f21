// String functions: case, trimming, splitting and joining, substrings, regular expressions.
//
// Character counts are by Unicode code point. Terraform counts grapheme clusters, so a letter
// followed by a combining accent is one character there and two here; for text without
// combining marks (or emoji sequences) the results are the same.
#include <algorithm>
#include <regex>

#include "lang/functions/helpers.h"
#include "value/utf8.h"

namespace fgform::lang::functions {
namespace {

// ---- code points ---------------------------------------------------------------------------

char32_t decode(std::string_view ch) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(ch[i]); };
  switch (ch.size()) {
    case 1:
      return b(0);
    case 2:
      return static_cast<char32_t>(((b(0) & 0x1F) << 6) | (b(1) & 0x3F));
    case 3:
      return static_cast<char32_t>(((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F));
    default:
      return static_cast<char32_t>(((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
                                   ((b(2) & 0x3F) << 6) | (b(3) & 0x3F));
  }
}

std::string encode(char32_t c) {
  std::string out;
  value::append_utf8(out, c);
  return out;
}

// Case mapping for ASCII, Latin-1, Greek and Cyrillic: the scripts configuration text uses in
// practice. Other characters are left alone (Go's strings.ToUpper covers all of Unicode).
char32_t to_upper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

bool is_letter_or_digit(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (c >= 0xC0 && c != 0xD7 && c != 0xF7);
}

// Go's unicode.IsSpace.
bool is_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

std::string map_chars(const std::string& s, char32_t (*f)(char32_t)) {
  std::string out;
  for (auto ch : utf8_chars(s)) {
    if (ch.size() == 1 && static_cast<unsigned char>(ch[0]) >= 0x80) {
      out += ch;  // an invalid byte stays as it is
    } else {
      out += encode(f(decode(ch)));
    }
  }
  return out;
}

// strings.Title: the first letter of each word upper-cased.
std::string title(const std::string& s) {
  std::string out;
  bool previous_is_letter = false;
  for (auto ch : utf8_chars(s)) {
    char32_t c = decode(ch);
    out += previous_is_letter ? std::string(ch) : encode(to_upper(c));
    previous_is_letter = is_letter_or_digit(c);
  }
  return out;
}

std::string trim_set(const std::string& s, const std::string& cutset, bool left, bool right) {
  auto chars = utf8_chars(s);
  auto cut = utf8_chars(cutset);
  auto in_cut = [&](std::string_view ch) {
    return std::find(cut.begin(), cut.end(), ch) != cut.end();
  };
  std::size_t begin = 0, end = chars.size();
  while (left && begin < end && in_cut(chars[begin])) ++begin;
  while (right && end > begin && in_cut(chars[end - 1])) --end;
  std::string out;
  for (std::size_t i = begin; i < end; ++i) out += chars[i];
  return out;
}

std::string trim_space(const std::string& s) {
  auto chars = utf8_chars(s);
  std::size_t begin = 0, end = chars.size();
  while (begin < end && is_space(decode(chars[begin]))) ++begin;
  while (end > begin && is_space(decode(chars[end - 1]))) --end;
  std::string out;
  for (std::size_t i = begin; i < end; ++i) out += chars[i];
  return out;
}

std::string replace_all(const std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) {
    // Go inserts the replacement before every character and at the end.
    std::string out = to;
    for (auto ch : utf8_chars(s)) out += std::string(ch) + to;
    return out;
  }
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t hit = s.find(from, pos);
    if (hit == std::string::npos) break;
    out += s.substr(pos, hit - pos) + to;
    pos = hit + from.size();
  }
  return out + s.substr(pos);
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  if (sep.empty()) {
    for (auto ch : utf8_chars(s)) out.emplace_back(ch);
    return out;
  }
  std::size_t pos = 0;
  for (;;) {
    std::size_t hit = s.find(sep, pos);
    if (hit == std::string::npos) break;
    out.push_back(s.substr(pos, hit - pos));
    pos = hit + sep.size();
  }
  out.push_back(s.substr(pos));
  return out;
}

Value string_list(const std::vector<std::string>& items) {
  Value::Elements out;
  for (const auto& s : items) out.push_back(Value::string(s));
  return Value::list(Type::string(), std::move(out));
}

// ---- regular expressions ---------------------------------------------------------------------
// Patterns are RE2 syntax in Terraform; std::regex (ECMAScript) runs them here after a
// translation of the RE2-only syntax that configurations commonly use: named groups
// (?P<name>...) and (?<name>...), leading flags (?i) (?s) (?m), \A and \z. Not supported:
// Unicode classes (\pL), POSIX classes outside brackets, possessive or lazy-flag groups. One
// behavioural difference: ECMAScript alternation is leftmost-first like RE2, but backtracking
// means pathological patterns can be slow where RE2 is linear.

struct CompiledRegex {
  std::regex re;
  std::vector<std::string> names;  // per capture group; empty for an unnamed group
};

std::variant<CompiledRegex, std::string> compile_regex(const std::string& pattern) {
  std::string p = pattern;
  auto flags = std::regex::ECMAScript;
  bool dot_all = false;
  // Leading flag groups such as (?i) or (?is).
  while (p.size() >= 4 && p.compare(0, 2, "(?") == 0) {
    std::size_t close = p.find(')');
    if (close == std::string::npos) break;
    std::string f = p.substr(2, close - 2);
    if (f.empty() || f.find_first_not_of("ism") != std::string::npos) break;
    if (f.find('i') != std::string::npos) flags |= std::regex::icase;
    if (f.find('m') != std::string::npos) flags |= std::regex::multiline;
    if (f.find('s') != std::string::npos) dot_all = true;
    p.erase(0, close + 1);
  }
  std::string out;
  std::vector<std::string> names;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      if (!in_class && n == 'A') {
        out += '^';
      } else if (!in_class && n == 'z') {
        out += '$';
      } else {
        out += c;
        out += n;
      }
      ++i;
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
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == '.' && dot_all) {
      out += "[\\s\\S]";
      continue;
    }
    if (c == '(') {
      if (p.compare(i, 4, "(?P<") == 0 ||
          (p.compare(i, 3, "(?<") == 0 && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!')) {
        std::size_t start = p.find('<', i) + 1;
        std::size_t close = p.find('>', start);
        if (close == std::string::npos)
          return std::string("invalid regexp pattern: invalid named capture");
        names.push_back(p.substr(start, close - start));
        out += '(';
        i = close;
        continue;
      }
      if (i + 1 < p.size() && p[i + 1] != '?') names.emplace_back();
    }
    out += c;
  }
  try {
    return CompiledRegex{std::regex(out, flags), std::move(names)};
  } catch (const std::regex_error& e) {
    return std::string("invalid regexp pattern: ") + e.what();
  }
}

// The result type of regex() for a pattern: string, tuple of strings or object of strings.
std::variant<Type, std::string> regex_result_type(const CompiledRegex& re) {
  std::size_t named = 0;
  for (const auto& n : re.names) named += n.empty() ? 0 : 1;
  if (re.names.empty()) return Type::string();
  if (named > 0 && named != re.names.size()) {
    return std::string("invalid regexp pattern: cannot mix both named and unnamed capture groups");
  }
  if (named == 0) return Type::tuple(std::vector<Type>(re.names.size(), Type::string()));
  std::map<std::string, Type> attrs;
  for (const auto& n : re.names) attrs.emplace(n, Type::string());
  return Type::object(std::move(attrs));
}

Value regex_match_value(const CompiledRegex& re, const std::smatch& m, const Type& type) {
  if (type.kind() == Type::Kind::kString) return Value::string(m.str(0));
  auto group = [&](std::size_t i) {
    return m[i].matched ? Value::string(m.str(i)) : Value::null(Type::string());
  };
  if (type.kind() == Type::Kind::kTuple) {
    Value::Elements items;
    for (std::size_t i = 1; i <= re.names.size(); ++i) items.push_back(group(i));
    return Value::tuple(std::move(items));
  }
  Value::Entries attrs;
  for (std::size_t i = 1; i <= re.names.size(); ++i) attrs.emplace(re.names[i - 1], group(i));
  return Value::object(std::move(attrs));
}

// Go's Regexp.Expand template: $1, ${1}, $name, ${name}, $$.
std::string expand(const std::string& tmpl, const CompiledRegex& re, const std::smatch& m) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
      out += tmpl[i];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string name;
    std::size_t next = i + 1;
    if (tmpl[next] == '{') {
      std::size_t close = tmpl.find('}', next);
      if (close == std::string::npos) {
        out += tmpl[i];
        continue;
      }
      name = tmpl.substr(next + 1, close - next - 1);
      next = close + 1;
    } else {
      while (next < tmpl.size() &&
             (std::isalnum(static_cast<unsigned char>(tmpl[next])) || tmpl[next] == '_')) {
        name += tmpl[next++];
      }
    }
    if (name.empty()) {
      out += tmpl[i];
      continue;
    }
    if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      std::size_t index = std::stoul(name);
      if (index < m.size() && m[index].matched) out += m.str(index);
    } else {
      for (std::size_t g = 0; g < re.names.size(); ++g) {
        if (re.names[g] == name && m[g + 1].matched) out += m.str(g + 1);
      }
    }
    i = next - 1;
  }
  return out;
}

std::string regex_replace_all(const CompiledRegex& re, const std::string& s,
                              const std::string& tmpl) {
  std::string out;
  auto begin = std::sregex_iterator(s.begin(), s.end(), re.re);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out += s.substr(last, static_cast<std::size_t>(m.position(0)) - last);
    out += expand(tmpl, re, m);
    last = static_cast<std::size_t>(m.position(0) + m.length(0));
  }
  return out + s.substr(last);
}

Function regex_function(bool all) {
  Function f;
  f.params = {param("pattern", Type::string()), param("string", Type::string())};
  f.return_type = [all](const Args& args) -> TypeResult {
    if (!args[0].is_known()) return all ? Type::list(Type::dynamic()) : Type::dynamic();
    auto re = compile_regex(args[0].as_string());
    if (auto* e = std::get_if<std::string>(&re)) return error(*e, 0);
    auto t = regex_result_type(std::get<CompiledRegex>(re));
    if (auto* e = std::get_if<std::string>(&t)) return error(*e, 0);
    return all ? Type::list(std::get<Type>(t)) : std::get<Type>(t);
  };
  f.impl = [all](const Args& args) -> Result {
    auto compiled = compile_regex(args[0].as_string());
    if (auto* e = std::get_if<std::string>(&compiled)) return error(*e, 0);
    const auto& re = std::get<CompiledRegex>(compiled);
    Type type = std::get<Type>(regex_result_type(re));
    const std::string& s = args[1].as_string();
    if (!all) {
      std::smatch m;
      if (!std::regex_search(s, m, re.re)) {
        return error("pattern did not match any part of the given string");
      }
      return regex_match_value(re, m, type);
    }
    Value::Elements items;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re.re); it != std::sregex_iterator();
         ++it) {
      items.push_back(regex_match_value(re, *it, type));
    }
    return Value::list(type, std::move(items));
  };
  return f;
}

using StringOp = std::function<std::string(const std::string&)>;

Function unary_string(StringOp op) {
  return make({param("str", Type::string())}, Type::string(),
              [op](const Args& a) -> Result { return Value::string(op(a[0].as_string())); });
}

using BinaryOp = std::function<Value(const std::string&, const std::string&)>;

Function binary_string(const char* first, const char* second, Type result, BinaryOp op) {
  return make({param(first, Type::string()), param(second, Type::string())}, std::move(result),
              [op](const Args& a) -> Result { return op(a[0].as_string(), a[1].as_string()); });
}

}  // namespace

void add_string_functions(FunctionTable& table) {
  table["upper"] = unary_string([](const std::string& s) { return map_chars(s, to_upper); });
  table["lower"] = unary_string([](const std::string& s) { return map_chars(s, to_lower); });
  table["title"] = unary_string(title);
  table["trimspace"] = unary_string(trim_space);
  table["strrev"] = unary_string([](const std::string& s) {
    auto chars = utf8_chars(s);
    std::string out;
    for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
    return out;
  });
  // chomp removes every trailing newline sequence (\n, \r\n, \r).
  table["chomp"] = unary_string([](const std::string& s) {
    std::size_t end = s.size();
    while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == '\r')) --end;
    return s.substr(0, end);
  });
  table["trim"] = binary_string("str", "cutset", Type::string(),
                                [](const std::string& s, const std::string& cut) {
                                  return Value::string(trim_set(s, cut, true, true));
                                });
  table["trimprefix"] = binary_string(
      "str", "prefix", Type::string(), [](const std::string& s, const std::string& p) {
        return Value::string(s.rfind(p, 0) == 0 ? s.substr(p.size()) : s);
      });
  table["trimsuffix"] = binary_string(
      "str", "suffix", Type::string(), [](const std::string& s, const std::string& p) {
        const bool has = s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
        return Value::string(has ? s.substr(0, s.size() - p.size()) : s);
      });
  table["startswith"] = binary_string("str", "prefix", Type::boolean(),
                                      [](const std::string& s, const std::string& p) {
                                        return Value::boolean(s.rfind(p, 0) == 0);
                                      });
  table["endswith"] = binary_string(
      "str", "suffix", Type::boolean(), [](const std::string& s, const std::string& p) {
        return Value::boolean(s.size() >= p.size() &&
                              s.compare(s.size() - p.size(), p.size(), p) == 0);
      });
  table["strcontains"] = binary_string("str", "substr", Type::boolean(),
                                       [](const std::string& s, const std::string& p) {
                                         return Value::boolean(s.find(p) != std::string::npos);
                                       });
  table["split"] = binary_string(
      "separator", "str", Type::list(Type::string()),
      [](const std::string& sep, const std::string& s) { return string_list(split(s, sep)); });

  table["join"] = make_variadic(
      {param("separator", Type::string())}, param("lists", Type::list(Type::string())),
      Type::string(), [](const Args& a) -> Result {
        if (a.size() < 2) return error("at least one list is required");
        for (std::size_t i = 1; i < a.size(); ++i) {
          if (!a[i].is_wholly_known()) return Value::unknown(Type::string());
        }
        std::string out;
        bool first = true;
        for (std::size_t i = 1; i < a.size(); ++i) {
          std::size_t index = 0;
          for (const auto& e : a[i].elements()) {
            if (e.is_null()) {
              if (a.size() > 2) {
                return error("element " + std::to_string(index) + " of list " + std::to_string(i) +
                                 " is null; cannot concatenate null values",
                             static_cast<int>(i));
              }
              return error(
                  "element " + std::to_string(index) + " is null; cannot concatenate null values",
                  static_cast<int>(i));
            }
            out += (first ? "" : a[0].as_string()) + e.as_string();
            first = false;
            ++index;
          }
        }
        return Value::string(out);
      });

  table["replace"] =
      make({param("str", Type::string()), param("substr", Type::string()),
            param("replace", Type::string())},
           Type::string(), [](const Args& a) -> Result {
             const std::string& str = a[0].as_string();
             const std::string& sub = a[1].as_string();
             const std::string& rep = a[2].as_string();
             // A substring wrapped in slashes is a regular expression.
             if (sub.size() > 1 && sub.front() == '/' && sub.back() == '/') {
               auto re = compile_regex(sub.substr(1, sub.size() - 2));
               if (auto* e = std::get_if<std::string>(&re)) return error(*e, 1);
               return Value::string(regex_replace_all(std::get<CompiledRegex>(re), str, rep));
             }
             return Value::string(replace_all(str, sub, rep));
           });

  table["regex"] = regex_function(false);
  table["regexall"] = regex_function(true);

  table["indent"] =
      make({param("spaces", Type::number()), param("str", Type::string())}, Type::string(),
           [](const Args& a) -> Result {
             auto n = to_int(a[0]);
             if (!n) return error("value must be a whole number", 0);
             std::string pad(static_cast<std::size_t>(std::max<std::int64_t>(*n, 0)), ' ');
             return Value::string(replace_all(a[1].as_string(), "\n", "\n" + pad));
           });

  table["substr"] = make({param("str", Type::string()), param("offset", Type::number()),
                          param("length", Type::number())},
                         Type::string(), [](const Args& a) -> Result {
                           auto offset = to_int(a[1]);
                           auto length = to_int(a[2]);
                           if (!offset) return error("value must be a whole number", 1);
                           if (!length) return error("value must be a whole number", 2);
                           auto chars = utf8_chars(a[0].as_string());
                           const auto total = static_cast<std::int64_t>(chars.size());
                           std::int64_t start = *offset;
                           if (start < 0) {
                             start += total;
                             if (start < 0) start = 0;
                           } else if (*length == 0) {
                             return Value::string("");
                           }
                           if (start >= total) return Value::string("");
                           std::int64_t end =
                               *length < 0 ? total : std::min(total, start + *length);
                           std::string out;
                           for (std::int64_t i = start; i < end; ++i)
                             out += chars[static_cast<std::size_t>(i)];
                           return Value::string(out);
                         });
}

}  // namespace fgform::lang::functions
