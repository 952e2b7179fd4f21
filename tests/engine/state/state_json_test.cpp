#include <catch2/catch.hpp>

#include "state/state_file.h"
#include "state/state_json.h"
#include "test_util.h"

namespace fgform::state {
namespace {

using value::Type;

schema::Attribute attr(const std::string& name, Type type, bool sensitive = false) {
  schema::Attribute a;
  a.name = name;
  a.type = type;
  a.optional = true;
  a.sensitive = sensitive;
  return a;
}

// The built-in provider's schemas, as far as the samples use them.
const schema::Schema* builtin(ResourceMode mode, const std::string& type) {
  static const schema::Schema data = [] {
    schema::Schema s;
    s.type_name = "terraform_data";
    s.block.attributes = {attr("id", Type::string()), attr("input", Type::dynamic()),
                          attr("output", Type::dynamic()),
                          attr("triggers_replace", Type::dynamic())};
    return s;
  }();
  static const schema::Schema remote = [] {
    schema::Schema s;
    s.kind = schema::SchemaKind::kDataSource;
    s.type_name = "terraform_remote_state";
    s.block.attributes = {attr("backend", Type::string()), attr("config", Type::dynamic()),
                          attr("defaults", Type::dynamic()), attr("outputs", Type::dynamic()),
                          attr("workspace", Type::string())};
    return s;
  }();
  if (mode == ResourceMode::kManaged && type == "terraform_data") return &data;
  if (mode == ResourceMode::kData && type == "terraform_remote_state") return &remote;
  return nullptr;
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

TEST_CASE("show -json of a Terraform 1.11 state matches Terraform's output byte for byte") {
  for (const std::string name : {"tf111_full", "tf111_tainted_moved"}) {
    INFO(name);
    auto parsed = parse_state(testing::data(name + ".tfstate"), name);
    REQUIRE(parsed.ok());
    auto shown = state_to_json_text(parsed.value, builtin);
    INFO(testing::text(shown.diagnostics));
    CHECK(shown.diagnostics.empty());
    CHECK(shown.value == trimmed(testing::data(name + ".show.json")));
  }
  // Terraform prints only the format version for a state without resources and outputs, even
  // when it holds check results.
  auto destroyed = parse_state(testing::data("tf111_destroyed.tfstate"), "d");
  REQUIRE(destroyed.ok());
  CHECK(state_to_json_text(destroyed.value, builtin).value == R"({"format_version":"1.0"})");
}

TEST_CASE("sensitive_values follow the state's paths and the schema's flags") {
  schema::Schema fn;
  fn.type_name = "functiongraph_function";
  fn.block.attributes = {attr("name", Type::string()), attr("user_data", Type::string(), true),
                         attr("tags", Type::map(Type::string()))};
  schema::NestedBlock mounts;
  mounts.name = "func_mounts";
  mounts.nesting = schema::Nesting::kList;
  mounts.block.attributes = {attr("path", Type::string()), attr("token", Type::string(), true)};
  fn.block.blocks = {mounts};
  auto lookup = [&](ResourceMode, const std::string& t) -> const schema::Schema* {
    return t == "functiongraph_function" ? &fn : nullptr;
  };

  State s = State::create("1.11.4");
  InstanceObject o;
  o.attributes = nlohmann::json::parse(R"({"name":"f","user_data":"x","tags":{"a":"1","b":"2"},
      "func_mounts":[{"path":"/p","token":"t"},{"path":"/q","token":null}]})");
  set_sensitive_paths(o, {value::Path::attribute("tags").key("b")});
  o.status = ObjectStatus::kTainted;
  o.dependencies = {"functiongraph_agency.a"};
  s.set(parse_abs_resource_instance("module.m.functiongraph_function.f[\"k\"]").value, o,
        "module.m.provider[\"registry.terraform.io/fgform/functiongraph\"]");
  s.set_deposed(parse_abs_resource_instance("module.m.functiongraph_function.f[\"k\"]").value,
                "0badf00d", o, "");
  // A type without a schema is shown raw, with its recorded paths.
  InstanceObject raw;
  raw.attributes = nlohmann::json{{"secret", "s"}, {"list", {1, 2}}};
  set_sensitive_paths(raw,
                      {value::Path::attribute("secret"), value::Path::attribute("list").index(1)});
  s.set(parse_abs_resource_instance("module.m.module.n[0].other_thing.t").value, raw,
        "provider[\"x/y/z\"]");

  auto doc = state_to_json(s, lookup);
  REQUIRE(doc.ok());
  const auto& root = doc.value["values"]["root_module"];
  CHECK_FALSE(root.contains("resources"));
  REQUIRE(root["child_modules"].size() == 1);
  const auto& m = root["child_modules"][0];
  CHECK(m["address"] == "module.m");
  REQUIRE(m["resources"].size() == 2);
  const auto& cur = m["resources"][0];
  CHECK(cur["address"] == "module.m.functiongraph_function.f[\"k\"]");
  CHECK(cur["index"] == "k");
  CHECK(cur["provider_name"] == "registry.terraform.io/fgform/functiongraph");
  CHECK(cur["tainted"] == true);
  CHECK(cur["depends_on"][0] == "functiongraph_agency.a");
  CHECK(cur["sensitive_values"].dump() ==
        R"({"func_mounts":[{"token":true},{"token":true}],"tags":{"b":true},"user_data":true})");
  CHECK(cur["values"]["func_mounts"][1]["token"].is_null());
  CHECK_FALSE(cur.contains("deposed_key"));
  CHECK(m["resources"][1]["deposed_key"] == "0badf00d");
  const auto& n = m["child_modules"][0];
  CHECK(n["address"] == "module.m.module.n[0]");
  CHECK(n["resources"][0]["sensitive_values"].dump() == R"({"list":[false,true],"secret":true})");
  CHECK(n["resources"][0]["provider_name"] == "x/y/z");
}

TEST_CASE("an empty state shows only the format version") {
  State s = State::create("1.11.4");
  CHECK(state_to_json_text(s, nullptr).value == R"({"format_version":"1.0"})");
  CHECK(provider_name("provider[\"registry.terraform.io/fgform/functiongraph\"].west") ==
        "registry.terraform.io/fgform/functiongraph");
}

}  // namespace
}  // namespace fgform::state

