// JSON plan structure beyond what the Terraform comparisons cover: planned_values, prior_state,
// flags, masks from schema sensitivity and marks, unknowns left out, modules.
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "render/json_plan.h"
#include "schema/registry.h"

namespace fgform::render::test {
namespace {

using plan::Action;
using Json = nlohmann::json;

const schema::Schema& function_schema() {
  return *schema::Registry::builtin().resource("functiongraph_function");
}

Value function_value(Value::Entries e) {
  return Value::object(function_schema().block.implied_type(), std::move(e));
}

plan::ResourceInstanceChange fn_change(const std::string& address, Action action, Value before,
                                       Value after) {
  plan::ResourceInstanceChange c;
  c.address = address;
  c.type = "functiongraph_function";
  c.name = "f";
  c.provider_address = "provider[\"registry.terraform.io/fgform/functiongraph\"]";
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  c.schema = &function_schema();
  return c;
}

}  // namespace

TEST_CASE("json plan: top-level shape and flags") {
  plan::Plan p;
  const Json empty = plan_to_json(p, {"0.1.0", "2026-01-01T00:00:00Z"});
  CHECK(empty["format_version"] == "1.2");
  CHECK(empty["terraform_version"] == "0.1.0");
  CHECK(empty["timestamp"] == "2026-01-01T00:00:00Z");
  CHECK(empty["applyable"] == false);
  CHECK(empty["complete"] == true);
  CHECK(empty["errored"] == false);
  CHECK(empty["planned_values"]["root_module"].is_object());
  CHECK_FALSE(empty.contains("resource_changes"));
  p.errored = true;
  CHECK(plan_to_json(p)["errored"] == true);
  CHECK(plan_to_json(p)["complete"] == false);
}

TEST_CASE("json plan: values in full, masks from schema and marks, unknowns left out") {
  plan::Plan p;
  const Value before =
      function_value({{"id", str("urn:1")},
                      {"name", str("f")},
                      {"memory_size", num(128)},
                      {"sensitive_environment", Value::map(Type::string(), {{"TOKEN", str("s1")}})},
                      {"description", str("from a secret var").marked_sensitive()}});
  const Value after =
      function_value({{"id", str("urn:1")},
                      {"name", str("f")},
                      {"memory_size", num(256)},
                      {"sensitive_environment", Value::map(Type::string(), {{"TOKEN", str("s2")}})},
                      {"description", str("from a secret var").marked_sensitive()},
                      {"last_modified", unknown_string()},
                      {"tags", Value::unknown(Type::map(Type::string()))}});
  auto c = fn_change("module.app.functiongraph_function.f", Action::kUpdate, before, after);
  c.module_address = "module.app";
  p.changes.push_back(c);
  const Json j = plan_to_json(p);
  const Json& rc = j["resource_changes"][0];
  CHECK(rc["module_address"] == "module.app");
  CHECK(rc["provider_name"] == "registry.terraform.io/fgform/functiongraph");
  CHECK_FALSE(rc.contains("index"));
  CHECK_FALSE(rc.contains("action_reason"));
  const Json& ch = rc["change"];
  CHECK(ch["actions"] == Json::array({"update"}));
  // The JSON plan is for machines: values are there, marked by the masks.
  CHECK(ch["after"]["sensitive_environment"]["TOKEN"] == "s2");
  CHECK(ch["before_sensitive"]["sensitive_environment"] == true);
  CHECK(ch["after_sensitive"]["description"] == true);
  CHECK_FALSE(ch["after_sensitive"].contains("environment"));  // null: nothing to mark
  CHECK_FALSE(ch["after"].contains("last_modified"));
  CHECK_FALSE(ch["after"].contains("tags"));
  CHECK(ch["after_unknown"]["last_modified"] == true);
  CHECK(ch["after_unknown"]["tags"] == true);
  CHECK(ch["after"]["memory_size"] == 256);
  CHECK(ch["before"]["memory_size"] == 128);
  CHECK(ch["after"]["environment"].is_null());

  // planned_values keeps module structure and drops unknowns the same way.
  const Json& mod = j["planned_values"]["root_module"]["child_modules"][0];
  CHECK(mod["address"] == "module.app");
  CHECK(mod["resources"][0]["values"]["memory_size"] == 256);
  CHECK(mod["resources"][0]["sensitive_values"]["sensitive_environment"] == true);
  CHECK(j["prior_state"]["values"]["root_module"]["child_modules"][0]["resources"][0]["values"]
         ["memory_size"] == 128);
  CHECK(j["applyable"] == true);
}

TEST_CASE("json plan: create, delete, replace paths, import, move, index, outputs, drift") {
  plan::Plan p;
  const Value v = function_value({{"name", str("f")}, {"id", unknown_string()}});
  auto create =
      fn_change("functiongraph_function.f[\"a\"]", Action::kCreate, Value::null(v.type()), v);
  create.index_key = str("a");
  p.changes.push_back(create);
  const Value old = function_value({{"name", str("f")}, {"id", str("urn:2")}});
  auto del =
      fn_change("functiongraph_function.f[1]", Action::kDelete, old, Value::null(old.type()));
  del.index_key = num(1);
  del.reason = plan::ActionReason::kDeleteBecauseCountIndex;
  p.changes.push_back(del);
  auto rep = fn_change("functiongraph_function.g", Action::kCreateThenDelete, old,
                       function_value({{"name", str("g")}, {"id", unknown_string()}}));
  rep.replace_paths = {value::Path::attribute("name"),
                       value::Path::attribute("mount").index(0).attr("local_path")};
  rep.previous_address = "functiongraph_function.old";
  rep.import_id = "urn:2";
  p.changes.push_back(rep);
  plan::OutputChange out;
  out.name = "secret";
  out.action = Action::kCreate;
  out.before = Value::null(Type::string());
  out.after = str("s");
  out.sensitive = true;
  p.outputs.push_back(out);
  plan::OutputChange unk = out;
  unk.name = "later";
  unk.sensitive = false;
  unk.after = unknown_string();
  p.outputs.push_back(unk);
  plan::ResourceDrift d;
  d.address = "functiongraph_function.h";
  d.type = "functiongraph_function";
  d.name = "h";
  d.provider_address = create.provider_address;
  d.schema = &function_schema();
  d.before = old;
  d.after = function_value({{"name", str("changed")}, {"id", str("urn:2")}});
  p.drift.push_back(d);

  const Json j = plan_to_json(p);
  const Json& rc = j["resource_changes"];
  CHECK(rc[0]["index"] == "a");
  CHECK(rc[0]["change"]["before"].is_null());
  CHECK(rc[0]["change"]["before_sensitive"] == false);
  CHECK(rc[1]["index"] == 1);
  CHECK(rc[1]["action_reason"] == "delete_because_count_index");
  CHECK(rc[1]["change"]["after"].is_null());
  CHECK(rc[1]["change"]["after_unknown"] == Json::object());
  CHECK(rc[1]["change"]["after_sensitive"] == false);
  CHECK(rc[2]["change"]["actions"] == Json::array({"create", "delete"}));
  CHECK(rc[2]["change"]["replace_paths"] == Json::parse(R"([["name"],["mount",0,"local_path"]])"));
  CHECK(rc[2]["previous_address"] == "functiongraph_function.old");
  CHECK(rc[2]["change"]["importing"]["id"] == "urn:2");
  CHECK(j["output_changes"]["secret"]["after"] == "s");
  CHECK(j["output_changes"]["secret"]["after_sensitive"] == true);
  CHECK(j["output_changes"]["secret"]["before_sensitive"] == true);
  CHECK(j["output_changes"]["later"]["after_unknown"] == true);
  CHECK_FALSE(j["output_changes"]["later"].contains("after"));
  CHECK(j["planned_values"]["outputs"]["secret"]["sensitive"] == true);
  CHECK(j["planned_values"]["outputs"]["secret"]["type"] == "string");
  CHECK(j["planned_values"]["outputs"]["later"] == Json::parse(R"({"sensitive":false})"));
  // Deleted instances are not in planned_values.
  CHECK(j["planned_values"]["root_module"]["resources"].size() == 2);
  CHECK(j["resource_drift"][0]["change"]["actions"] == Json::array({"update"}));
  CHECK(j["resource_drift"][0]["change"]["after"]["name"] == "changed");
}

TEST_CASE("json plan: helpers") {
  CHECK(provider_name("provider[\"registry.terraform.io/fgform/functiongraph\"]") ==
        "registry.terraform.io/fgform/functiongraph");
  CHECK(provider_name("module.a.provider[\"registry.terraform.io/fgform/functiongraph\"].x") ==
        "registry.terraform.io/fgform/functiongraph");
  CHECK(actions_json(Action::kDeleteThenCreate) == Json::array({"delete", "create"}));
  CHECK(actions_json(Action::kForget) == Json::array({"forget"}));
  CHECK(action_reason_string(plan::ActionReason::kReplaceByTriggers) == "replace_by_triggers");
  CHECK(mode_string(plan::Mode::kData) == "data");
}

}  // namespace fgform::render::test
