// Resource modules against the emulator: the full lifecycle each front drives.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "resources/planner.h"
#include "schema/registry.h"

using namespace fgform;
using resources::Value;
using testing::EmulatorFixture;

namespace {

Value config_of(const resources::Resource& r, const std::string& json) {
  auto d = value::from_json(nlohmann::json::parse(json), r.schema().block.implied_type());
  REQUIRE(d.ok());
  return d.value;
}

// Create through plan + apply, as Terraform would: proposed = config on create.
Value create(resources::Resource& r, resources::Platform& p, const Value& config) {
  auto plan = resources::plan_change(r, Value::null(config.type()), config, config);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  auto created = r.create(p, plan.planned);
  const std::string problem =
      created.diagnostics.empty() ? "" : created.diagnostics.items()[0].to_string();
  INFO(problem);
  REQUIRE(created.ok());
  REQUIRE(created.value.is_wholly_known());
  return created.value;
}

}  // namespace

TEST_CASE("VPC and subnet: create, read back unchanged, update, drift, import, delete") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  auto& catalog = resources::Catalog::builtin();
  resources::Resource& vpc = *catalog.resource("functiongraph_vpc");
  resources::Resource& subnet = *catalog.resource("functiongraph_subnet");

  Value vpc_config = config_of(vpc, R"({"name": "main", "cidr": "10.0.0.0/16"})");
  Value v = create(vpc, platform, vpc_config);
  CHECK(v.attribute("status") == Value::string("OK"));
  CHECK(v.attribute("description").is_null());

  // Reading right after create gives the same state: no diff on the next plan.
  auto read = vpc.read(platform, v);
  REQUIRE(read.ok());
  CHECK(read.value == v);

  Value subnet_config =
      config_of(subnet, R"({"name": "a", "cidr": "10.0.1.0/24", "gateway_ip": "10.0.1.1"})");
  Value::Entries entries = subnet_config.entries();
  entries["vpc_id"] = v.attribute("id");
  Value s = create(subnet, platform, Value::object(subnet_config.type(), entries));
  CHECK(s.attribute("dhcp_enable") == Value::boolean(true));
  CHECK(subnet.read(platform, s).value == s);

  // In-place update.
  Value::Entries changed = v.entries();
  changed["description"] = Value::string("functions live here");
  auto updated = vpc.update(platform, v, Value::object(v.type(), changed));
  REQUIRE(updated.ok());
  CHECK(updated.value.attribute("description") == Value::string("functions live here"));

  // Drift made behind our back is seen by the next read.
  REQUIRE(env.vpc().update_vpc(v.attribute("id").as_string(), {{"name", "renamed-by-hand"}}).ok());
  CHECK(vpc.read(platform, updated.value).value.attribute("name") ==
        Value::string("renamed-by-hand"));

  // Import: an ID becomes the full state through read.
  auto imported = vpc.import(platform, v.attribute("id").as_string());
  REQUIRE(imported.ok());
  auto after_import = vpc.read(platform, imported.value);
  REQUIRE(after_import.ok());
  CHECK(after_import.value.attribute("cidr") == Value::string("10.0.0.0/16"));

  // Delete in dependency order; a second delete of a gone object is not an error; reads say gone.
  CHECK(vpc.remove(platform, v).has_errors());  // still has a subnet
  CHECK_FALSE(subnet.remove(platform, s).has_errors());
  CHECK_FALSE(subnet.remove(platform, s).has_errors());
  CHECK_FALSE(vpc.remove(platform, v).has_errors());
  auto gone = vpc.read(platform, v);
  REQUIRE(gone.ok());
  CHECK(gone.value.is_null());
}

TEST_CASE("platform refusals become diagnostics that name the object and keep the prior state") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& vpc = *resources::Catalog::builtin().resource("functiongraph_vpc");
  auto bad = vpc.create(platform, config_of(vpc, R"({"name": "x", "cidr": "8.8.0.0/16"})"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.diagnostics.items()[0].summary == "Error creating VPC x");
  CHECK(bad.diagnostics.items()[0].detail.find("10.0.0.0/8") != std::string::npos);
  CHECK(bad.value.is_null());
}
