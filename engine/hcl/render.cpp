#include "hcl/render.h"

#include <vector>

namespace fgform::hcl {
namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = s.find('\n', start);
    std::string_view line = s.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

// The header of the top-level block around `line` (1-based): `resource "a" "b"`.
std::string block_context(const std::vector<std::string_view>& lines, int line) {
  for (int i = std::min<int>(line, static_cast<int>(lines.size())) - 1; i >= 0; --i) {
    std::string_view l = lines[i];
    if (l.empty() || l[0] == ' ' || l[0] == '\t' || l[0] == '}' || l[0] == '#' || l[0] == '/') {
      continue;
    }
    std::size_t brace = l.rfind('{');
    if (brace == std::string_view::npos || l.find('=') != std::string_view::npos) return {};
    std::string_view header = l.substr(0, brace);
    while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
    return std::string(header);
  }
  return {};
}

// Byte offset within `line` of 1-based character column `col`.
std::size_t byte_of_column(std::string_view line, int col) {
  std::size_t i = 0;
  int c = 1;
  while (i < line.size() && c < col) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    ++c;
  }
  return i;
}

}  // namespace

std::string render_diagnostic(const value::Diagnostic& diag, const SourceSet& sources, bool color) {
  bool error = diag.severity == value::Severity::kError;
  std::string out;
  if (color) {
    out +=
        error ? "\x1b[31m\x1b[1mError: \x1b[0m\x1b[1m" : "\x1b[33m\x1b[1mWarning: \x1b[0m\x1b[1m";
    out += diag.summary + "\x1b[0m\n";
  } else {
    out += (error ? "Error: " : "Warning: ") + diag.summary + "\n";
  }
  if (diag.range) {
    const auto& r = *diag.range;
    out += "\n  on " + r.filename + " line " + std::to_string(r.start.line);
    auto it = sources.find(r.filename);
    if (it == sources.end()) {
      out += ":\n  (source code not available)\n";
    } else {
      auto lines = split_lines(it->second);
      std::string context = block_context(lines, r.start.line);
      if (!context.empty()) out += ", in " + context;
      out += ":\n";
      if (r.start.line >= 1 && r.start.line <= static_cast<int>(lines.size())) {
        std::string_view line = lines[r.start.line - 1];
        std::string number = std::to_string(r.start.line);
        std::string gutter =
            std::string(number.size() < 4 ? 4 - number.size() : 0, ' ') + number + ": ";
        std::size_t from = byte_of_column(line, r.start.column);
        std::size_t to =
            r.end.line == r.start.line ? byte_of_column(line, r.end.column) : line.size();
        if (to < from) to = from;
        if (color) {
          out += gutter + std::string(line.substr(0, from)) + "\x1b[4m" +
                 std::string(line.substr(from, to - from)) + "\x1b[0m" +
                 std::string(line.substr(to)) + "\n";
        } else {
          out += gutter + std::string(line) + "\n";
          int start_col = r.start.column;
          int width = r.end.line == r.start.line
                          ? r.end.column - r.start.column
                          : static_cast<int>(line.size()) - static_cast<int>(from);
          if (width < 1) width = 1;
          out += std::string(gutter.size() + start_col - 1, ' ') + std::string(width, '^') + "\n";
        }
      }
    }
  } else if (diag.attribute && !diag.attribute->empty()) {
    out += "\n  with " + diag.attribute->to_string() + "\n";
  }
  if (!diag.detail.empty()) out += "\n" + diag.detail + "\n";
  return out;
}

}  // namespace fgform::hcl
