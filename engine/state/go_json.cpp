#include "go_json.h"

#include <cstdio>

#include "value/number.h"

namespace fgform::state {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void escape_u(std::string& out, unsigned cp) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xf];
}

// Length of the valid UTF-8 sequence at s[i], 0 when invalid.
std::size_t utf8_len(const std::string& s, std::size_t i, unsigned* cp_out) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  unsigned cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Overlong forms, surrogates and out-of-range code points are invalid in Go too.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp < 0xe000)) {
    return 0;
  }
  *cp_out = cp;
  return len;
}

template <typename J>
void number(std::string& out, const J& j) {
  if (j.is_number_integer()) {
    out += j.dump();
    return;
  }
  const double d = j.template get<double>();
  if (auto n = value::Number::from_double(d)) {
    out += n->text();
  } else {
    out += "null";  // NaN/Inf cannot come from parsed JSON
  }
}

template <typename J>
bool is_dynamic_wrapper(const J& j) {
  // Only sorted documents reorder: an ordered one already has the order it should have.
  if constexpr (std::is_same_v<J, nlohmann::json>) {
    return j.size() == 2 && j.contains("value") && j.contains("type");
  } else {
    return false;
  }
}

template <typename J>
void value_impl(std::string& out, const J& j, int indent, int level);

}  // namespace

void go_json_newline(std::string& out, int indent, int level) {
  if (indent < 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(2 * level), ' ');
}

void go_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '<':
        case '>':
        case '&':
          escape_u(out, c);
          break;
        default:
          if (c < 0x20) {
            escape_u(out, c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    unsigned cp = 0;
    const std::size_t len = utf8_len(s, i, &cp);
    if (len == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (cp == 0x2028 || cp == 0x2029) {
      escape_u(out, cp);
    } else {
      out.append(s, i, len);
    }
    i += len;
  }
  out += '"';
}

void go_json_value(std::string& out, const nlohmann::json& j, int indent, int level) {
  value_impl(out, j, indent, level);
}

void go_json_value(std::string& out, const nlohmann::ordered_json& j, int indent, int level) {
  value_impl(out, j, indent, level);
}

namespace {
template <typename J>
void value_impl(std::string& out, const J& j, int indent, int level) {
  const char* colon = indent < 0 ? ":" : ": ";
  switch (j.type()) {
    case nlohmann::detail::value_t::null:
    case nlohmann::detail::value_t::discarded:
      out += "null";
      return;
    case nlohmann::detail::value_t::boolean:
      out += j.template get<bool>() ? "true" : "false";
      return;
    case nlohmann::detail::value_t::number_integer:
    case nlohmann::detail::value_t::number_unsigned:
    case nlohmann::detail::value_t::number_float:
      number(out, j);
      return;
    case nlohmann::detail::value_t::string:
      go_json_string(out, j.template get_ref<const std::string&>());
      return;
    case nlohmann::detail::value_t::binary:
      out += "null";
      return;
    case nlohmann::detail::value_t::array: {
      if (j.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& e : j) {
        if (!first) out += ',';
        first = false;
        go_json_newline(out, indent, level + 1);
        value_impl(out, e, indent, level + 1);
      }
      go_json_newline(out, indent, level);
      out += ']';
      return;
    }
    case nlohmann::detail::value_t::object: {
      if (j.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      auto member = [&](const std::string& key, const J& v, bool first) {
        if (!first) out += ',';
        go_json_newline(out, indent, level + 1);
        go_json_string(out, key);
        out += colon;
        value_impl(out, v, indent, level + 1);
      };
      if (is_dynamic_wrapper(j)) {
        member("value", j.at("value"), true);
        member("type", j.at("type"), false);
      } else {
        bool first = true;
        for (const auto& [k, v] : j.items()) {
          member(k, v, first);
          first = false;
        }
      }
      go_json_newline(out, indent, level);
      out += '}';
      return;
    }
  }
}

}  // namespace

}  // namespace fgform::state
