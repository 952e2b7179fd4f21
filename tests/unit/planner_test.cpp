// The generic planning rules and the provider block's translation into a client configuration.
#include <catch2/catch.hpp>

#include <map>

#include "cloud/crypto.h"
#include "resources/dependency_resource.h"
#include "resources/planner.h"
#include "resources/provider_config.h"
#include "schema/registry.h"

using namespace fgform;
using resources::Value;
using value::Type;

namespace {

// A resource with the VPC schema and no platform behind it: planning needs none.
class PlanOnly : public resources::Resource {
 public:
  const schema::Schema& schema() const override {
    return *schema::Registry::builtin().resource("functiongraph_vpc");
  }
  resources::Outcome create(resources::Platform&, const Value&) override { return {}; }
  resources::Outcome read(resources::Platform&, const Value&) override { return {}; }
  resources::Outcome update(resources::Platform&, const Value&, const Value&) override {
    return {};
  }
  value::Diagnostics remove(resources::Platform&, const Value&) override { return {}; }
  resources::Outcome import(resources::Platform&, const std::string&) override { return {}; }
};

Value vpc(std::map<std::string, Value> attrs) {
  const PlanOnly r;
  return Value::object(r.schema().block.implied_type(), {attrs.begin(), attrs.end()});
}

}  // namespace

TEST_CASE(
    "create: defaults fill unset optional+computed attributes, computed ones become unknown") {
  PlanOnly r;
  Value config = vpc({{"name", Value::string("main")}});
  auto plan = resources::plan_change(r, Value::null(config.type()), config, config);
  CHECK(plan.requires_replace.empty());
  CHECK(plan.planned.attribute("name") == Value::string("main"));
  CHECK(plan.planned.attribute("cidr") == Value::string("192.168.0.0/16"));
  CHECK(plan.planned.attribute("id").is_unknown());
  CHECK(plan.planned.attribute("status").is_unknown());
  CHECK(plan.planned.attribute("enterprise_project_id").is_unknown());
  CHECK(plan.planned.attribute("description").is_null());  // optional, not computed: stays null
}

TEST_CASE("update: prior computed values stay, force-new changes ask for replacement") {
  PlanOnly r;
  Value prior = vpc({{"id", Value::string("v1")},
                     {"name", Value::string("main")},
                     {"cidr", Value::string("10.0.0.0/16")},
                     {"enterprise_project_id", Value::string("0")},
                     {"status", Value::string("OK")}});
  Value config =
      vpc({{"name", Value::string("renamed")}, {"enterprise_project_id", Value::string("ep2")}});
  // Terraform's proposed new state: config where set, prior for unset optional+computed.
  Value proposed = vpc({{"id", Value::string("v1")},
                        {"name", Value::string("renamed")},
                        {"cidr", Value::string("10.0.0.0/16")},
                        {"enterprise_project_id", Value::string("ep2")},
                        {"status", Value::string("OK")}});
  auto plan = resources::plan_change(r, prior, proposed, config);
  CHECK(plan.planned.attribute("id") == Value::string("v1"));
  CHECK(plan.planned.attribute("cidr") == Value::string("10.0.0.0/16"));
  REQUIRE(plan.requires_replace.size() == 1);
  CHECK(plan.requires_replace[0].to_string() == "enterprise_project_id");

  auto same = resources::plan_change(r, prior, prior, vpc({{"name", Value::string("main")}}));
  CHECK(same.planned == prior);
  CHECK(same.requires_replace.empty());

  auto destroy =
      resources::plan_change(r, prior, Value::null(prior.type()), Value::null(prior.type()));
  CHECK(destroy.planned.is_null());
}

TEST_CASE("conform fills what an API answer lacks and gives blocks empty collections") {
  const auto& fn = *schema::Registry::builtin().resource("functiongraph_function");
  Value partial = Value::object({{"name", Value::string("x")}});
  Value full = resources::conform(fn.block, partial);
  CHECK(full.type() == fn.block.implied_type());
  CHECK(full.attribute("name") == Value::string("x"));
  CHECK(full.attribute("timeout").is_null());
  CHECK(full.attribute("mount").length() == 0);
  CHECK_FALSE(full.attribute("mount").is_null());
  CHECK(full.attribute("custom_image").is_null());
}

