#include "lang/functions/helpers.h"

#include <cstring>

namespace fgform::lang::functions {

FunctionParam param(std::string name, Type type, unsigned flags) {
  FunctionParam p;
  p.name = std::move(name);
  p.type = std::move(type);
  p.allow_null = flags & kAllowNull;
  p.allow_unknown = flags & kAllowUnknown;
  p.allow_dynamic_type = flags & kAllowDynamic;
  p.allow_marked = flags & kAllowMarked;
  return p;
}

Function make(std::vector<FunctionParam> params, Type result,
              std::function<Result(const Args&)> impl, std::string description) {
  Function f;
  f.params = std::move(params);
  f.return_type = [result](const Args&) -> TypeResult { return result; };
  f.impl = std::move(impl);
  f.description = std::move(description);
  return f;
}

Function make_variadic(std::vector<FunctionParam> params, FunctionParam variadic, Type result,
                       std::function<Result(const Args&)> impl, std::string description) {
  Function f = make(std::move(params), std::move(result), std::move(impl), std::move(description));
  f.variadic = std::move(variadic);
  return f;
}

Value number_value(std::int64_t n) {
  return Value::number(Number::from_int(n));
}

std::optional<std::int64_t> to_int(const Value& v) {
  if (!v.is_known() || v.is_null() || v.type().kind() != Type::Kind::kNumber) return std::nullopt;
  return v.as_number().to_int64();
}

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not valid there.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = sequence_length(s, i);
    if (n == 0) n = 1;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace fgform::lang::functions

namespace fgform::lang::functions {

bool is_sequence(const Type& t) {
  return t.kind() == Type::Kind::kList || t.kind() == Type::Kind::kSet ||
         t.kind() == Type::Kind::kTuple;
}

bool is_mapping(const Type& t) {
  return t.kind() == Type::Kind::kMap || t.kind() == Type::Kind::kObject;
}

Result make_list(const Value::Elements& items, const Type& fallback) {
  if (items.empty()) return Value::list(fallback, {});
  std::vector<Type> types;
  for (const auto& v : items) types.push_back(v.type());
  auto ety = value::unify(types);
  if (!ety) return error("all elements must have the same type");
  Value::Elements out;
  for (const auto& v : items) {
    auto c = value::convert(v, *ety);
    if (!c.ok()) return error(c.error);
    out.push_back(c.value);
  }
  return Value::list(*ety, std::move(out));
}

}  // namespace fgform::lang::functions

namespace fgform::lang::functions {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += rest == 2 ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  // Go's decoder skips carriage returns and newlines.
  std::string s;
  for (char c : text) {
    if (c != '\r' && c != '\n') s += c;
  }
  if (s.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 4) {
    unsigned n = 0;
    int pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = s[i + k];
      unsigned v = 0;
      if (c == '=') {
        // Padding only at the very end, and only in the last two places.
        if (i + 4 != s.size() || k < 2) return std::nullopt;
        ++pad;
      } else {
        if (pad) return std::nullopt;
        const char* p = std::strchr(kBase64, c);
        if (!p || c == '\0') return std::nullopt;
        v = static_cast<unsigned>(p - kBase64);
      }
      n = (n << 6) | v;
    }
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

}  // namespace fgform::lang::functions
