#include "render/json_stream.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "render/json_plan.h"
#include "render/structured.h"
#include "render/text.h"

namespace fgform::render {
namespace {

using OJson = nlohmann::ordered_json;
using plan::Action;

std::string utc_now_micros() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(now);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - secs).count();
  const std::time_t t = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return buf;
}

// Re-keys a sorted JSON value into the insertion-ordered kind (same order, since it is sorted).
OJson to_ordered(const Json& j) {
  if (j.is_object()) {
    OJson o = OJson::object();
    for (auto it = j.begin(); it != j.end(); ++it) o[it.key()] = to_ordered(it.value());
    return o;
  }
  if (j.is_array()) {
    OJson a = OJson::array();
    for (const auto& e : j) a.push_back(to_ordered(e));
    return a;
  }
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_number_float()) return j.get<double>();
  return nullptr;
}

OJson resource_json(const ResourceAddress& r) {
  OJson o;
  o["addr"] = r.addr;
  o["module"] = r.module;
  std::string resource = r.addr;
  if (!r.module.empty() && resource.rfind(r.module + ".", 0) == 0)
    resource = resource.substr(r.module.size() + 1);
  o["resource"] = resource;
  // The provider a resource type implies: its name up to the first underscore.
  const auto us = r.type.find('_');
  o["implied_provider"] = us == std::string::npos ? r.type : r.type.substr(0, us);
  o["resource_type"] = r.type;
  o["resource_name"] = r.name;
  if (r.key.is_null() || !r.key.is_known()) {
    o["resource_key"] = nullptr;
  } else {
    o["resource_key"] = to_ordered(value_json(r.key).value_or(Json()));
  }
  return o;
}

std::string reason_word(plan::ActionReason reason) {
  using R = plan::ActionReason;
  switch (reason) {
    case R::kNone:
      return "";
    case R::kReplaceBecauseTainted:
      return "tainted";
    case R::kReplaceByRequest:
      return "requested";
    case R::kReplaceBecauseCannotUpdate:
      return "cannot_update";
    case R::kReplaceByTriggers:
      return "replace_triggered_by";
    default:
      return action_reason_string(reason);
  }
}

std::string start_verb(Action a) {
  switch (a) {
    case Action::kCreate:
      return "Creating";
    case Action::kUpdate:
      return "Modifying";
    case Action::kDelete:
      return "Destroying";
    case Action::kRead:
      return "Refreshing";
    case Action::kCreateThenDelete:
    case Action::kDeleteThenCreate:
      return "Replacing";
    case Action::kForget:
      return "Removing";
    case Action::kNoOp:
      break;
  }
  return "Applying";
}

std::string progress_verb(Action a) {
  switch (a) {
    case Action::kCreate:
      return "creating";
    case Action::kUpdate:
      return "modifying";
    case Action::kDelete:
      return "destroying";
    case Action::kRead:
      return "refreshing";
    case Action::kCreateThenDelete:
    case Action::kDeleteThenCreate:
      return "replacing";
    default:
      break;
  }
  return "applying";
}

std::string noun(Action a) {
  switch (a) {
    case Action::kCreate:
      return "Creation";
    case Action::kUpdate:
      return "Modifications";
    case Action::kDelete:
      return "Destruction";
    case Action::kRead:
      return "Refresh";
    case Action::kCreateThenDelete:
    case Action::kDeleteThenCreate:
      return "Replacement";
    case Action::kForget:
      return "Removal";
    case Action::kNoOp:
      break;
  }
  return "Apply";
}

// Whole seconds are written as integers, as Go's encoding/json writes float64(2) as 2.
OJson seconds_json(double s) {
  if (std::floor(s) == s && std::fabs(s) < 1e15) return static_cast<std::int64_t>(s);
  return s;
}

std::string id_suffix(const std::string& k, const std::string& v) {
  return (!k.empty() && !v.empty()) ? " [" + k + "=" + v + "]" : "";
}

