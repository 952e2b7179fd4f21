// Saved plans: what `plan -out` writes is what `apply FILE` reads back, unknowns and sensitive
// marks included, and anything that is not a good plan file is refused with one clear error.
#include <catch2/catch.hpp>

#include "core/plan_file.h"
#include "state/state_file.h"

using namespace fgform;
using value::Type;
using value::Value;

namespace {

core::SavedPlan sample_plan() {
  core::SavedPlan sp;
  sp.fgform_version = "0.1.0";
  sp.config_digest = "abc";
  sp.state_lineage = "6f0c2e47-0000-4000-8000-000000000001";
  sp.state_serial = 7;
  sp.targets = {"functiongraph_function.f"};
  sp.replace = {"functiongraph_function.f[\"a\"]"};
  plan::Plan& p = sp.planned.plan;
  p.mode = plan::PlanMode::kNormal;
  plan::ResourceInstanceChange c;
  c.address = "module.m[0].functiongraph_function.f[\"a\"]";
  c.module_address = "module.m[0]";
  c.type = "functiongraph_function";
  c.name = "f";
  c.index_key = Value::string("a");
  c.provider_address = core::kProviderAddress;
  c.action = plan::Action::kDeleteThenCreate;
  c.reason = plan::ActionReason::kReplaceBecauseCannotUpdate;
  c.before = Value::object({{"name", Value::string("old")},
                            {"secret", Value::string("s3cret").marked_sensitive()},
                            {"memory", Value::number(128)}});
  c.after = Value::object({{"name", Value::string("new")},
                           {"secret", Value::unknown(Type::string()).marked_sensitive()},
                           {"memory", Value::unknown(Type::number())}});
  c.replace_paths = {value::Path().attr("name")};
  c.import_id = "fn-urn";
  c.previous_address = "functiongraph_function.old";
  p.changes.push_back(c);
  plan::ResourceDrift d;
  d.address = "functiongraph_vpc.v";
  d.type = "functiongraph_vpc";
  d.name = "v";
  d.index_key = Value::null(Type::dynamic());
  d.provider_address = core::kProviderAddress;
  d.before = Value::object({{"description", Value::string("a")}});
  d.after = Value::object({{"description", Value::string("b")}});
  p.drift.push_back(d);
  plan::OutputChange o;
  o.name = "urn";
  o.action = plan::Action::kCreate;
  o.before = Value::null(Type::dynamic());
  o.after = Value::unknown(Type::dynamic());
  o.sensitive = true;
  p.outputs.push_back(o);
  sp.planned.variables["password"] = Value::string("pw").marked_sensitive();
  sp.planned.variables["sizes"] = Value::list(Type::number(), {Value::number(1)});
  sp.planned.prior_state = state::State::create("1.11.4");
  sp.planned.prior_state.lineage = sp.state_lineage;
  sp.planned.prior_state.serial = 7;
  return sp;
}

std::string first_error(const value::Diagnostics& d) {
  REQUIRE(d.has_errors());
  return d.begin()->summary + " | " + d.begin()->detail;
}

}  // namespace

