// The Markdown form, for a pull-request or issue comment (GitHub-flavoured tables). Values go
// in <code> with HTML escaping, so a `|` or a backtick in a value cannot break the table.
#include <sstream>

#include "drift/render_report.h"

namespace fgform::drift {

namespace {

std::string html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '|':
        out += "&#124;";
        break;
      case '`':
        out += "&#96;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string code(const std::string& s) {
  return s.empty() ? "" : "<code>" + html(s) + "</code>";
}

// One row per finding attribute (one for a finding without attributes): the drift findings,
// compared with what is live, or the configuration changes, compared with the configuration.
void table_rows(std::ostringstream& out, const Report& report, bool config_changes) {
  for (const auto& f : report.findings) {
    if ((f.kind == FindingKind::kConfigChanged) != config_changes) continue;
    if (f.attributes.empty()) {
      out << "| " << code(f.address) << " | " << html(f.note) << " | | | |\n";
      continue;
    }
    for (const auto& a : f.attributes) {
      out << "| " << code(f.address) << " | " << html(f.note) << " | " << code(a.path) << " | "
          << code(inline_value(a.last_applied, a.sensitive)) << " | "
          << code(inline_value(config_changes ? a.config : a.live, a.sensitive)) << " |\n";
    }
  }
}
}  // namespace

std::string render_markdown(const Report& report, const RenderContext& context) {
  std::ostringstream out;
  const std::size_t total = report.resources.size();
  const int drifted = report.count(FindingKind::kChanged) + report.count(FindingKind::kDeleted);
  if (!report.drifted()) {
    out << "## :white_check_mark: No drift\n\n"
        << plural(total, "resource matches", "resources match") << " the last apply";
  } else {
    out << "## :warning: Drift detected\n\n"
        << drifted << " of " << plural(total, "resource", "resources") << " changed outside fgform";
  }
  out << " (workspace " << code(context.workspace) << ").\n";
  if (report.drifted()) {
    out << "\n| Resource | Finding | Attribute | Last applied | Live |\n"
        << "|---|---|---|---|---|\n";
    table_rows(out, report, false);
  }
  const int config_changed = report.count(FindingKind::kConfigChanged);
  if (config_changed > 0) {
    out << "\n<details><summary>Not drift: "
        << plural(static_cast<std::size_t>(config_changed), "resource", "resources")
        << " whose configuration changed since the last apply</summary>\n\n"
        << "| Resource | Change | Attribute | Last applied | Configuration |\n"
        << "|---|---|---|---|---|\n";
    table_rows(out, report, true);
    out << "\n</details>\n";
  }
  out << "\n<sub>fgform " << html(context.fgform_version);
  if (report.ignored > 0)
    out << " · " << plural(static_cast<std::size_t>(report.ignored), "difference", "differences")
        << " not reported (computed attributes, ignore_changes, ignore rules)";
  out << "</sub>\n";
  return out.str();
}

}  // namespace fgform::drift
