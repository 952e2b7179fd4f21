#include "core/plan_file.h"

#include <algorithm>
#include <array>
#include <utility>

#include "cloud/crypto.h"
#include "state/state_file.h"
#include "value/marks.h"

namespace fgform::core {
namespace {

using nlohmann::json;
using value::Diagnostic;
using value::Value;

constexpr int kFormat = 1;
constexpr const char* kFormatKey = "fgform_plan_format";

// Enum spellings in the file. Terraform's JSON names where it has one.
constexpr std::array<std::pair<plan::Action, const char*>, 8> kActions{{
    {plan::Action::kNoOp, "no-op"},
    {plan::Action::kCreate, "create"},
    {plan::Action::kRead, "read"},
    {plan::Action::kUpdate, "update"},
    {plan::Action::kDeleteThenCreate, "delete-then-create"},
    {plan::Action::kCreateThenDelete, "create-then-delete"},
    {plan::Action::kDelete, "delete"},
    {plan::Action::kForget, "forget"},
}};

constexpr std::array<std::pair<plan::ActionReason, const char*>, 12> kReasons{{
    {plan::ActionReason::kNone, ""},
    {plan::ActionReason::kReplaceBecauseTainted, "replace_because_tainted"},
    {plan::ActionReason::kReplaceByRequest, "replace_by_request"},
    {plan::ActionReason::kReplaceBecauseCannotUpdate, "replace_because_cannot_update"},
    {plan::ActionReason::kReplaceByTriggers, "replace_by_triggers"},
    {plan::ActionReason::kDeleteBecauseNoResourceConfig, "delete_because_no_resource_config"},
    {plan::ActionReason::kDeleteBecauseWrongRepetition, "delete_because_wrong_repetition"},
    {plan::ActionReason::kDeleteBecauseCountIndex, "delete_because_count_index"},
    {plan::ActionReason::kDeleteBecauseEachKey, "delete_because_each_key"},
    {plan::ActionReason::kDeleteBecauseNoModule, "delete_because_no_module"},
    {plan::ActionReason::kReadBecauseConfigUnknown, "read_because_config_unknown"},
    {plan::ActionReason::kReadBecauseDependencyPending, "read_because_dependency_pending"},
}};

constexpr std::array<std::pair<plan::PlanMode, const char*>, 3> kModes{{
    {plan::PlanMode::kNormal, "normal"},
    {plan::PlanMode::kDestroy, "destroy"},
    {plan::PlanMode::kRefreshOnly, "refresh-only"},
}};

template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& table, E e) {
  for (const auto& [k, v] : table)
    if (k == e) return v;
  return "";
}

// Thrown while reading; caught in read_plan_file, never escapes it.
struct BadPlan {
  std::string detail;
};

template <typename E, std::size_t N>
E parse_enum(const std::array<std::pair<E, const char*>, N>& table, const json& j,
             const char* what) {
  if (j.is_string())
    for (const auto& [k, v] : table)
      if (j.get<std::string>() == v) return k;
  throw BadPlan{std::string("unknown ") + what + " " + j.dump()};
}

const json& field(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) throw BadPlan{std::string("missing \"") + key + "\""};
  return j.at(key);
}

std::string text_field(const json& j, const char* key) {
  const json& f = field(j, key);
  if (!f.is_string()) throw BadPlan{std::string("\"") + key + "\" is not a string"};
  return f.get<std::string>();
}

// A value with its exact type, unknowns (msgpack's extension) and sensitive paths.
json encode_value(const Value& v) {
  auto packed = value::to_msgpack(v.without_marks(), v.type());
  json paths = json::array();
  for (const auto& p : value::sensitive_paths_of(v)) paths.push_back(state::path_to_v4(p));
  return json{{"type", v.type().to_json()},
              {"msgpack", cloud::base64_encode(packed.value)},
              {"sensitive", std::move(paths)}};
}

Value decode_value(const json& j) {
  auto type = value::Type::from_json(field(j, "type"));
  if (!type) throw BadPlan{"a value has an invalid type " + field(j, "type").dump()};
  std::string bytes;
  if (!cloud::base64_decode(text_field(j, "msgpack"), bytes))
    throw BadPlan{"a value is not valid base64"};
  auto v = value::from_msgpack(bytes, *type);
  if (!v.ok()) throw BadPlan{"a value does not decode: " + v.diagnostics.begin()->summary};
  std::vector<value::Path> paths;
  for (const auto& p : field(j, "sensitive")) {
    if (auto path = state::path_from_v4(p)) paths.push_back(std::move(*path));
  }
  return value::mark_paths(v.value, paths);
}

