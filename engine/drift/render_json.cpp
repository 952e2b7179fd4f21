// The -json form. Its schema is documented in docs/guides/drift.md and versioned by
// format_version: fields are only added within a major version.
#include <nlohmann/json.hpp>

#include "drift/render_report.h"
#include "value/codec.h"

namespace fgform::drift {

using nlohmann::json;

namespace {

// A value as JSON; sensitive values are never written (the attribute says "sensitive": true).
json json_value(const value::Value& v) {
  if (!v.is_known()) return nullptr;
  auto j = value::to_json(v.without_marks(), v.type());
  return j.ok() ? j.value : json(nullptr);
}

}  // namespace

std::string render_json(const Report& report, const RenderContext& context) {
  json findings = json::array();
  for (const auto& f : report.findings) {
    json attributes = json::array();
    for (const auto& a : f.attributes) {
      json item{{"path", a.path}, {"sensitive", a.sensitive}};
      if (!a.sensitive) {
        item["last_applied"] = json_value(a.last_applied);
        if (f.kind == FindingKind::kConfigChanged) {
          item["config"] = json_value(a.config);
        } else {
          item["live"] = json_value(a.live);
        }
      }
      attributes.push_back(std::move(item));
    }
    findings.push_back({{"address", f.address},
                        {"resource_type", f.type},
                        {"kind", kind_name(f.kind)},
                        {"drift", f.kind != FindingKind::kConfigChanged},
                        {"note", f.note},
                        {"attributes", std::move(attributes)}});
  }
  json doc{{"format_version", "1.0"},
           {"fgform_version", context.fgform_version},
           {"workspace", context.workspace},
           {"drift_detected", report.drifted()},
           {"summary",
            {{"resources", report.resources.size()},
             {"changed", report.count(FindingKind::kChanged)},
             {"deleted", report.count(FindingKind::kDeleted)},
             {"config_changed", report.count(FindingKind::kConfigChanged)},
             {"ignored", report.ignored}}},
           {"resources", report.resources},
           {"findings", std::move(findings)}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace fgform::drift