namespace fgform::state {
namespace {

TEST_CASE("check results show in jsonchecks' shape") {
  auto parsed = parse_state(testing::data("handmade_deposed.tfstate"), "h");
  REQUIRE(parsed.ok());
  State s = parsed.value;
  s.check_results.push_back(
      {"output", "module.m.output.o", "pass", {{"module.m.output.o", "pass", {}}}});
  s.check_results.push_back({"check", "check.a", "fail", {{"check.a", "fail", {"z", "b"}}}});
  auto doc = state_to_json(s, nullptr);
  REQUIRE(doc.ok());
  CHECK(doc.value["checks"].dump() ==
        R"([{"address":{"kind":"check","name":"a","to_display":"check.a"},"status":"fail",)"
        R"("instances":[{"address":{"to_display":"check.a"},"status":"fail",)"
        R"("problems":[{"message":"b"},{"message":"z"}]}]},)"
        R"({"address":{"kind":"resource","mode":"managed","name":"f",)"
        R"("to_display":"functiongraph_function.f","type":"functiongraph_function"},)"
        R"("status":"fail","instances":[{"address":{"instance_key":0,)"
        R"("to_display":"functiongraph_function.f[0]"},"status":"fail",)"
        R"("problems":[{"message":"memory too small"}]}]},)"
        R"({"address":{"kind":"output_value","module":"module.m","name":"o",)"
        R"("to_display":"module.m.output.o"},"status":"pass",)"
        R"("instances":[{"address":{"module":"module.m","to_display":"module.m.output.o"},)"
        R"("status":"pass"}]}])");
}

}  // namespace
}  // namespace fgform::state