plan::Mode parse_mode(const json& j) {
  std::string m = j.is_string() ? j.get<std::string>() : "";
  if (m == "managed") return plan::Mode::kManaged;
  if (m == "data") return plan::Mode::kData;
  throw BadPlan{"unknown resource mode " + j.dump()};
}

const char* mode_name(plan::Mode m) { return m == plan::Mode::kData ? "data" : "managed"; }

state::ResourceMode state_mode(plan::Mode m) {
  return m == plan::Mode::kData ? state::ResourceMode::kData : state::ResourceMode::kManaged;
}

const schema::Schema* schema_of(plan::Mode mode, const std::string& type) {
  const schema::Schema* s = schema_for(state_mode(mode), type);
  if (!s) throw BadPlan{"this fgform has no schema for \"" + type + "\""};
  return s;
}

json encode_change(const plan::ResourceInstanceChange& c) {
  json replace = json::array();
  for (const auto& p : c.replace_paths) replace.push_back(state::path_to_v4(p));
  json j{{"address", c.address},
         {"module_address", c.module_address},
         {"mode", mode_name(c.mode)},
         {"type", c.type},
         {"name", c.name},
         {"index_key", encode_value(c.index_key)},
         {"provider_address", c.provider_address},
         {"action", name_of(kActions, c.action)},
         {"reason", name_of(kReasons, c.reason)},
         {"before", encode_value(c.before)},
         {"after", encode_value(c.after)},
         {"replace_paths", std::move(replace)}};
  if (c.previous_address) j["previous_address"] = *c.previous_address;
  if (c.import_id) j["import_id"] = *c.import_id;
  return j;
}

plan::ResourceInstanceChange decode_change(const json& j) {
  plan::ResourceInstanceChange c;
  c.address = text_field(j, "address");
  c.module_address = text_field(j, "module_address");
  c.mode = parse_mode(field(j, "mode"));
  c.type = text_field(j, "type");
  c.name = text_field(j, "name");
  c.index_key = decode_value(field(j, "index_key"));
  c.provider_address = text_field(j, "provider_address");
  c.action = parse_enum(kActions, field(j, "action"), "action");
  c.reason = parse_enum(kReasons, field(j, "reason"), "action reason");
  c.before = decode_value(field(j, "before"));
  c.after = decode_value(field(j, "after"));
  for (const auto& p : field(j, "replace_paths")) {
    if (auto path = state::path_from_v4(p)) c.replace_paths.push_back(std::move(*path));
  }
  if (j.contains("previous_address")) c.previous_address = text_field(j, "previous_address");
  if (j.contains("import_id")) c.import_id = text_field(j, "import_id");
  c.schema = schema_of(c.mode, c.type);
  return c;
}

json encode_drift(const plan::ResourceDrift& d) {
  return json{{"address", d.address},
              {"mode", mode_name(d.mode)},
              {"type", d.type},
              {"name", d.name},
              {"index_key", encode_value(d.index_key)},
              {"provider_address", d.provider_address},
              {"before", encode_value(d.before)},
              {"after", encode_value(d.after)}};
}

plan::ResourceDrift decode_drift(const json& j) {
  plan::ResourceDrift d;
  d.address = text_field(j, "address");
  d.mode = parse_mode(field(j, "mode"));
  d.type = text_field(j, "type");
  d.name = text_field(j, "name");
  d.index_key = decode_value(field(j, "index_key"));
  d.provider_address = text_field(j, "provider_address");
  d.before = decode_value(field(j, "before"));
  d.after = decode_value(field(j, "after"));
  d.schema = schema_of(d.mode, d.type);
  return d;
}

json string_list(const std::vector<std::string>& v) {
  json a = json::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

std::vector<std::string> parse_string_list(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) throw BadPlan{"expected a list of strings"};
  for (const auto& s : j) {
    if (!s.is_string()) throw BadPlan{"expected a list of strings"};
    out.push_back(s.get<std::string>());
  }
  return out;
}

