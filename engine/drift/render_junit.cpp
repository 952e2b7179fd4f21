// The JUnit XML form: one test suite, one test case per resource instance checked. A resource
// that drifted fails (type "changed" or "deleted"); a configuration change is no failure and is
// told in system-out. CI systems (GitHub, GitLab, Jenkins) show the failures as test results.
#include <map>
#include <sstream>

#include "drift/ignore_rules.h"
#include "drift/render_report.h"

namespace fgform::drift {

namespace {

// XML 1.0 text: escapes markup and drops the characters XML cannot carry at all.
std::string xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;
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
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string type_of(const std::string& address) {
  // module.a.functiongraph_function.f[0] → functiongraph_function
  std::string plain = without_instance_keys(address);
  auto last = plain.rfind('.');
  if (last == std::string::npos || last == 0) return plain;
  auto before = plain.rfind('.', last - 1);
  return plain.substr(before == std::string::npos ? 0 : before + 1,
                      last - (before == std::string::npos ? 0 : before + 1));
}

}  // namespace

std::string render_junit(const Report& report, const RenderContext& context) {
  std::multimap<std::string, const Finding*> by_address;
  for (const auto& f : report.findings) by_address.emplace(f.address, &f);
  const int failures = report.count(FindingKind::kChanged) + report.count(FindingKind::kDeleted);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"fgform drift\" tests=\"" << report.resources.size() << "\" failures=\""
      << failures << "\" errors=\"0\">\n"
      << "  <testsuite name=\"fgform drift (" << xml(context.workspace) << ")\" tests=\""
      << report.resources.size() << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"0\">\n"
      << "    <properties><property name=\"fgform_version\" value=\"" << xml(context.fgform_version)
      << "\"/></properties>\n";
  for (const auto& address : report.resources) {
    out << "    <testcase classname=\"" << xml(type_of(address)) << "\" name=\"" << xml(address)
        << "\"";
    auto [first, last] = by_address.equal_range(address);
    if (first == last) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    std::string system_out;
    for (auto it = first; it != last; ++it) {
      const Finding& f = *it->second;
      std::string details;
      for (const auto& a : f.attributes) {
        details +=
            a.path + ": " + inline_value(a.last_applied, a.sensitive) + " -> " +
            inline_value(f.kind == FindingKind::kConfigChanged ? a.config : a.live, a.sensitive) +
            (f.kind == FindingKind::kConfigChanged ? " (configuration)\n" : " (live)\n");
      }
      if (f.kind == FindingKind::kConfigChanged) {
        system_out += "Not drift: " + f.note + "\n" + details;
        continue;
      }
      std::string message = f.note;
      if (!f.attributes.empty()) {
        message += ":";
        for (const auto& a : f.attributes) message += " " + a.path;
      }
      out << "      <failure type=\"" << kind_name(f.kind) << "\" message=\"" << xml(message)
          << "\">" << xml(details) << "</failure>\n";
    }
    if (!system_out.empty()) out << "      <system-out>" << xml(system_out) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace fgform::drift
