// Plans for the provider's own resources (nested blocks, maps, sets, sensitive and force-new
// attributes, drift, import), checked against what Terraform 1.11.4 printed for the same plans
// when driving terraform-provider-functiongraph against the emulator. testdata/fg_*.json is
// `terraform show -json` of each saved plan and fg_*.txt the `terraform plan` text.
#include <cstdlib>

#include <catch2/catch.hpp>

#include "fixtures.h"
#include "render/human_plan.h"
#include "render/json_plan.h"
#include "tf_json_plan.h"

namespace fgform::render::test {
namespace {

plan::Plan load(const std::string& name, plan::PlanMode mode = plan::PlanMode::kNormal) {
  return plan_from_terraform_json(Json::parse(read_testdata(name + ".json")), mode);
}

bool same_as_terraform(const plan::Plan& p, const std::string& name) {
  const std::string actual = render_plan(p, RenderOptions{});
  const std::string expected = fgformify(read_testdata(name + ".txt"));
  if (actual != expected) {
    if (const char* dir = std::getenv("RENDER_DUMP")) {
      std::ofstream(std::string(dir) + "/" + name + ".actual") << actual;
      std::ofstream(std::string(dir) + "/" + name + ".expected") << expected;
    }
  }
  return actual == expected;
}

// Our resource_changes must be Terraform's, field for field.
void check_resource_changes(const plan::Plan& p, const std::string& name) {
  const Json expected = Json::parse(read_testdata(name + ".json"));
  const Json actual = plan_to_json(p);
  REQUIRE(actual["resource_changes"].size() == expected["resource_changes"].size());
  for (std::size_t i = 0; i < expected["resource_changes"].size(); ++i) {
    const Json& e = expected["resource_changes"][i];
    const Json& a = actual["resource_changes"][i];
    INFO(e["address"].get<std::string>());
    for (const char* key : {"address", "mode", "type", "name", "provider_name", "action_reason",
                            "previous_address", "index"}) {
      INFO(key);
      CHECK(a.value(key, Json()) == e.value(key, Json()));
    }
    for (const char* key : {"actions", "before", "after", "after_unknown", "before_sensitive",
                            "after_sensitive", "replace_paths", "importing"}) {
      INFO(key);
      CHECK(a["change"].value(key, Json()) == e["change"].value(key, Json()));
    }
  }
  if (expected.contains("output_changes"))
    CHECK(actual["output_changes"] == expected["output_changes"]);
}

}  // namespace

TEST_CASE("functiongraph create plan matches terraform") {
  const auto p = load("fg_create");
  CHECK(same_as_terraform(p, "fg_create"));
  check_resource_changes(p, "fg_create");
}

TEST_CASE("functiongraph update plan: maps, sensitive, important attributes") {
  const auto p = load("fg_update");
  CHECK(same_as_terraform(p, "fg_update"));
  check_resource_changes(p, "fg_update");
}

TEST_CASE("functiongraph replacement shows forces replacement") {
  const auto p = load("fg_replace");
  CHECK(same_as_terraform(p, "fg_replace"));
  check_resource_changes(p, "fg_replace");
}

TEST_CASE("functiongraph list blocks added, changed and removed") {
  for (const char* name : {"fg_mounts_add", "fg_mounts_change", "fg_mounts_remove"}) {
    INFO(name);
    const auto p = load(name);
    CHECK(same_as_terraform(p, name));
    check_resource_changes(p, name);
  }
}

TEST_CASE("import plan shows the imported id and counts imports") {
  const auto p = load("fg_import");
  CHECK(same_as_terraform(p, "fg_import"));
  check_resource_changes(p, "fg_import");
}

TEST_CASE("destroy plan of a functiongraph function") {
  const auto p = load("fg_destroy", plan::PlanMode::kDestroy);
  CHECK(same_as_terraform(p, "fg_destroy"));
  check_resource_changes(p, "fg_destroy");
}

TEST_CASE("refresh-only plan shows drift made outside of fgform") {
  const auto p = load("fg_drift_refresh", plan::PlanMode::kRefreshOnly);
  REQUIRE(p.drift.size() == 1);
  CHECK(same_as_terraform(p, "fg_drift_refresh"));
}

}  // namespace fgform::render::test
