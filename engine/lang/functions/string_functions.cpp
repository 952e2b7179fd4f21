// String functions: case, trimming, splitting and joining, substrings (regex and regexall are in
// regex_functions.cpp).
//
// Character counts are by Unicode code point. Terraform counts grapheme clusters, so a letter
// followed by a combining accent is one character there and two here; for text without
// combining marks (or emoji sequences) the results are the same.
#include <algorithm>

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

  table["replace"] = make({param("str", Type::string()), param("substr", Type::string()),
                           param("replace", Type::string())},
                          Type::string(), [](const Args& a) -> Result {
                            const std::string& str = a[0].as_string();
                            const std::string& sub = a[1].as_string();
                            const std::string& rep = a[2].as_string();
                            // A substring wrapped in slashes is a regular expression.
                            if (sub.size() > 1 && sub.front() == '/' && sub.back() == '/') {
                              auto out = regex_replace(str, sub.substr(1, sub.size() - 2), rep);
                              if (out.index() == 1) return error(std::get<1>(out), 1);
                              return Value::string(std::move(std::get<0>(out)));
                            }
                            return Value::string(replace_all(str, sub, rep));
                          });

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