std::string elapsed_text(double s) {
  return go_duration_seconds(static_cast<std::int64_t>(std::llround(s)));
}

OJson change_json(const ResourceAddress& r, const std::optional<std::string>& previous,
                  Action action, plan::ActionReason reason,
                  const std::optional<std::string>& import_id) {
  OJson c;
  c["resource"] = resource_json(r);
  std::string word = stream_action(action);
  if (previous && *previous != r.addr) {
    if (word == "noop") word = "move";
    ResourceAddress p = r;
    p.addr = *previous;
    // The previous address may be in another module; derive what we can from the text.
    const std::string local = (r.mode == plan::Mode::kData ? "data." : "") + r.type + ".";
    const auto pos = previous->rfind(local);
    p.module = pos != std::string::npos && pos > 0 ? previous->substr(0, pos - 1) : "";
    if (pos != std::string::npos) {
      std::string rest = previous->substr(pos + local.size());
      const auto br = rest.find('[');
      p.name = br == std::string::npos ? rest : rest.substr(0, br);
      if (br == std::string::npos) {
        p.key = value::Value();
      } else {
        std::string inner = rest.substr(br + 1, rest.size() - br - 2);
        if (!inner.empty() && inner[0] == '"') {
          Json parsed = Json::parse(inner, nullptr, false);
          p.key =
              parsed.is_string() ? value::Value::string(parsed.get<std::string>()) : value::Value();
        } else if (auto n = value::Number::parse(inner)) {
          p.key = value::Value::number(*n);
        }
      }
    }
    c["previous_resource"] = resource_json(p);
  }
  if (import_id && word == "noop") word = "import";
  c["action"] = word;
  const std::string why = reason_word(reason);
  if (!why.empty()) c["reason"] = why;
  if (import_id) c["importing"] = OJson{{"id", *import_id}};
  return c;
}

// The enclosing block's header ("resource \"a\" \"b\""), found by looking upwards for the
// nearest unindented line opening a block. An approximation of hcled.ContextString that needs
// no parser; good for the configuration layouts fgform fmt produces.
std::optional<std::string> context_string(const std::string& src, int line) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= src.size()) {
    const auto nl = src.find('\n', start);
    lines.push_back(src.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  for (int i = std::min<int>(line, static_cast<int>(lines.size())) - 1; i >= 0; --i) {
    const std::string& l = lines[static_cast<std::size_t>(i)];
    if (l.empty() || l[0] == ' ' || l[0] == '\t' || l[0] == '#' || l[0] == '}') continue;
    std::string t = trim_space(l);
    if (t.empty() || t.back() != '{') continue;
    t.pop_back();
    return trim_space(t);
  }
  return std::nullopt;
}

}  // namespace

ResourceAddress ResourceAddress::of(const plan::ResourceInstanceChange& c) {
  return {c.address, c.module_address, c.mode, c.type, c.name, c.index_key};
}

ResourceAddress ResourceAddress::of(const plan::ResourceDrift& d) {
  ResourceAddress r{d.address, "", d.mode, d.type, d.name, d.index_key};
  const std::string local = (d.mode == plan::Mode::kData ? ".data." : ".") + d.type + "." + d.name;
  const auto pos = d.address.rfind(local);
  if (pos != std::string::npos && pos > 0) r.module = d.address.substr(0, pos);
  return r;
}

std::string change_summary_message(const ChangeSummary& s) {
  const auto n = [](int v) { return std::to_string(v); };
  switch (s.operation) {
    case Operation::kApply:
      if (s.import > 0)
        return "Apply complete! Resources: " + n(s.import) + " imported, " + n(s.add) + " added, " +
               n(s.change) + " changed, " + n(s.remove) + " destroyed.";
      return "Apply complete! Resources: " + n(s.add) + " added, " + n(s.change) + " changed, " +
             n(s.remove) + " destroyed.";
    case Operation::kDestroy:
      return "Destroy complete! Resources: " + n(s.remove) + " destroyed.";
    case Operation::kPlan:
      if (s.import > 0)
        return "Plan: " + n(s.import) + " to import, " + n(s.add) + " to add, " + n(s.change) +
               " to change, " + n(s.remove) + " to destroy.";
      return "Plan: " + n(s.add) + " to add, " + n(s.change) + " to change, " + n(s.remove) +
             " to destroy.";
  }
  return "";
}