SavedPlan decode(const json& root, const std::string& filename) {
  SavedPlan out;
  out.fgform_version = text_field(root, "fgform_version");
  out.config_digest = text_field(root, "config_digest");
  const json& st = field(root, "state");
  out.state_lineage = text_field(st, "lineage");
  const json& serial = field(st, "serial");
  if (!serial.is_number_unsigned()) throw BadPlan{"\"serial\" is not a number"};
  out.state_serial = serial.get<std::uint64_t>();
  out.targets = parse_string_list(field(root, "targets"));
  out.replace = parse_string_list(field(root, "replace"));

  const json& p = field(root, "plan");
  plan::Plan& plan = out.planned.plan;
  plan.mode = parse_enum(kModes, field(p, "mode"), "plan mode");
  const json& errored = field(p, "errored");
  if (!errored.is_boolean()) throw BadPlan{"\"errored\" is not a boolean"};
  plan.errored = errored.get<bool>();
  for (const auto& c : field(p, "changes")) plan.changes.push_back(decode_change(c));
  for (const auto& d : field(p, "drift")) plan.drift.push_back(decode_drift(d));
  for (const auto& o : field(p, "outputs")) {
    plan::OutputChange oc;
    oc.name = text_field(o, "name");
    oc.action = parse_enum(kActions, field(o, "action"), "action");
    oc.before = decode_value(field(o, "before"));
    oc.after = decode_value(field(o, "after"));
    const json& sensitive = field(o, "sensitive");
    if (!sensitive.is_boolean()) throw BadPlan{"\"sensitive\" is not a boolean"};
    oc.sensitive = sensitive.get<bool>();
    plan.outputs.push_back(std::move(oc));
  }
  for (const auto& [name, v] : field(root, "variables").items())
    out.planned.variables[name] = decode_value(v);

  auto prior = state::parse_state(text_field(root, "prior_state"), filename + " (prior state)");
  if (!prior.ok()) {
    const auto& d = *prior.diagnostics.begin();
    throw BadPlan{"its prior state does not read: " + d.summary + ": " + d.detail};
  }
  out.planned.prior_state = std::move(prior.value);
  return out;
}

}  // namespace

std::string config_digest(const config::Config& config) {
  std::string all;
  if (config.files) {
    // std::map: already in name order. Lengths keep "ab"+"c" apart from "a"+"bc".
    for (const auto& [name, file] : *config.files) {
      const std::string& src = file && file->source ? *file->source : std::string();
      all += std::to_string(name.size()) + ":" + name + std::to_string(src.size()) + ":" + src;
    }
  }
  return cloud::sha256_hex(all);
}

value::Decoded<std::string> write_plan_file(const SavedPlan& saved) {
  value::Decoded<std::string> out;
  const plan::Plan& plan = saved.planned.plan;
  json changes = json::array();
  for (const auto& c : plan.changes) changes.push_back(encode_change(c));
  json drift = json::array();
  for (const auto& d : plan.drift) drift.push_back(encode_drift(d));
  json outputs = json::array();
  for (const auto& o : plan.outputs) {
    outputs.push_back(json{{"name", o.name},
                           {"action", name_of(kActions, o.action)},
                           {"before", encode_value(o.before)},
                           {"after", encode_value(o.after)},
                           {"sensitive", o.sensitive}});
  }
  json variables = json::object();
  for (const auto& [name, v] : saved.planned.variables) variables[name] = encode_value(v);
  json root{
      {kFormatKey, kFormat},
      {"fgform_version", saved.fgform_version},
      {"config_digest", saved.config_digest},
      {"state", json{{"lineage", saved.state_lineage}, {"serial", saved.state_serial}}},
      {"targets", string_list(saved.targets)},
      {"replace", string_list(saved.replace)},
      {"plan", json{{"mode", name_of(kModes, plan.mode)},
                    {"errored", plan.errored},
                    {"changes", std::move(changes)},
                    {"drift", std::move(drift)},
                    {"outputs", std::move(outputs)}}},
      {"variables", std::move(variables)},
      {"prior_state", state::write_state(saved.planned.prior_state)},
  };
  out.value = root.dump(1) + "\n";
  return out;
}

value::Decoded<SavedPlan> read_plan_file(std::string_view bytes, const std::string& filename) {
  value::Decoded<SavedPlan> out;
  auto fail = [&](const std::string& detail) {
    out.diagnostics.add(Diagnostic::error(
        "Failed to load \"" + filename + "\" as a plan file",
        "Error: " + detail + "."));
    return out;
  };
  if (bytes.substr(0, 2) == "PK") {
    return fail("this is a Terraform plan file; fgform can only apply plans made by fgform plan "
                "-out");
  }
  json root = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    return fail("the file is not a saved plan (it is not valid JSON; it may be truncated)");
  }
  if (!root.contains(kFormatKey)) {
    if (root.contains("lineage") && root.contains("version"))
      return fail("this is a state file, not a saved plan");
    return fail("the file is not a saved plan made by fgform plan -out");
  }
  const json& format = root.at(kFormatKey);
  if (!format.is_number_integer() || format.get<int>() != kFormat) {
    return fail("the plan file format " + format.dump() + " is not supported by this fgform "
                "(it reads format " + std::to_string(kFormat) + "); make the plan again with "
                "this version");
  }
  try {
    out.value = decode(root, filename);
  } catch (const BadPlan& e) {
    return fail("the plan file is damaged: " + e.detail);
  } catch (const json::exception& e) {
    return fail(std::string("the plan file is damaged: ") + e.what());
  }
  return out;
}

}  // namespace fgform::core
