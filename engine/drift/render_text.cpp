// The human form, and what all forms share.
#include <sstream>

#include "drift/render_report.h"
#include "render/color.h"
#include "value/codec.h"

namespace fgform::drift {

using value::Value;

namespace {

// Cuts at a character boundary, never inside a UTF-8 sequence.
std::string cut(const std::string& s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "...";
}

std::string one_line(std::string s) {
  for (auto& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

}  // namespace

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string inline_value(const Value& v, bool sensitive, std::size_t limit) {
  if (sensitive || v.contains_sensitive()) return "(sensitive value)";
  if (!v.is_known()) return "(known after apply)";
  if (v.is_null()) return "null";
  auto j = value::to_json(v, v.type());
  if (!j.ok()) return "(unprintable)";
  // dump() escapes control characters, and with `replace` invalid UTF-8 cannot throw.
  return cut(one_line(j.value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
             limit);
}

std::string render(const Report& report, Format format, const RenderContext& context) {
  switch (format) {
    case Format::kHuman:
      return render_human(report, context);
    case Format::kJson:
      return render_json(report, context);
    case Format::kMarkdown:
      return render_markdown(report, context);
    case Format::kJunit:
      return render_junit(report, context);
  }
  return {};
}

std::string render_human(const Report& report, const RenderContext& context) {
  std::ostringstream out;
  const std::size_t total = report.resources.size();
  const int drifted = report.count(FindingKind::kChanged) + report.count(FindingKind::kDeleted);
  if (!report.drifted()) {
    out << render::colorize("[bold][green]No drift.[reset]", context.color) << " "
        << plural(total, "resource matches", "resources match") << " the last apply.\n";
  } else {
    out << render::colorize("[bold][yellow]Drift detected:[reset]", context.color) << " " << drifted
        << " of " << plural(total, "resource", "resources") << " changed outside fgform.\n\n";
    for (const auto& f : report.findings) {
      if (f.kind == FindingKind::kConfigChanged) continue;
      const bool deleted = f.kind == FindingKind::kDeleted;
      out << "  " << render::colorize(deleted ? "[red]-[reset]" : "[yellow]~[reset]", context.color)
          << " " << f.address << ": " << f.note << "\n";
      for (const auto& a : f.attributes) {
        out << "      " << a.path << ": " << inline_value(a.last_applied, a.sensitive)
            << " (last applied) -> " << inline_value(a.live, a.sensitive) << " (live)\n";
      }
    }
  }
  if (report.count(FindingKind::kConfigChanged) > 0) {
    out << "\nNot drift: the configuration differs from the last apply (the next apply makes "
           "these changes):\n";
    for (const auto& f : report.findings) {
      if (f.kind != FindingKind::kConfigChanged) continue;
      out << "  " << f.address << ": " << f.note << "\n";
      for (const auto& a : f.attributes) {
        out << "      " << a.path << ": " << inline_value(a.last_applied, a.sensitive) << " -> "
            << inline_value(a.config, a.sensitive) << " (configuration)\n";
      }
    }
  }
  if (report.ignored > 0) {
    out << "\n"
        << plural(static_cast<std::size_t>(report.ignored), "difference", "differences")
        << " not reported: computed attributes, lifecycle.ignore_changes or ignore rules.\n";
  }
  return out.str();
}

}  // namespace fgform::drift
