#include "render/diagnostics.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "render/color.h"
#include "render/json_stream.h"
#include "render/text.h"

namespace fgform::render {
namespace {

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto nl = s.find('\n', start);
    out.push_back(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

// appendSourceSnippets: where the problem is, with the subject underlined.
std::string source_snippet(const nlohmann::ordered_json& j, const value::Diagnostic& d,
                           bool color) {
  std::string out;
  if (!j.contains("range")) return out;
  const auto& range = j["range"];
  const std::string file = range["filename"].get<std::string>();
  const int line = range["start"]["line"].get<int>();
  if (!j.contains("snippet")) {
    out += "  on " + file + " line " + std::to_string(line) + ":\n  (source code not available)\n";
  } else {
    const auto& snippet = j["snippet"];
    const std::string context =
        snippet["context"].is_string() ? ", in " + snippet["context"].get<std::string>() : "";
    out += "  on " + file + " line " + std::to_string(line) + context + ":\n";
    const std::string code = snippet["code"].get<std::string>();
    const int len = static_cast<int>(code.size());
    int start = snippet["highlight_start_offset"].get<int>();
    int end = snippet["highlight_end_offset"].get<int>();
    if (end < start) end = std::min(start + 1, len);
    start = std::clamp(start, 0, len);
    end = std::clamp(end, 0, len);
    // Terraform colours the template before substituting, so the markup stays around the
    // highlighted text only.
    const std::string marked =
        code.substr(0, static_cast<std::size_t>(start)) + (color ? "\x1b[4m" : "") +
        code.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)) +
        (color ? std::string("\x1b[0m") : std::string()) +
        code.substr(static_cast<std::size_t>(end)) + (color ? std::string("\x1b[0m") : "");
    const int first = snippet["start_line"].get<int>();
    int i = 0;
    for (const auto& l : split_lines(marked)) {
      char num[32];
      std::snprintf(num, sizeof num, "%4d: ", first + i++);
      out += num + l + "\n";
    }
    if (d.function_call) {
      out += colorize("    [dark_gray]├─────────"
                      "───────[reset]\n",
                      color);
      const std::string& call = *d.function_call;
      const auto paren = call.find('(');
      const std::string name = call.substr(0, paren);
      out += colorize("    [dark_gray]│[reset] while calling ", color) +
             (color ? "\x1b[1m" + name + "\x1b[0m" : name) +
             (paren == std::string::npos ? "" : call.substr(paren)) + "\n";
    }
  }
  out += "\n";
  return out;
}

std::string wrapped_detail(const std::string& detail, int width) {
  std::string out;
  for (const auto& line : split_lines(detail)) out += word_wrap(line, width + 1) + "\n";
  return out;
}

}  // namespace

std::string format_diagnostic(const value::Diagnostic& d,
                              const std::map<std::string, std::string>& sources, bool color,
                              int width) {
  const auto j = JsonStream::diagnostic_json(d, sources);
  const bool error = d.severity == value::Severity::kError;
  if (!color) {
    // DiagnosticPlain: no box, wrapped at the full width.
    std::string out = error ? "\nError: " : "\nWarning: ";
    out += d.summary + "\n\n" + source_snippet(j, d, false);
    if (!d.detail.empty()) out += width > 1 ? wrapped_detail(d.detail, width - 1) : d.detail + "\n";
    return out;
  }
  const char* hue = error ? "[red]" : "[yellow]";
  std::string body =
      colorize(error ? "[bold][red]Error: [reset]" : "[bold][yellow]Warning: [reset]", true);
  body += "\x1b[1m" + d.summary + "\x1b[0m\n\n\x1b[0m";
  body += source_snippet(j, d, true);
  const int para = width - 3;  // room for the left rule
  if (!d.detail.empty()) body += para > 0 ? wrapped_detail(d.detail, para) : d.detail + "\n";

  const std::string rule_line = colorize(std::string(hue) + "\u2502[reset] ", true);
  std::string out = colorize(std::string(hue) + "\u2577[reset]", true) + "\n";
  auto lines = split_lines(body);
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // bufio.Scanner drops it
  for (const auto& l : lines) out += (l.empty() ? trim_space(rule_line) : rule_line) + l + "\n";
  out += colorize(std::string(hue) + "\u2575[reset]", true) + "\n";
  return out;
}

}  // namespace fgform::render
