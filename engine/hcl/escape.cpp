#include "hcl/escape.h"

#include <cstdint>

#include "value/utf8.h"

namespace fgform::hcl {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> unescape_quoted(std::string_view s, std::string& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if ((c == '$' || c == '%') && i + 2 < s.size() && s[i + 1] == c && s[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
      continue;
    }
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    const char e = s[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'u':
      case 'U': {
        const std::size_t digits = e == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        bool ok = i + digits < s.size();
        for (std::size_t k = 1; ok && k <= digits; ++k) {
          const int d = hex_value(s[i + k]);
          ok = d >= 0;
          cp = cp * 16 + static_cast<std::uint32_t>(ok ? d : 0);
        }
        if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return "The \\" + std::string(1, e) + " escape sequence must be followed by " +
                 std::to_string(digits) + " hexadecimal digits of a valid Unicode code point.";
        }
        value::append_utf8(out, cp);
        i += digits;
        break;
      }
      default:
        return "The symbol \"" + std::string(1, e) + "\" is not a valid escape sequence selector.";
    }
  }
  return std::nullopt;
}

}  // namespace fgform::hcl