TEST_CASE(
    "dependency: the hash follows the planned source, so an import with ignore_changes stays") {
  auto dep = resources::make_dependency_resource();
  const Type t = dep->schema().block.implied_type();
  auto object = [&](std::map<std::string, Value> attrs) {
    return resources::conform(dep->schema().block, Value::object({attrs.begin(), attrs.end()}));
  };
  const std::string link = "obs://bucket/libs.zip";
  // What an import reads back: everything but the source, which the platform does not keep.
  Value imported = object({{"id", Value::string("d1/1")},
                           {"name", Value::string("libs")},
                           {"runtime", Value::string("Python3.9")},
                           {"description", Value::string("shared")},
                           {"dependency_id", Value::string("d1")},
                           {"version_number", Value::number(1)},
                           {"version_id", Value::string("uuid-1")},
                           {"etag", Value::string("e")},
                           {"size", Value::number(0)}});
  Value::Entries c = object({{"name", Value::string("libs")},
                             {"runtime", Value::string("Python3.9")},
                             {"description", Value::string("shared")},
                             {"link", Value::string(link)}})
                         .entries();
  Value config = Value::object(t, c);

  // lifecycle { ignore_changes = [link] }: Terraform proposes the prior (null) link.
  auto kept = resources::plan_change(*dep, imported, imported, config);
  CHECK(kept.requires_replace.empty());
  CHECK(kept.planned.attribute("source_hash").is_null());
  CHECK(kept.planned == imported);

  // Without it the configured link is proposed: its hash is new, so the version is republished.
  Value::Entries p = imported.entries();
  p["link"] = Value::string(link);
  auto republish = resources::plan_change(*dep, imported, Value::object(t, p), config);
  CHECK(republish.planned.attribute("source_hash") == Value::string(cloud::sha256_hex(link)));
  CHECK_FALSE(republish.requires_replace.empty());

  // After a create the planned hash is the link's, and the same link plans nothing.
  Value::Entries s = p;
  s["source_hash"] = Value::string(cloud::sha256_hex(link));
  Value state = Value::object(t, s);
  auto same = resources::plan_change(*dep, state, state, config);
  CHECK(same.requires_replace.empty());
  CHECK(same.planned == state);
}

TEST_CASE("provider block: explicit values, environment fallback, endpoints, one clear error") {
  const auto& block = schema::Registry::builtin().provider().block;
  std::map<std::string, std::string> env{{"HW_SECRET_KEY", "env-sk"},
                                         {"HW_REGION_NAME", "cn-east-3"}};
  auto lookup = [&](const char* n) -> std::optional<std::string> {
    auto it = env.find(n);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  Value endpoints = Value::object(block.block("endpoints")->block.implied_type(),
                                  {{"functiongraph", Value::string("http://127.0.0.1:9000")}});
  Value config = Value::object(block.implied_type(), {{"access_key", Value::string("AK")},
                                                      {"max_retries", Value::number(2)},
                                                      {"endpoints", endpoints}});
  auto c = resources::client_config_from(config, lookup);
  REQUIRE(c.ok());
  CHECK(c.value.credentials.access_key == "AK");
  CHECK(c.value.credentials.secret_key == "env-sk");
  CHECK(c.value.credentials.region == "cn-east-3");
  CHECK(c.value.endpoints.functiongraph == "http://127.0.0.1:9000");
  CHECK(c.value.retry.max_attempts == 3);

  auto none = resources::client_config_from(
      Value::null(block.implied_type()), [](const char*) { return std::optional<std::string>(); });
  REQUIRE(none.diagnostics.size() == 1);
  CHECK(none.diagnostics.items()[0].summary == "Missing credentials");
  CHECK(none.diagnostics.items()[0].detail.find("HW_ACCESS_KEY") != std::string::npos);

  Value unknown = Value::object(block.implied_type(), {{"region", Value::unknown(Type::string())}});
  auto later = resources::client_config_from(unknown, lookup);
  CHECK_FALSE(later.ok());
  CHECK(later.diagnostics.items()[0].attribute->to_string() == "region");
}
