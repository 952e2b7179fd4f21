// Reads a real `terraform show -json` plan back into the plan model, using the built-in
// schemas, so the renderers can be checked against Terraform's own text for the same plan.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plan/plan.h"
#include "schema/registry.h"
#include "value/value.h"

namespace fgform::render::test {

using Json = nlohmann::json;

inline value::Value value_from_json(const Json& j, const Json& unknown, const Json& sensitive,
                                    const value::Type& t);

// A value of unknown type (outputs, dynamic attributes) inferred from plain JSON.
inline value::Value infer_value(const Json& j, const Json& unknown, const Json& sensitive) {
  using value::Value;
  if (unknown.is_boolean() && unknown.get<bool>()) return Value::unknown(value::Type::dynamic());
  Value v;
  if (j.is_null()) {
    v = Value::null(value::Type::dynamic());
  } else if (j.is_string()) {
    v = Value::string(j.get<std::string>());
  } else if (j.is_boolean()) {
    v = Value::boolean(j.get<bool>());
  } else if (j.is_number()) {
    v = Value::number(*value::Number::parse(j.dump()));
  } else if (j.is_array()) {
    Value::Elements items;
    for (std::size_t i = 0; i < j.size(); ++i) {
      items.push_back(
          infer_value(j[i], unknown.is_array() && i < unknown.size() ? unknown[i] : Json(),
                      sensitive.is_array() && i < sensitive.size() ? sensitive[i] : Json()));
    }
    v = Value::tuple(std::move(items));
  } else {
    Value::Entries e;
    for (auto it = j.begin(); it != j.end(); ++it) {
      e[it.key()] =
          infer_value(it.value(), unknown.is_object() ? unknown.value(it.key(), Json()) : Json(),
                      sensitive.is_object() ? sensitive.value(it.key(), Json()) : Json());
    }
    v = Value::object(std::move(e));
  }
  if (sensitive.is_boolean() && sensitive.get<bool>()) v = v.marked_sensitive();
  return v;
}

inline value::Value value_from_json(const Json& j, const Json& unknown, const Json& sensitive,
                                    const value::Type& t) {
  using value::Type;
  using value::Value;
  const auto member = [](const Json& m, const std::string& k) {
    return m.is_object() && m.contains(k) ? m[k] : Json();
  };
  const auto at = [](const Json& m, std::size_t i) {
    return m.is_array() && i < m.size() ? m[i] : Json();
  };
  Value v;
  if (unknown.is_boolean() && unknown.get<bool>()) {
    v = Value::unknown(t);
  } else if (t.kind() == Type::Kind::kDynamic) {
    return infer_value(j, unknown, sensitive);
  } else if (j.is_null()) {
    v = Value::null(t);
  } else {
    switch (t.kind()) {
      case Type::Kind::kString:
        v = Value::string(j.get<std::string>());
        break;
      case Type::Kind::kNumber:
        v = Value::number(*value::Number::parse(j.dump()));
        break;
      case Type::Kind::kBool:
        v = Value::boolean(j.get<bool>());
        break;
      case Type::Kind::kList:
      case Type::Kind::kSet: {
        Value::Elements items;
        for (std::size_t i = 0; i < j.size(); ++i)
          items.push_back(value_from_json(j[i], at(unknown, i), at(sensitive, i), t.element()));
        v = t.kind() == Type::Kind::kList ? Value::list(t.element(), std::move(items))
                                          : Value::set(t.element(), std::move(items));
        break;
      }
      case Type::Kind::kTuple: {
        Value::Elements items;
        for (std::size_t i = 0; i < j.size(); ++i)
          items.push_back(value_from_json(j[i], at(unknown, i), at(sensitive, i), t.elements()[i]));
        v = Value::tuple(std::move(items));
        break;
      }
      case Type::Kind::kMap: {
        Value::Entries e;
        for (auto it = j.begin(); it != j.end(); ++it)
          e[it.key()] = value_from_json(it.value(), member(unknown, it.key()),
                                        member(sensitive, it.key()), t.element());
        v = Value::map(t.element(), std::move(e));
        break;
      }
      case Type::Kind::kObject: {
        Value::Entries e;
        for (const auto& [name, at_type] : t.attributes())
          e[name] = value_from_json(member(j, name), member(unknown, name), member(sensitive, name),
                                    at_type);
        v = Value::object(t, std::move(e));
        break;
      }
      case Type::Kind::kDynamic:
        break;
    }
  }
  if (sensitive.is_boolean() && sensitive.get<bool>()) v = v.marked_sensitive();
  return v;
}

inline plan::Action action_from_json(const Json& actions) {
  using plan::Action;
  const std::string a = actions.size() > 0 ? actions[0].get<std::string>() : "no-op";
  if (actions.size() == 2)
    return a == "delete" ? Action::kDeleteThenCreate : Action::kCreateThenDelete;
  if (a == "create") return Action::kCreate;
  if (a == "read") return Action::kRead;
  if (a == "update") return Action::kUpdate;
  if (a == "delete") return Action::kDelete;
  if (a == "forget") return Action::kForget;
  return Action::kNoOp;
}

inline plan::ActionReason reason_from_json(const std::string& r) {
  using R = plan::ActionReason;
  if (r == "replace_because_tainted") return R::kReplaceBecauseTainted;
  if (r == "replace_by_request") return R::kReplaceByRequest;
  if (r == "replace_because_cannot_update") return R::kReplaceBecauseCannotUpdate;
  if (r == "replace_by_triggers") return R::kReplaceByTriggers;
  if (r == "delete_because_no_resource_config") return R::kDeleteBecauseNoResourceConfig;
  if (r == "delete_because_wrong_repetition") return R::kDeleteBecauseWrongRepetition;
  if (r == "delete_because_count_index") return R::kDeleteBecauseCountIndex;
  if (r == "delete_because_each_key") return R::kDeleteBecauseEachKey;
  if (r == "delete_because_no_module") return R::kDeleteBecauseNoModule;
  if (r == "read_because_config_unknown") return R::kReadBecauseConfigUnknown;
  if (r == "read_because_dependency_pending") return R::kReadBecauseDependencyPending;
  return R::kNone;
}

inline const schema::Schema* schema_for(const Json& rc) {
  const auto& reg = schema::Registry::builtin();
  const std::string type = rc["type"].get<std::string>();
  return rc["mode"] == "data" ? reg.data_source(type) : reg.resource(type);
}

inline plan::Plan plan_from_terraform_json(const Json& j, plan::PlanMode mode) {
  plan::Plan p;
  p.mode = mode;
  const auto get = [](const Json& o, const char* k) { return o.contains(k) ? o[k] : Json(); };
  for (const auto& rc : j.value("resource_changes", Json::array())) {
    plan::ResourceInstanceChange c;
    c.address = rc["address"];
    c.module_address = rc.value("module_address", "");
    c.mode = rc["mode"] == "data" ? plan::Mode::kData : plan::Mode::kManaged;
    c.type = rc["type"];
    c.name = rc["name"];
    if (rc.contains("index")) c.index_key = infer_value(rc["index"], Json(), Json());
    c.provider_address = "provider[\"" + rc["provider_name"].get<std::string>() + "\"]";
    if (rc.contains("previous_address")) c.previous_address = rc["previous_address"];
    const Json& ch = rc["change"];
    c.action = action_from_json(ch["actions"]);
    c.reason = reason_from_json(rc.value("action_reason", ""));
    c.schema = schema_for(rc);
    const value::Type t = c.schema->block.implied_type();
    c.before = value_from_json(get(ch, "before"), Json(), get(ch, "before_sensitive"), t);
    c.after =
        value_from_json(get(ch, "after"), get(ch, "after_unknown"), get(ch, "after_sensitive"), t);
    for (const auto& path :
         get(ch, "replace_paths").is_array() ? ch["replace_paths"] : Json::array()) {
      value::Path vp;
      for (const auto& step : path)
        vp = step.is_string() ? vp.attr(step.get<std::string>())
                              : vp.index(step.get<std::int64_t>());
      c.replace_paths.push_back(vp);
    }
    if (ch.contains("importing")) c.import_id = ch["importing"].value("id", "");
    p.changes.push_back(c);
  }
  for (const auto& rc : j.value("resource_drift", Json::array())) {
    plan::ResourceDrift d;
    d.address = rc["address"];
    d.mode = rc["mode"] == "data" ? plan::Mode::kData : plan::Mode::kManaged;
    d.type = rc["type"];
    d.name = rc["name"];
    d.provider_address = "provider[\"" + rc["provider_name"].get<std::string>() + "\"]";
    d.schema = schema_for(rc);
    const value::Type t = d.schema->block.implied_type();
    const Json& ch = rc["change"];
    d.before = value_from_json(get(ch, "before"), Json(), get(ch, "before_sensitive"), t);
    d.after =
        value_from_json(get(ch, "after"), get(ch, "after_unknown"), get(ch, "after_sensitive"), t);
    p.drift.push_back(d);
  }
  const Json outputs = j.value("output_changes", Json::object());
  for (auto it = outputs.begin(); it != outputs.end(); ++it) {
    const Json& oc = it.value();
    plan::OutputChange o;
    o.name = it.key();
    o.action = action_from_json(oc["actions"]);
    o.sensitive = oc.value("after_sensitive", Json(false)) == Json(true);
    o.before = infer_value(get(oc, "before"), Json(), Json());
    o.after = infer_value(get(oc, "after"), get(oc, "after_unknown"), Json());
    p.outputs.push_back(o);
  }
  p.errored = j.value("errored", false);
  return p;
}

}  // namespace fgform::render::test