std::string stream_action(Action action) {
  switch (action) {
    case Action::kNoOp:
      return "noop";
    case Action::kCreate:
      return "create";
    case Action::kRead:
      return "read";
    case Action::kUpdate:
      return "update";
    case Action::kDeleteThenCreate:
    case Action::kCreateThenDelete:
      return "replace";
    case Action::kDelete:
      return "delete";
    case Action::kForget:
      return "remove";
  }
  return "noop";
}

JsonStream::JsonStream(std::string version, std::function<std::string()> now)
    : version_(std::move(version)), now_(now ? std::move(now) : utc_now_micros) {}

std::string JsonStream::line(const char* level, const std::string& message, const char* type,
                             std::vector<std::pair<std::string, OJson>> fields) const {
  // hclog's JSON format writes the top-level keys sorted.
  std::map<std::string, OJson> top;
  top["@level"] = level;
  top["@message"] = message;
  top["@module"] = "fgform.ui";
  top["@timestamp"] = now_();
  top["type"] = type;
  for (auto& [k, v] : fields) top[k] = std::move(v);
  OJson out = OJson::object();
  for (auto& [k, v] : top) out[k] = std::move(v);
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string JsonStream::version() const {
  return line("info", "fgform " + version_, "version", {{"terraform", version_}, {"ui", "1.2"}});
}

std::string JsonStream::log(LogLevel level, const std::string& message) const {
  const char* l = "info";
  switch (level) {
    case LogLevel::kTrace:
      l = "trace";
      break;
    case LogLevel::kDebug:
      l = "debug";
      break;
    case LogLevel::kInfo:
      l = "info";
      break;
    case LogLevel::kWarn:
      l = "warn";
      break;
    case LogLevel::kError:
      l = "error";
      break;
  }
  return line(l, message, "log", {});
}

nlohmann::ordered_json JsonStream::diagnostic_json(
    const value::Diagnostic& d, const std::map<std::string, std::string>& sources) {
  OJson o;
  o["severity"] = d.severity == value::Severity::kError ? "error" : "warning";
  o["summary"] = d.summary;
  o["detail"] = d.detail;
  if (!d.range) return o;
  value::SourceRange hl = *d.range;
  if (hl.end.byte < hl.start.byte) hl.end = hl.start;
  value::SourceRange snip = hl;
  // Empty ranges still point somewhere: widen them by one character, as Terraform does.
  if (snip.end.byte == snip.start.byte) {
    ++snip.end.byte;
    ++snip.end.column;
  }
  if (hl.end.byte == hl.start.byte) {
    ++hl.end.byte;
    ++hl.end.column;
  }
  const auto pos = [](const value::SourcePos& p) {
    OJson j;
    j["line"] = p.line;
    j["column"] = p.column;
    j["byte"] = p.byte;
    return j;
  };
  OJson range;
  range["filename"] = hl.filename;
  range["start"] = pos(hl.start);
  range["end"] = pos(hl.end);
  o["range"] = range;
  auto src_it = sources.find(hl.filename);
  if (src_it == sources.end()) return o;
  const std::string& src = src_it->second;
  OJson snippet;
  if (auto ctx = context_string(src, hl.start.line)) {
    snippet["context"] = *ctx;
  } else {
    snippet["context"] = nullptr;
  }
  // The code: every source line the snippet range touches.
  std::string code;
  int code_start = -1;
  std::size_t line_start = 0;
  while (line_start <= src.size()) {
    auto nl = src.find('\n', line_start);
    const std::size_t line_end = nl == std::string::npos ? src.size() : nl;
    const auto ls = static_cast<int>(line_start), le = static_cast<int>(line_end);
    if (ls < snip.end.byte && snip.start.byte <= le) {
      if (code_start < 0) code_start = ls;
      code += src.substr(line_start, line_end - line_start);
      code += '\n';
    }
    if (nl == std::string::npos) break;
    line_start = nl + 1;
  }
  if (!code.empty()) code.pop_back();
  if (code_start < 0) code_start = 0;
  int start = hl.start.byte - code_start;
  int end = start + (hl.end.byte - hl.start.byte);
  const int len = static_cast<int>(code.size());
  start = std::clamp(start, 0, len);
  end = std::clamp(end, 0, len);
  snippet["code"] = code;
  snippet["start_line"] = snip.start.line;
  snippet["highlight_start_offset"] = start;
  snippet["highlight_end_offset"] = end;
  snippet["values"] = OJson::array();
  o["snippet"] = snippet;
  return o;
}

std::string JsonStream::diagnostic(const value::Diagnostic& d,
                                   const std::map<std::string, std::string>& sources) const {
  const bool error = d.severity == value::Severity::kError;
  return line(error ? "error" : "warn", (error ? "Error: " : "Warning: ") + d.summary, "diagnostic",
              {{"diagnostic", diagnostic_json(d, sources)}});
}

std::string JsonStream::planned_change(const plan::ResourceInstanceChange& c) const {
  OJson ch =
      change_json(ResourceAddress::of(c), c.previous_address, c.action, c.reason, c.import_id);
  const std::string message = c.address + ": Plan to " + ch["action"].get<std::string>();
  return line("info", message, "planned_change", {{"change", ch}});
}

std::string JsonStream::resource_drift(const plan::ResourceDrift& d) const {
  const Action action = d.after.is_null() ? Action::kDelete : Action::kUpdate;
  OJson ch = change_json(ResourceAddress::of(d), std::nullopt, action, plan::ActionReason::kNone,
                         std::nullopt);
  const std::string message =
      d.address + ": Drift detected (" + ch["action"].get<std::string>() + ")";
  return line("info", message, "resource_drift", {{"change", ch}});
}

std::string JsonStream::change_summary(const ChangeSummary& s) const {
  OJson c;
  c["add"] = s.add;
  c["change"] = s.change;
  c["import"] = s.import;
  c["remove"] = s.remove;
  c["operation"] = s.operation == Operation::kPlan    ? "plan"
                   : s.operation == Operation::kApply ? "apply"
                                                      : "destroy";
  return line("info", change_summary_message(s), "change_summary", {{"changes", c}});
}

std::string JsonStream::outputs(const std::vector<plan::OutputChange>& changes) const {
  std::map<std::string, OJson> sorted;
  for (const auto& o : changes) {
    OJson j;
    j["sensitive"] = o.sensitive;
    j["action"] = stream_action(o.action);
    sorted[o.name] = j;
  }
  OJson all = OJson::object();
  for (auto& [k, v] : sorted) all[k] = std::move(v);
  return line("info", "Outputs: " + std::to_string(changes.size()), "outputs", {{"outputs", all}});
}

std::string JsonStream::outputs(const std::vector<OutputValue>& values) const {
  std::map<std::string, OJson> sorted;
  for (const auto& o : values) {
    OJson j;
    const bool sensitive = o.sensitive || o.value.contains_sensitive();
    j["sensitive"] = sensitive;
    j["type"] = to_ordered(o.value.type().to_json());
    if (!sensitive) {
      if (auto v = value_json(o.value)) j["value"] = to_ordered(*v);
    }
    sorted[o.name] = j;
  }
  OJson all = OJson::object();
  for (auto& [k, v] : sorted) all[k] = std::move(v);
  return line("info", "Outputs: " + std::to_string(values.size()), "outputs", {{"outputs", all}});
}

std::string JsonStream::apply_start(const ResourceAddress& r, Action action,
                                    const std::string& id_key, const std::string& id_value) const {
  OJson h;
  h["resource"] = resource_json(r);
  h["action"] = stream_action(action);
  if (!id_key.empty()) h["id_key"] = id_key;
  if (!id_value.empty()) h["id_value"] = id_value;
  return line("info", r.addr + ": " + start_verb(action) + "..." + id_suffix(id_key, id_value),
              "apply_start", {{"hook", h}});
}

std::string JsonStream::apply_progress(const ResourceAddress& r, Action action,
                                       double elapsed_seconds) const {
  OJson h;
  h["resource"] = resource_json(r);
  h["action"] = stream_action(action);
  h["elapsed_seconds"] = seconds_json(elapsed_seconds);
  return line("info",
              r.addr + ": Still " + progress_verb(action) + "... [" +
                  elapsed_text(elapsed_seconds) + " elapsed]",
              "apply_progress", {{"hook", h}});
}

std::string JsonStream::apply_complete(const ResourceAddress& r, Action action,
                                       const std::string& id_key, const std::string& id_value,
                                       double elapsed_seconds) const {
  OJson h;
  h["resource"] = resource_json(r);
  h["action"] = stream_action(action);
  if (!id_key.empty()) h["id_key"] = id_key;
  if (!id_value.empty()) h["id_value"] = id_value;
  h["elapsed_seconds"] = seconds_json(elapsed_seconds);
  return line("info",
              r.addr + ": " + noun(action) + " complete after " + elapsed_text(elapsed_seconds) +
                  id_suffix(id_key, id_value),
              "apply_complete", {{"hook", h}});
}

std::string JsonStream::apply_errored(const ResourceAddress& r, Action action,
                                      double elapsed_seconds) const {
  OJson h;
  h["resource"] = resource_json(r);
  h["action"] = stream_action(action);
  h["elapsed_seconds"] = seconds_json(elapsed_seconds);
  return line("info",
              r.addr + ": " + noun(action) + " errored after " + elapsed_text(elapsed_seconds),
              "apply_errored", {{"hook", h}});
}

std::string JsonStream::refresh_start(const ResourceAddress& r, const std::string& id_key,
                                      const std::string& id_value) const {
  OJson h;
  h["resource"] = resource_json(r);
  if (!id_key.empty()) h["id_key"] = id_key;
  if (!id_value.empty()) h["id_value"] = id_value;
  return line("info", r.addr + ": Refreshing state..." + id_suffix(id_key, id_value),
              "refresh_start", {{"hook", h}});
}

std::string JsonStream::refresh_complete(const ResourceAddress& r, const std::string& id_key,
                                         const std::string& id_value) const {
  OJson h;
  h["resource"] = resource_json(r);
  if (!id_key.empty()) h["id_key"] = id_key;
  if (!id_value.empty()) h["id_value"] = id_value;
  return line("info", r.addr + ": Refresh complete" + id_suffix(id_key, id_value),
              "refresh_complete", {{"hook", h}});
}

std::vector<std::string> plan_stream_lines(const plan::Plan& plan, const JsonStream& stream) {
  std::vector<std::string> lines;
  for (const auto& d : plan.drift)
    if (d.before != d.after) lines.push_back(stream.resource_drift(d));
  for (const auto& c : plan.changes) {
    // Deleted data sources and plain no-ops are not worth a line, as in Terraform.
    if (c.action == Action::kDelete && c.mode == plan::Mode::kData) continue;
    const bool moved = c.previous_address && *c.previous_address != c.address;
    if (c.action == Action::kNoOp && !moved && !c.import_id) continue;
    lines.push_back(stream.planned_change(c));
  }
  const auto s = plan.summary();
  lines.push_back(stream.change_summary({s.add, s.change, s.import, s.destroy, Operation::kPlan}));
  if (!plan.outputs.empty()) lines.push_back(stream.outputs(plan.outputs));
  return lines;
}

}  // namespace fgform::render
