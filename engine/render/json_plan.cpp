#include "render/json_plan.h"

#include <map>

#include "render/structured.h"

namespace fgform::render {
namespace {

using plan::Action;
using value::Value;

Value with_schema_marks(const Value& v, const schema::Schema* s) {
  return s ? mark_schema_sensitive(v, s->block) : v;
}

// jsonplan's Change for a resource: both sides always present (null when absent), the after
// value without unknowns and the masks.
Json change_body(const Value& before_raw, const Value& after_raw, const schema::Schema* s) {
  const Value before = with_schema_marks(before_raw, s);
  const Value after = with_schema_marks(after_raw, s);
  Json change = Json::object();
  change["before"] = value_json(before).value_or(Json());
  if (auto a = value_json(after)) change["after"] = *a;  // left out when wholly unknown
  change["after_unknown"] = after.is_wholly_known() ? Json::object() : unknown_mask(after);
  change["before_sensitive"] = sensitive_mask(before);
  change["after_sensitive"] = sensitive_mask(after);
  return change;
}

Json index_json(const Value& key) {
  if (key.is_null() || !key.is_known()) return Json();
  return value_json(key).value_or(Json());
}

void add_address_fields(Json& out, const std::string& address, const std::string& module,
                        plan::Mode mode, const std::string& type, const std::string& name,
                        const Value& index, const std::string& provider) {
  out["address"] = address;
  if (!module.empty()) out["module_address"] = module;
  out["mode"] = mode_string(mode);
  out["type"] = type;
  out["name"] = name;
  if (!index.is_null()) out["index"] = index_json(index);
  out["provider_name"] = provider_name(provider);
}

Json output_value_json(const plan::OutputChange& o) {
  Json out = Json::object();
  out["sensitive"] = o.sensitive || o.after.contains_sensitive();
  if (o.after.is_wholly_known()) {
    out["type"] = o.after.type().to_json();
    out["value"] = value_json(o.after).value_or(Json());
  }
  return out;
}

Json planned_resource_json(const plan::ResourceInstanceChange& c) {
  Json r = Json::object();
  add_address_fields(r, c.address, "", c.mode, c.type, c.name, c.index_key, c.provider_address);
  r["schema_version"] = c.schema ? c.schema->version : 0;
  const Value after = with_schema_marks(c.after, c.schema);
  Json values = value_json(after).value_or(Json::object());
  r["values"] = values.is_null() ? Json::object() : values;
  r["sensitive_values"] = sensitive_mask(after);
  return r;
}

Json prior_resource_json(const plan::ResourceInstanceChange& c) {
  Json r = Json::object();
  add_address_fields(r, c.address, "", c.mode, c.type, c.name, c.index_key, c.provider_address);
  r["schema_version"] = c.schema ? c.schema->version : 0;
  const Value before = with_schema_marks(c.before, c.schema);
  r["values"] = value_json(before).value_or(Json::object());
  r["sensitive_values"] = sensitive_mask(before);
  return r;
}

// Groups resources by module address like jsonplan's module tree (one level of child modules:
// each module instance is listed with its full address).
Json module_tree(const std::vector<std::pair<std::string, Json>>& resources) {
  Json root = Json::object();
  Json root_resources = Json::array();
  std::map<std::string, Json> children;
  for (const auto& [module, r] : resources) {
    if (module.empty()) {
      root_resources.push_back(r);
    } else {
      children[module].push_back(r);
    }
  }
  if (!root_resources.empty()) root["resources"] = root_resources;
  if (!children.empty()) {
    Json list = Json::array();
    for (auto& [address, rs] : children) list.push_back({{"resources", rs}, {"address", address}});
    root["child_modules"] = list;
  }
  return root;
}

}  // namespace

Json actions_json(Action action) {
  switch (action) {
    case Action::kNoOp:
      return {"no-op"};
    case Action::kCreate:
      return {"create"};
    case Action::kRead:
      return {"read"};
    case Action::kUpdate:
      return {"update"};
    case Action::kDeleteThenCreate:
      return {"delete", "create"};
    case Action::kCreateThenDelete:
      return {"create", "delete"};
    case Action::kDelete:
      return {"delete"};
    case Action::kForget:
      return {"forget"};
  }
  return {"no-op"};
}

std::string action_reason_string(plan::ActionReason reason) {
  using R = plan::ActionReason;
  switch (reason) {
    case R::kNone:
      return "";
    case R::kReplaceBecauseTainted:
      return "replace_because_tainted";
    case R::kReplaceByRequest:
      return "replace_by_request";
    case R::kReplaceBecauseCannotUpdate:
      return "replace_because_cannot_update";
    case R::kReplaceByTriggers:
      return "replace_by_triggers";
    case R::kDeleteBecauseNoResourceConfig:
      return "delete_because_no_resource_config";
    case R::kDeleteBecauseWrongRepetition:
      return "delete_because_wrong_repetition";
    case R::kDeleteBecauseCountIndex:
      return "delete_because_count_index";
    case R::kDeleteBecauseEachKey:
      return "delete_because_each_key";
    case R::kDeleteBecauseNoModule:
      return "delete_because_no_module";
    case R::kReadBecauseConfigUnknown:
      return "read_because_config_unknown";
    case R::kReadBecauseDependencyPending:
      return "read_because_dependency_pending";
  }
  return "";
}

std::string mode_string(plan::Mode mode) {
  return mode == plan::Mode::kData ? "data" : "managed";
}

std::string provider_name(const std::string& provider_address) {
  // provider["registry.terraform.io/fgform/functiongraph"] (optionally with a module prefix or
  // an alias suffix) -> registry.terraform.io/fgform/functiongraph
  const auto open = provider_address.find("provider[\"");
  if (open == std::string::npos) return provider_address;
  const auto start = open + 10;
  const auto close = provider_address.find("\"]", start);
  if (close == std::string::npos) return provider_address;
  return provider_address.substr(start, close - start);
}

Json resource_change_json(const plan::ResourceInstanceChange& c) {
  Json out = Json::object();
  add_address_fields(out, c.address, c.module_address, c.mode, c.type, c.name, c.index_key,
                     c.provider_address);
  if (c.previous_address && *c.previous_address != c.address)
    out["previous_address"] = *c.previous_address;
  Json change = change_body(c.before, c.after, c.schema);
  change["actions"] = actions_json(c.action);
  if (!c.replace_paths.empty()) {
    Json paths = Json::array();
    for (const auto& p : c.replace_paths) paths.push_back(path_json(p));
    change["replace_paths"] = paths;
  }
  if (c.import_id) change["importing"] = {{"id", *c.import_id}};
  out["change"] = std::move(change);
  const std::string reason = action_reason_string(c.reason);
  if (!reason.empty()) out["action_reason"] = reason;
  return out;
}

Json resource_drift_json(const plan::ResourceDrift& d) {
  Json out = Json::object();
  std::string module;
  // Drift entries have no module field in the plan model; derive it from the address.
  const std::string local = (d.mode == plan::Mode::kData ? ".data." : ".") + d.type + "." + d.name;
  const auto dot = d.address.rfind(local);
  if (dot != std::string::npos && dot > 0) module = d.address.substr(0, dot);
  add_address_fields(out, d.address, module, d.mode, d.type, d.name, d.index_key,
                     d.provider_address);
  Json change = change_body(d.before, d.after, d.schema);
  Action action = Action::kUpdate;
  if (d.after.is_null())
    action = Action::kDelete;
  else if (d.before == d.after)
    action = Action::kNoOp;
  change["actions"] = actions_json(action);
  out["change"] = std::move(change);
  return out;
}

Json output_change_json(const plan::OutputChange& o) {
  Json out = Json::object();
  out["actions"] = actions_json(o.action);
  out["before"] = value_json(o.before).value_or(Json());
  if (auto a = value_json(o.after)) out["after"] = *a;
  out["after_unknown"] = o.after.is_wholly_known() ? Json(false) : unknown_mask(o.after);
  // Terraform marks the whole output when it is declared sensitive; a value merely carrying a
  // sensitive mark is treated the same (the output could not be shown anyway).
  const bool sensitive =
      o.sensitive || o.after.contains_sensitive() || o.before.contains_sensitive();
  out["before_sensitive"] = sensitive;
  out["after_sensitive"] = sensitive;
  return out;
}

Json plan_to_json(const plan::Plan& plan, const JsonPlanOptions& options) {
  Json out = Json::object();
  out["format_version"] = "1.2";
  out["terraform_version"] = options.version;

  // planned_values: the state as it will be after apply (unknowns left out).
  Json planned = Json::object();
  Json planned_outputs = Json::object();
  for (const auto& o : plan.outputs)
    if (o.action != Action::kDelete) planned_outputs[o.name] = output_value_json(o);
  if (!planned_outputs.empty()) planned["outputs"] = planned_outputs;
  std::vector<std::pair<std::string, Json>> planned_resources, prior_resources;
  for (const auto& c : plan.changes) {
    if (c.action != Action::kDelete && c.action != Action::kForget)
      planned_resources.emplace_back(c.module_address, planned_resource_json(c));
    if (!c.before.is_null() && c.mode == plan::Mode::kManaged)
      prior_resources.emplace_back(c.module_address, prior_resource_json(c));
  }
  planned["root_module"] = module_tree(planned_resources);
  out["planned_values"] = planned;

  Json drift = Json::array();
  for (const auto& d : plan.drift) {
    if (d.before == d.after) continue;
    drift.push_back(resource_drift_json(d));
  }
  if (!drift.empty()) out["resource_drift"] = drift;

  Json changes = Json::array();
  for (const auto& c : plan.changes) changes.push_back(resource_change_json(c));
  if (!changes.empty()) out["resource_changes"] = changes;

  Json outputs = Json::object();
  for (const auto& o : plan.outputs) outputs[o.name] = output_change_json(o);
  if (!outputs.empty()) out["output_changes"] = outputs;

  if (!prior_resources.empty()) {
    out["prior_state"] = {{"format_version", "1.0"},
                          {"terraform_version", options.version},
                          {"values", {{"root_module", module_tree(prior_resources)}}}};
  }
  out["configuration"] = {{"provider_config", Json::object()}, {"root_module", Json::object()}};
  if (!options.timestamp.empty()) out["timestamp"] = options.timestamp;
  out["applyable"] = !plan.errored && !plan.empty();
  out["complete"] = !plan.errored;
  out["errored"] = plan.errored;
  return out;
}

}  // namespace fgform::render