TEST_CASE("plan file: a saved plan reads back exactly") {
  core::SavedPlan sp = sample_plan();
  auto bytes = core::write_plan_file(sp);
  REQUIRE(bytes.ok());
  auto back = core::read_plan_file(bytes.value, "tfplan");
  REQUIRE(back.ok());
  const core::SavedPlan& r = back.value;
  CHECK(r.fgform_version == "0.1.0");
  CHECK(r.config_digest == "abc");
  CHECK(r.state_lineage == sp.state_lineage);
  CHECK(r.state_serial == 7);
  CHECK(r.targets == sp.targets);
  CHECK(r.replace == sp.replace);
  REQUIRE(r.planned.plan.changes.size() == 1);
  const auto& c = r.planned.plan.changes[0];
  const auto& o = sp.planned.plan.changes[0];
  CHECK(c.address == o.address);
  CHECK(c.module_address == o.module_address);
  CHECK(c.index_key == o.index_key);
  CHECK(c.action == plan::Action::kDeleteThenCreate);
  CHECK(c.reason == plan::ActionReason::kReplaceBecauseCannotUpdate);
  CHECK(c.before == o.before);
  CHECK(c.after == o.after);
  CHECK_FALSE(c.after.attribute("memory").is_known());
  // Sensitive marks survive, on known and unknown values alike.
  CHECK(c.before.attribute("secret").is_sensitive());
  CHECK(c.after.attribute("secret").is_sensitive());
  CHECK_FALSE(c.before.attribute("name").is_sensitive());
  REQUIRE(c.replace_paths.size() == 1);
  CHECK(c.replace_paths[0] == value::Path().attr("name"));
  CHECK(c.import_id == std::optional<std::string>("fn-urn"));
  CHECK(c.previous_address == std::optional<std::string>("functiongraph_function.old"));
  CHECK(c.schema == core::schema_for(state::ResourceMode::kManaged, "functiongraph_function"));
  REQUIRE(r.planned.plan.drift.size() == 1);
  CHECK(r.planned.plan.drift[0].after == sp.planned.plan.drift[0].after);
  REQUIRE(r.planned.plan.outputs.size() == 1);
  CHECK(r.planned.plan.outputs[0].sensitive);
  CHECK_FALSE(r.planned.plan.outputs[0].after.is_known());
  CHECK(r.planned.variables.at("password").is_sensitive());
  CHECK(r.planned.variables.at("password") == Value::string("pw"));
  CHECK(r.planned.variables.at("sizes") == sp.planned.variables.at("sizes"));
  CHECK(state::write_state(r.planned.prior_state) == state::write_state(sp.planned.prior_state));
  // Writing what was read gives the same bytes.
  CHECK(core::write_plan_file(r).value == bytes.value);
  // The secret's value is in the file (as Terraform's plan files hold it), never in clear JSON
  // text next to its name: values are msgpack, base64-encoded.
  CHECK(bytes.value.find("s3cret") == std::string::npos);
}

TEST_CASE("plan file: anything else is refused with one clear error") {
  auto good = core::write_plan_file(sample_plan()).value;
  CHECK(first_error(core::read_plan_file("", "p").diagnostics).find("not valid JSON") !=
        std::string::npos);
  CHECK(first_error(core::read_plan_file(good.substr(0, good.size() / 2), "p").diagnostics)
            .find("may be truncated") != std::string::npos);
  CHECK(first_error(core::read_plan_file("PK\x03\x04zipdata", "p").diagnostics)
            .find("Terraform plan file") != std::string::npos);
  CHECK(first_error(core::read_plan_file(R"({"version":4,"lineage":"x"})", "p").diagnostics)
            .find("state file") != std::string::npos);
  CHECK(first_error(core::read_plan_file(R"({"fgform_plan_format":99})", "p").diagnostics)
            .find("format 99 is not supported") != std::string::npos);
  std::string damaged = good;
  damaged.replace(damaged.find("\"delete-then-create\""), 20, "\"explode-everything\"");
  CHECK(first_error(core::read_plan_file(damaged, "p").diagnostics).find("damaged") !=
        std::string::npos);
  std::string unknown_type = good;
  unknown_type.replace(unknown_type.find("\"functiongraph_vpc\""), 19, "\"functiongraph_zzz\"");
  CHECK(first_error(core::read_plan_file(unknown_type, "p").diagnostics)
            .find("no schema for \"functiongraph_zzz\"") != std::string::npos);
  // Every prefix of a good file fails cleanly (no crash, no exception).
  for (std::size_t n = 0; n < good.size(); n += 97) {
    auto r = core::read_plan_file(good.substr(0, n), "p");
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("plan file: the configuration digest notices any change") {
  config::Config a;
  a.files = std::make_shared<std::map<std::string, std::shared_ptr<hcl::File>>>();
  auto add = [](config::Config& c, const std::string& name, const std::string& src) {
    auto f = std::make_shared<hcl::File>();
    f->filename = name;
    f->source = std::make_shared<const std::string>(src);
    (*c.files)[name] = f;
  };
  add(a, "main.tf", "a = 1\n");
  add(a, "vars.tf", "b = 2\n");
  std::string base = core::config_digest(a);
  CHECK(base.size() == 64);
  config::Config b;
  b.files = std::make_shared<std::map<std::string, std::shared_ptr<hcl::File>>>();
  add(b, "main.tf", "a = 1\n");
  add(b, "vars.tf", "b = 2\n");
  CHECK(core::config_digest(b) == base);
  add(b, "vars.tf", "b = 3\n");
  CHECK(core::config_digest(b) != base);
  config::Config c;
  c.files = std::make_shared<std::map<std::string, std::shared_ptr<hcl::File>>>();
  add(c, "main.tf", "a = 1\n");
  add(c, "vars.t", "fb = 2\n");
  CHECK(core::config_digest(c) != base);
}
