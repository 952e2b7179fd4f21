#include "render/text.h"

#include <vector>

namespace fgform::render {
namespace {

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

bool is_hcl_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    // Non-ASCII bytes: HCL accepts Unicode letters; we accept any multi-byte character rather
    // than carry Unicode tables (names in our schemas are ASCII).
    if (static_cast<unsigned char>(c) >= 0x80) continue;
    if (is_ascii_letter(c) || c == '_') continue;
    if (i > 0 && (is_digit(c) || c == '-')) continue;
    return false;
  }
  return true;
}

std::string attribute_name(std::string_view s) {
  return is_hcl_identifier(s) ? std::string(s) : go_quote(s);
}

std::string word_wrap(std::string_view text, int width) {
  if (width <= 1) return std::string(text);
  const std::size_t limit = static_cast<std::size_t>(width - 1);
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (true) {
    const std::size_t nl = text.find('\n', start);
    const std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!first) out += '\n';
    first = false;
    if (!line.empty() && line[0] == ' ') {
      out.append(line);
    } else {
      // Greedy wrapping on single spaces, like go-wordwrap for ordinary prose.
      std::size_t col = 0;
      std::size_t pos = 0;
      bool line_start = true;
      while (pos <= line.size()) {
        std::size_t sp = line.find(' ', pos);
        if (sp == std::string_view::npos) sp = line.size();
        const std::string_view word = line.substr(pos, sp - pos);
        if (!line_start && col + 1 + word.size() > limit) {
          out += '\n';
          col = 0;
          line_start = true;
        }
        if (!line_start) {
          out += ' ';
          ++col;
        }
        out.append(word);
        col += word.size();
        line_start = false;
        pos = sp + 1;
      }
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string go_duration_seconds(std::int64_t seconds) {
  if (seconds <= 0) return "0s";
  const std::int64_t h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60;
  if (h > 0) return std::to_string(h) + "h" + std::to_string(m) + "m" + std::to_string(s) + "s";
  if (m > 0) return std::to_string(m) + "m" + std::to_string(s) + "s";
  return std::to_string(s) + "s";
}

std::string trim_space(std::string_view s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace fgform::render
