// The four forms of a drift report: for people (the default), JSON for programs (a stable,
// documented schema: docs/guides/drift.md), Markdown for a pull-request or issue comment, JUnit
// XML for CI test reports (one test case per resource; drift is a failure). Sensitive values
// are never written; long values are cut, so a report stays readable and bounded.
#pragma once

#include <string>

#include "drift/report.h"

namespace fgform::drift {

enum class Format { kHuman, kJson, kMarkdown, kJunit };

struct RenderContext {
  std::string fgform_version;
  std::string workspace = "default";
  bool color = false;  // human form only
};

std::string render(const Report& report, Format format, const RenderContext& context);

std::string render_human(const Report& report, const RenderContext& context);
std::string render_json(const Report& report, const RenderContext& context);
std::string render_markdown(const Report& report, const RenderContext& context);
std::string render_junit(const Report& report, const RenderContext& context);

// One value on one line, as the reports print it: strings quoted, collections as compact JSON,
// "(sensitive value)", "null"; cut to `limit` characters with "...".
std::string inline_value(const value::Value& v, bool sensitive, std::size_t limit = 120);

// "the configuration" / "2 resources": small helpers shared by the forms.
std::string plural(std::size_t n, const std::string& one, const std::string& many);

}  // namespace fgform::drift
