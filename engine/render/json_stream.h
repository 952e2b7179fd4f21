// The machine-readable UI stream (`-json`): one JSON object per line, in Terraform's
// views/json shapes (ui version 1.2) with "@module":"fgform.ui". Lines never carry values —
// only addresses, actions, ids and counts — except non-sensitive outputs after apply, as in
// Terraform.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fgform_version.h"
#include "plan/plan.h"
#include "render/outputs.h"
#include "value/diagnostics.h"
#include "value/value.h"

namespace fgform::render {

// A resource instance as the stream names it (views/json ResourceAddr).
struct ResourceAddress {
  std::string addr;    // module.m.functiongraph_function.f["a"]
  std::string module;  // module.m, or ""
  plan::Mode mode = plan::Mode::kManaged;
  std::string type;
  std::string name;
  value::Value key;  // null, number or string

  static ResourceAddress of(const plan::ResourceInstanceChange& c);
  static ResourceAddress of(const plan::ResourceDrift& d);
};

enum class Operation { kPlan, kApply, kDestroy };

struct ChangeSummary {
  int add = 0, change = 0, import = 0, remove = 0;
  Operation operation = Operation::kPlan;
};

// "Plan: 1 to add, ...", "Apply complete! Resources: ...", "Destroy complete! Resources: ...".
std::string change_summary_message(const ChangeSummary& s);

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

class JsonStream {
 public:
  // `now` returns the "@timestamp" text; the default is the current UTC time with microseconds
  // ("2026-11-23T15:56:27.552211Z"), as Terraform writes it.
  explicit JsonStream(std::string version = kVersion, std::function<std::string()> now = {});

  std::string version() const;
  std::string log(LogLevel level, const std::string& message) const;
  // `sources` maps file names to their text, for the snippet; missing files give no snippet.
  std::string diagnostic(const value::Diagnostic& d,
                         const std::map<std::string, std::string>& sources = {}) const;

  std::string planned_change(const plan::ResourceInstanceChange& c) const;
  std::string resource_drift(const plan::ResourceDrift& d) const;
  std::string change_summary(const ChangeSummary& s) const;
  // The plan's output changes (names, sensitivity and actions only).
  std::string outputs(const std::vector<plan::OutputChange>& changes) const;
  // Final outputs with type and (unless sensitive) value.
  std::string outputs(const std::vector<OutputValue>& values) const;

  std::string apply_start(const ResourceAddress& r, plan::Action action,
                          const std::string& id_key = {}, const std::string& id_value = {}) const;
  std::string apply_progress(const ResourceAddress& r, plan::Action action,
                             double elapsed_seconds) const;
  std::string apply_complete(const ResourceAddress& r, plan::Action action,
                             const std::string& id_key, const std::string& id_value,
                             double elapsed_seconds) const;
  std::string apply_errored(const ResourceAddress& r, plan::Action action,
                            double elapsed_seconds) const;
  std::string refresh_start(const ResourceAddress& r, const std::string& id_key = {},
                            const std::string& id_value = {}) const;
  std::string refresh_complete(const ResourceAddress& r, const std::string& id_key = {},
                               const std::string& id_value = {}) const;

  // The "diagnostic" object alone (views/json Diagnostic), for embedding elsewhere.
  static nlohmann::ordered_json diagnostic_json(const value::Diagnostic& d,
                                                const std::map<std::string, std::string>& sources);

 private:
  std::string line(const char* level, const std::string& message, const char* type,
                   std::vector<std::pair<std::string, nlohmann::ordered_json>> fields) const;

  std::string version_;
  std::function<std::string()> now_;
};

// All the lines `plan -json` writes for a finished plan, in Terraform's order: resource_drift
// for each drifted object, planned_change for each change worth showing, change_summary, and
// outputs when the plan has output changes (version and refresh lines come from elsewhere).
std::vector<std::string> plan_stream_lines(const plan::Plan& plan, const JsonStream& stream);

// The stream's action words: "create", "update", "replace", "delete", "read", "noop", "move",
// "import", "remove".
std::string stream_action(plan::Action action);

}  // namespace fgform::render
