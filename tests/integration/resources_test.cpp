// Resource modules against the emulator: the full lifecycle each front drives.
#include <catch2/catch.hpp>
#include <tuple>

#include "fixture.h"
#include "plan/proposed_new.h"
#include "resources/operations.h"
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

// Terraform's proposed new state from a configuration shaped as Terraform sends it (block
// collections empty, not null).
Value proposed(const resources::Resource& r, const Value& prior, const Value& config) {
  return plan::proposed_new(r.schema().block, prior, resources::conform(r.schema().block, config));
}

// The names of the attributes and blocks where two objects differ, for failure messages.
std::string differences(const Value& a, const Value& b) {
  std::string out;
  for (const auto& [name, v] : a.entries()) {
    if (!(b.attribute(name) == v)) out += name + " ";
  }
  return out;
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

#include <filesystem>
#include <fstream>

#include "resources/code_package.h"

namespace {

std::filesystem::path temp_tree(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "lib");
  std::ofstream(dir / "index.py") << "def handler(event, context):\n    return 1\n";
  std::ofstream(dir / "lib" / "util.py") << "X = 1\n";
  return dir;
}

}  // namespace

TEST_CASE("code packages: directories pack deterministically, bad paths are named") {
  auto dir = temp_tree("fgform-pkg");
  auto a = resources::load_code_package(dir.string());
  REQUIRE(a.ok());
  CHECK(a.value.bytes.rfind("PK", 0) == 0);
  CHECK(a.value.filename == "index.zip");
  auto b = resources::load_code_package(dir.string());
  CHECK(a.value.sha256 == b.value.sha256);  // same sources, same bytes
  std::ofstream(dir / "lib" / "util.py") << "X = 2\n";
  CHECK(resources::load_code_package(dir.string()).value.sha256 != a.value.sha256);

  auto missing = resources::load_code_package((dir / "nope").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.diagnostics.items()[0].detail.find("nope") != std::string::npos);
  auto not_zip = resources::load_code_package((dir / "index.py").string());
  REQUIRE_FALSE(not_zip.ok());
  CHECK(not_zip.diagnostics.items()[0].detail.find("not a ZIP") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("function: a directory package deploys, mounts keep their order, deletes leave nothing") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  auto& catalog = resources::Catalog::builtin();
  resources::Resource& fn = *catalog.resource("functiongraph_function");
  auto vpc = env.vpc().create_vpc({{"name", "v"}, {"cidr", "10.0.0.0/16"}});
  auto subnet = env.vpc().create_subnet({{"name", "s"},
                                         {"cidr", "10.0.1.0/24"},
                                         {"gateway_ip", "10.0.1.1"},
                                         {"vpc_id", (*vpc)["id"]}});
  REQUIRE(subnet.ok());
  auto dir = temp_tree("fgform-fn");
  nlohmann::json config{{"name", "packed"},
                        {"runtime", "Python3.9"},
                        {"code_path", dir.string()},
                        {"agency", "fgs-vpc"},
                        {"vpc_id", (*vpc)["id"]},
                        {"subnet_id", (*subnet)["id"]},
                        {"mount", nlohmann::json::array({{{"type", "sfsTurbo"},
                                                          {"resource_id", "r2"},
                                                          {"share_path", "10.0.1.9:/b"},
                                                          {"local_path", "/mnt/b"}},
                                                         {{"type", "ecs"},
                                                          {"resource_id", "r1"},
                                                          {"share_path", "10.0.1.8:/a"},
                                                          {"local_path", "/mnt/a"}}})}};
  Value cfg = config_of(fn, config.dump());
  CHECK(fn.validate(cfg).empty());
  Value state = create(fn, platform, cfg);
  CHECK(state.attribute("source_code_hash") ==
        Value::string(resources::load_code_package(dir.string()).value.sha256));
  CHECK(state.attribute("handler") == Value::string("index.handler"));
  CHECK(state.attribute("mount").elements()[0].attribute("local_path") == Value::string("/mnt/b"));
  CHECK(state.attribute("mount").elements()[1].attribute("status") == Value::string("ACTIVE"));
  auto again = fn.read(platform, state);
  REQUIRE(again.ok());
  CHECK(again.value == state);

  auto plan = resources::plan_change(fn, state, state, cfg);
  CHECK(plan.planned == state);  // nothing changed: nothing planned

  std::ofstream(dir / "index.py") << "changed\n";
  auto changed = resources::plan_change(fn, state, state, cfg);
  CHECK(changed.planned.attribute("source_code_hash") != state.attribute("source_code_hash"));
  CHECK(changed.planned.attribute("last_modified").is_unknown());

  CHECK_FALSE(fn.remove(platform, state).has_errors());
  CHECK(fn.read(platform, state).value.is_null());
  std::filesystem::remove_all(dir);
}

TEST_CASE("function: validation beyond the schema") {
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  auto both = fn.validate(config_of(
      fn,
      R"({"name": "x", "runtime": "Python3.9", "inline_code": "a", "code_url": "obs://b/c.zip"})"));
  REQUIRE(both.size() == 1);
  CHECK(both.items()[0].detail.find("only one of") != std::string::npos);
  auto none = fn.validate(config_of(fn, R"({"name": "x", "runtime": "Python3.9"})"));
  REQUIRE(none.size() == 1);
  auto env = fn.validate(config_of(fn, R"({"name": "x", "runtime": "Python3.9", "inline_code": "a",
                                           "environment": {"1BAD": "v", "RUNTIME_X": "v"}, "vpc_id": "v"})"));
  std::string all;
  for (const auto& d : env) all += d.to_string() + "\n";
  CHECK(all.find("environment[\"1BAD\"]") != std::string::npos);
  CHECK(all.find("environment[\"RUNTIME_X\"]") != std::string::npos);
  CHECK(all.find("at subnet_id") != std::string::npos);
}

TEST_CASE(
    "agency: roles by display name are granted, read back, changed and refused when unknown") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& agency = *resources::Catalog::builtin().resource("functiongraph_agency");
  CHECK_FALSE(agency.validate(config_of(agency, R"({"name": "a"})")).empty());
  CHECK_FALSE(
      agency
          .validate(config_of(agency, R"({"name": "a", "delegated_service_name": "op_svc_cff",
                                                    "delegated_domain_name": "other"})"))
          .empty());
  Value cfg = config_of(agency, R"({"name": "fgs", "delegated_service_name": "op_svc_cff",
                                    "project_roles": ["VPC Administrator"], "domain_roles": ["OBS Administrator"]})");
  CHECK(agency.validate(cfg).empty());
  Value state = create(agency, platform, cfg);
  CHECK(state.attribute("project_roles") == cfg.attribute("project_roles"));
  CHECK(state.attribute("domain_roles") == cfg.attribute("domain_roles"));
  CHECK(state.attribute("duration") == Value::string("FOREVER"));
  CHECK(agency.read(platform, state).value == state);

  Value::Entries e = state.entries();
  e["project_roles"] =
      Value::set(value::Type::string(), {Value::string("SFS Turbo Administrator")});
  auto updated = agency.update(platform, state, Value::object(state.type(), e));
  REQUIRE(updated.ok());
  CHECK(updated.value.attribute("project_roles") == e["project_roles"]);
  CHECK(env.iam()
            .list_project_roles(*env.client().project_id(), state.attribute("id").as_string())
            ->size() == 1);

  e["project_roles"] = Value::set(value::Type::string(), {Value::string("Chief Wizard")});
  auto unknown_role = agency.update(platform, state, Value::object(state.type(), e));
  REQUIRE_FALSE(unknown_role.ok());
  CHECK(unknown_role.diagnostics.items()[0].detail.find("Chief Wizard") != std::string::npos);
  CHECK(unknown_role.diagnostics.items()[0].attribute->to_string() == "project_roles");

  CHECK_FALSE(agency.remove(platform, state).has_errors());
  CHECK(agency.read(platform, state).value.is_null());
}

TEST_CASE("trigger: one typed block, checked schedules, status in place, gone with its function") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& trigger = *resources::Catalog::builtin().resource("functiongraph_trigger");
  const std::string urn = env.create_function("tr")["func_urn"];
  CHECK_FALSE(trigger.validate(config_of(trigger, R"({"function_urn": "x"})")).empty());
  auto bad_cron = trigger.validate(config_of(trigger, R"({"function_urn": "x",
      "timer": {"name": "t", "schedule_type": "Cron", "schedule": "0 61 * * * *"}})"));
  REQUIRE(bad_cron.size() == 1);
  CHECK(bad_cron.items()[0].attribute->to_string() == "timer.schedule");
  auto bad_rate = trigger.validate(config_of(trigger, R"({"function_urn": "x",
      "timer": {"name": "t", "schedule_type": "Rate", "schedule": "90m"}})"));
  CHECK(bad_rate.size() == 1);

  nlohmann::json cfg{
      {"function_urn", urn},
      {"status", "DISABLED"},
      {"kafka", {{"instance_id", "k1"}, {"topic_ids", {"t1"}}, {"password", "kafka-secret"}}}};
  Value config = config_of(trigger, cfg.dump());
  CHECK(trigger.validate(config).empty());
  Value state = create(trigger, platform, config);
  CHECK(state.attribute("type") == Value::string("KAFKA"));
  CHECK(state.attribute("status") == Value::string("DISABLED"));
  CHECK(state.attribute("kafka").attribute("batch_size") == Value::number(100));
  CHECK(trigger.read(platform, state).value == state);

  Value::Entries e = state.entries();
  e["status"] = Value::string("ACTIVE");
  auto updated = trigger.update(platform, state, Value::object(state.type(), e));
  REQUIRE(updated.ok());
  CHECK(updated.value.attribute("status") == Value::string("ACTIVE"));

  REQUIRE(env.fg().delete_function(cloud::FunctionUrn::parse(urn)->unqualified()).ok());
  auto gone = trigger.read(platform, state);  // the platform answers 500 FSS.0500 here
  REQUIRE(gone.ok());
  CHECK(gone.value.is_null());
}

TEST_CASE(
    "dependency: a packed directory becomes version 1, a change plans a replacement, in use cannot "
    "go") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  auto& catalog = resources::Catalog::builtin();
  resources::Resource& dep = *catalog.resource("functiongraph_dependency");
  auto dir = temp_tree("fgform-dep");
  Value cfg = config_of(
      dep,
      nlohmann::json{{"name", "shared-lib"}, {"runtime", "Python3.9"}, {"file_path", dir.string()}}
          .dump());
  CHECK(dep.validate(cfg).empty());
  CHECK_FALSE(dep.validate(config_of(dep, R"({"name": "x", "runtime": "Python3.9"})")).empty());
  Value state = create(dep, platform, cfg);
  CHECK(state.attribute("version_number") == Value::number(1));
  CHECK(dep.read(platform, state).value == state);
  CHECK(resources::plan_change(dep, state, state, cfg).requires_replace.empty());

  const std::string urn = env.create_function("uses")["func_urn"];
  REQUIRE(env.fg()
              .update_function_code(
                  urn, {{"code_type", "inline"},
                        {"depend_version_list",
                         nlohmann::json::array({state.attribute("version_id").as_string()})}})
              .ok());
  auto in_use = dep.remove(platform, state);
  REQUIRE(in_use.has_errors());
  CHECK(in_use.items()[0].detail.find("FSS.1033") != std::string::npos);

  std::ofstream(dir / "index.py") << "changed\n";
  auto plan = resources::plan_change(dep, state, state, cfg);
  REQUIRE(plan.requires_replace.size() == 1);
  CHECK(plan.requires_replace[0].to_string() == "source_hash");
  std::filesystem::remove_all(dir);
}

TEST_CASE("data sources read functions, dependencies and agencies") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  auto& catalog = resources::Catalog::builtin();
  env.create_function("alpha");
  env.create_function("beta");
  auto data_config = [](resources::DataSource& d, const std::string& json) {
    auto decoded = value::from_json(nlohmann::json::parse(json), d.schema().block.implied_type());
    REQUIRE(decoded.ok());
    return decoded.value;
  };
  resources::DataSource& one = *catalog.data_source("functiongraph_function");
  auto alpha = one.read(platform, data_config(one, R"({"name": "alpha"})"));
  REQUIRE(alpha.ok());
  CHECK(alpha.value.attribute("runtime") == Value::string("Python3.9"));
  auto missing = one.read(platform, data_config(one, R"({"name": "nope"})"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.diagnostics.items()[0].summary == "Function not found");

  resources::DataSource& many = *catalog.data_source("functiongraph_functions");
  auto b = many.read(platform, data_config(many, R"({"name_prefix": "b"})"));
  REQUIRE(b.ok());
  REQUIRE(b.value.attribute("functions").length() == 1);
  CHECK(b.value.attribute("functions").elements()[0].attribute("name") == Value::string("beta"));

  REQUIRE(env.iam().create_agency({{"name", "finder"}, {"trust_domain_name", "op_svc_cff"}}).ok());
  resources::DataSource& agency = *catalog.data_source("functiongraph_agency");
  auto found = agency.read(platform, data_config(agency, R"({"name": "finder"})"));
  REQUIRE(found.ok());
  CHECK(found.value.attribute("delegated_service_name") == Value::string("op_svc_cff"));
  CHECK_FALSE(agency.read(platform, data_config(agency, R"({"name": "ghost"})")).ok());

  REQUIRE(env.fg()
              .create_dependency_version({{"name", "lib"},
                                          {"runtime", "Python3.9"},
                                          {"depend_type", "obs"},
                                          {"depend_link", "obs://bucket/lib.zip"}})
              .ok());
  resources::DataSource& deps = *catalog.data_source("functiongraph_dependencies");
  auto listed = deps.read(platform, data_config(deps, R"({"name": "lib"})"));
  REQUIRE(listed.ok());
  REQUIRE(listed.value.attribute("dependencies").length() == 1);
  CHECK(listed.value.attribute("dependencies").elements()[0].attribute("version_number") ==
        Value::number(1));
}

TEST_CASE(
    "trigger: CTS, DDS, RabbitMQ, open-source Kafka, EventGrid, APIC, GeminiDB Mongo and DMS queue "
    "round trips") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& trigger = *resources::Catalog::builtin().resource("functiongraph_trigger");
  const std::string urn = env.create_function("more")["func_urn"];

  struct Case {
    const char* block;
    const char* type;
    nlohmann::json settings;
    const char* default_status;
  };
  const Case cases[] = {
      {"cts",
       "CTS",
       {{"name", "watch"}, {"operations", {"FunctionGraph:Functions:createFunction"}}},
       "ACTIVE"},
      {"dds",
       "DDS",
       {{"instance_id", "dds-1"},
        {"db_name", "shop"},
        {"collection_name", "orders"},
        {"db_password", "dds-secret"}},
       "DISABLED"},
      {"rabbitmq",
       "RABBITMQ",
       {{"connect_address", "10.0.0.5:5672"},
        {"exchange_name", "orders"},
        {"user_name", "fg"},
        {"password", "mq-secret"}},
       "ACTIVE"},
      {"opensource_kafka",
       "OPENSOURCEKAFKA",
       {{"connect_address", "10.0.0.1:9092"}, {"topic_ids", {"orders"}}},
       "DISABLED"},
      {"eventgrid",
       "EVENTGRID",
       {{"channel_id", "ch-1"},
        {"source_name", "HC.OBS.DWR"},
        {"trigger_name", "obs-events"},
        {"event_types", {"OBS:DWR:ObjectCreated:PUT"}},
        {"key_encode", false}},
       "ACTIVE"},
      {"apic",
       "APIC",
       {{"instance_id", "roma-1"}, {"group_id", "g-1"}, {"api_name", "orders"}},
       "ACTIVE"},
      {"geminidb_mongo",
       "GAUSSMONGO",
       {{"instance_id", "gm-1"},
        {"db_name", "shop"},
        {"collection_name", "orders"},
        {"db_password", "mongo-secret"}},
       "DISABLED"},
      {"dms_queue", "DMS", {{"queue_id", "q-1"}, {"consumer_group_id", "cg-1"}}, "ACTIVE"},
  };
  for (const auto& c : cases) {
    INFO(c.type);
    Value config =
        config_of(trigger, nlohmann::json{{"function_urn", urn}, {c.block, c.settings}}.dump());
    CHECK(trigger.validate(config).empty());
    Value state = create(trigger, platform, config);
    CHECK(state.attribute("type") == Value::string(c.type));
    CHECK(state.attribute("status") == Value::string(c.default_status));
    // Read back unchanged: no perpetual diff, secrets kept.
    auto read = trigger.read(platform, state);
    REQUIRE(read.ok());
    CHECK(read.value == state);

    // Status switched in place.
    Value::Entries e = state.entries();
    const std::string other = std::string(c.default_status) == "ACTIVE" ? "DISABLED" : "ACTIVE";
    e["status"] = Value::string(other);
    auto updated = trigger.update(platform, state, Value::object(state.type(), e));
    REQUIRE(updated.ok());
    CHECK(updated.value.attribute("status") == Value::string(other));
    CHECK(updated.value.attribute(c.block) == state.attribute(c.block));

    // Import then read: everything the platform returns comes back.
    auto imported =
        trigger.import(platform, urn + "/" + c.type + "/" + state.attribute("id").as_string());
    REQUIRE(imported.ok());
    auto after_import = trigger.read(platform, imported.value);
    REQUIRE(after_import.ok());
    CHECK(after_import.value.attribute("status") == Value::string(other));
    CHECK_FALSE(after_import.value.attribute(c.block).is_null());

    CHECK_FALSE(trigger.remove(platform, updated.value).has_errors());
    CHECK(trigger.read(platform, updated.value).value.is_null());
  }
}

TEST_CASE("trigger: DIS polling and DMS queue polling change in place, the rest replaces") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& trigger = *resources::Catalog::builtin().resource("functiongraph_trigger");
  const std::string urn = env.create_function("polled")["func_urn"];
  for (const auto& [block, first, second, fixed] :
       {std::tuple{"dis", R"({"stream_name": "clicks"})",
                   R"({"stream_name": "clicks", "max_fetch_bytes": 4096, "pull_period": 5000,
                       "serial": false})",
                   R"({"stream_name": "views"})"},
        std::tuple{"dms_queue", R"({"queue_id": "q-1", "consumer_group_id": "cg-1"})",
                   R"({"queue_id": "q-1", "consumer_group_id": "cg-1", "polling_interval": 5})",
                   R"({"queue_id": "q-1", "consumer_group_id": "cg-1", "batch_size": 5})"}}) {
    INFO(block);
    auto config = [&](const char* settings) {
      return config_of(trigger, nlohmann::json{{"function_urn", urn},
                                               {"status", "DISABLED"},
                                               {block, nlohmann::json::parse(settings)}}
                                    .dump());
    };
    Value state = create(trigger, platform, config(first));
    const Value changed = config(second);
    auto plan = resources::plan_change(trigger, state, proposed(trigger, state, changed), changed);
    CHECK(plan.requires_replace.empty());
    auto updated = trigger.update(platform, state, plan.planned);
    REQUIRE(updated.ok());
    CHECK(updated.value.attribute("id") == state.attribute("id"));
    CHECK(updated.value.attribute(block) == plan.planned.attribute(block));
    auto read = trigger.read(platform, updated.value);
    REQUIRE(read.ok());
    CHECK(read.value.attribute(block) == plan.planned.attribute(block));
    CHECK(read.value.attribute("status") == Value::string("DISABLED"));

    const Value moved = config(fixed);
    auto replace =
        resources::plan_change(trigger, read.value, proposed(trigger, read.value, moved), moved);
    CHECK_FALSE(replace.requires_replace.empty());
  }
}

TEST_CASE("trigger: passwords are never answered, and after an import are set in place") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& trigger = *resources::Catalog::builtin().resource("functiongraph_trigger");
  const std::string urn = env.create_function("secrets")["func_urn"];
  auto config = [&](const char* password) {
    return config_of(trigger, nlohmann::json{{"function_urn", urn},
                                             {"status", "ACTIVE"},
                                             {"geminidb_mongo",
                                              {{"instance_id", "gm-1"},
                                               {"db_name", "shop"},
                                               {"collection_name", "orders"},
                                               {"db_password", password}}}}
                                  .dump());
  };
  const Value wanted = config("mongo-secret");
  Value state = create(trigger, platform, wanted);
  const std::string id = state.attribute("id").as_string();
  // No answer carries the password: not the GET, not either list.
  auto got = env.fg().get_trigger(urn, "GAUSSMONGO", id);
  REQUIRE(got.ok());
  CHECK_FALSE((*got)["event_data"].contains("db_password"));
  CHECK((*got)["event_data"].value("db_name", "") == "shop");
  for (const auto& listed : {env.fg().list_triggers(urn), env.fg().list_all_triggers()}) {
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK_FALSE((*listed)[0]["event_data"].contains("db_password"));
  }

  // Imported: the password is unknown, and the plan sets it in place.
  auto imported = trigger.import(platform, urn + "/GAUSSMONGO/" + id);
  REQUIRE(imported.ok());
  auto read = trigger.read(platform, imported.value);
  REQUIRE(read.ok());
  CHECK(read.value.attribute("geminidb_mongo").attribute("db_password").is_null());
  auto plan =
      resources::plan_change(trigger, read.value, proposed(trigger, read.value, wanted), wanted);
  CHECK(plan.requires_replace.empty());
  CHECK_FALSE(plan.planned == read.value);

  // A different password than the platform's fails the apply, naming the key, not the value.
  const Value wrong = config("not-the-password");
  auto wrong_plan =
      resources::plan_change(trigger, read.value, proposed(trigger, read.value, wrong), wrong);
  CHECK(wrong_plan.requires_replace.empty());
  auto refused = trigger.update(platform, read.value, wrong_plan.planned);
  REQUIRE_FALSE(refused.ok());
  const std::string why = refused.diagnostics.items()[0].to_string();
  CHECK(why.find("db_password") != std::string::npos);
  CHECK(why.find("not-the-password") == std::string::npos);
  CHECK(why.find("mongo-secret") == std::string::npos);

  // The right one is checked and recorded; the next plan is empty.
  auto updated = trigger.update(platform, read.value, plan.planned);
  REQUIRE(updated.ok());
  CHECK(updated.value.attribute("id") == state.attribute("id"));
  CHECK(updated.value.attribute("geminidb_mongo").attribute("db_password") ==
        Value::string("mongo-secret"));
  auto again = trigger.read(platform, updated.value);
  REQUIRE(again.ok());
  CHECK(again.value == updated.value);
  auto settled =
      resources::plan_change(trigger, again.value, proposed(trigger, again.value, wanted), wanted);
  CHECK(settled.planned == again.value);
  // Once known, a new password replaces the trigger (the update call cannot change it).
  auto renewed =
      resources::plan_change(trigger, again.value, proposed(trigger, again.value, wrong), wrong);
  CHECK_FALSE(renewed.requires_replace.empty());
}

TEST_CASE("trigger: generic type code and event_data, read back by its keys, imported") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& trigger = *resources::Catalog::builtin().resource("functiongraph_trigger");
  const std::string urn = env.create_function("generic")["func_urn"];
  const std::string data = "{ \"log_group_id\": \"g-1\", \"log_topic_id\": \"t-1\" }";
  Value config = config_of(
      trigger,
      nlohmann::json{{"function_urn", urn}, {"generic", {{"type", "LTS"}, {"event_data", data}}}}
          .dump());
  CHECK(trigger.validate(config).empty());
  Value state = create(trigger, platform, config);
  CHECK(state.attribute("type") == Value::string("LTS"));
  CHECK(state.attribute("generic").attribute("event_data") == Value::string(data));
  auto read = trigger.read(platform, state);
  REQUIRE(read.ok());
  CHECK(read.value == state);
  // The platform refuses what it refuses, whatever the block.
  Value bad = config_of(
      trigger, nlohmann::json{{"function_urn", urn},
                              {"generic", {{"type", "LTS"}, {"event_data", R"({"a": 1})"}}}}
                   .dump());
  auto plan = resources::plan_change(trigger, Value::null(bad.type()), bad, bad);
  auto refused = trigger.create(platform, plan.planned);
  REQUIRE_FALSE(refused.ok());
  // Polling keys change in place through the update call, and read back as configured.
  auto generic_dis = [&](const char* settings) {
    return config_of(trigger,
                     nlohmann::json{{"function_urn", urn},
                                    {"generic", {{"type", "DIS"}, {"event_data", settings}}}}
                         .dump());
  };
  Value dis =
      create(trigger, platform, generic_dis(R"({"stream_name": "s", "max_fetch_bytes": 2048})"));
  const Value faster = generic_dis(R"({"stream_name": "s", "max_fetch_bytes": 4096})");
  auto dis_plan = resources::plan_change(trigger, dis, proposed(trigger, dis, faster), faster);
  CHECK(dis_plan.requires_replace.empty());
  auto dis_updated = trigger.update(platform, dis, dis_plan.planned);
  REQUIRE(dis_updated.ok());
  auto dis_read = trigger.read(platform, dis_updated.value);
  REQUIRE(dis_read.ok());
  CHECK(dis_read.value.attribute("generic") == faster.attribute("generic"));

  // An import of a typed code lands in its typed block.
  auto imported = trigger.import(platform, urn + "/LTS/" + state.attribute("id").as_string());
  REQUIRE(imported.ok());
  auto after = trigger.read(platform, imported.value);
  REQUIRE(after.ok());
  CHECK(after.value.attribute("lts").attribute("log_group_id") == Value::string("g-1"));
}

TEST_CASE("alias: an update after its version was replaced creates the alias again") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  auto& catalog = resources::Catalog::builtin();
  resources::Resource& version = *catalog.resource("functiongraph_version");
  resources::Resource& alias = *catalog.resource("functiongraph_alias");
  const std::string urn = env.create_function("aliased")["func_urn"];
  const std::string unqualified = cloud::FunctionUrn::parse(urn)->unqualified();

  Value v1 = create(version, platform,
                    config_of(version, R"({"function_urn": ")" + unqualified +
                                           R"(", "version": "v1", "description": "first"})"));
  Value prod = create(alias, platform,
                      config_of(alias, R"({"function_urn": ")" + unqualified +
                                           R"(", "name": "prod", "version": "v1"})"));

  // A replacement of v1: the platform deletes prod with it, then v1 is published again.
  REQUIRE(env.fg()
              .update_function_code(
                  urn, {{"code_type", "inline"}, {"func_code", {{"file", "cHJpbnQoMyk="}}}})
              .ok());
  CHECK_FALSE(version.remove(platform, v1).has_errors());
  CHECK(alias.read(platform, prod).value.is_null());
  create(version, platform,
         config_of(version, R"({"function_urn": ")" + unqualified +
                                R"(", "version": "v1", "description": "second"})"));

  Value::Entries e = prod.entries();
  e["description"] = Value::string("after the replacement");
  auto updated = alias.update(platform, prod, Value::object(prod.type(), e));
  INFO((updated.diagnostics.empty() ? "" : updated.diagnostics.items()[0].to_string()));
  REQUIRE(updated.ok());
  auto live = env.fg().get_alias(unqualified, "prod");
  REQUIRE(live.ok());
  CHECK((*live)["description"] == "after the replacement");
  CHECK((*live)["version"] == "v1");
}

namespace {

// Settings a console user makes beside what a configuration usually holds: a pre-stop hook, a
// peering CIDR, stateful mode, header authentication, LTS tags, logs off. Made as a careful
// client would make them under --strict-put: the live configuration sent back with the changes.
void set_unmodelled_settings(EmulatorFixture& env, const std::string& urn) {
  auto live = env.fg().get_function_config(urn);
  REQUIRE(live.ok());
  cloud::Json body;
  for (const char* field : {"runtime", "handler", "memory_size", "timeout", "description",
                            "user_data", "xrole", "app_xrole", "ephemeral_storage",
                            "strategy_config", "network_controller", "enable_dynamic_memory"}) {
    if (live->contains(field)) body[field] = (*live)[field];
  }
  body["log_config"] = {{"group_id", (*live)["log_group_id"]},
                        {"stream_id", (*live)["log_stream_id"]}};
  body["enable_auth_in_header"] = true;
  body["enable_lts_log"] = false;
  body["pre_stop_handler"] = "index.pre_stop";
  body["pre_stop_timeout"] = 30;
  body["peering_cidr"] = "10.8.0.0/16";
  body["is_stateful_function"] = true;
  body["lts_custom_tag"] = {{"owner", "console"}};
  auto put = env.fg().update_function_config(urn, body);
  INFO((put.ok() ? std::string() : put.error().message()));
  REQUIRE(put.ok());
}

void check_unmodelled_settings(const cloud::Json& live) {
  CHECK(live["enable_auth_in_header"] == true);
  CHECK(live["enable_lts_log"] == false);
  CHECK(live["pre_stop_handler"] == "index.pre_stop");
  CHECK(live["pre_stop_timeout"] == 30);
  CHECK(live["peering_cidr"] == "10.8.0.0/16");
  CHECK(live["is_stateful_function"] == true);
  CHECK(live["lts_custom_tag"] == cloud::Json{{"owner", "console"}});
}

}  // namespace

TEST_CASE("emulator --strict-put: a config update resets the settings its body omits") {
  emulator::EmulatorOptions strict;
  strict.strict_put = true;
  EmulatorFixture env(strict);
  const std::string urn = env.create_function("strict")["func_urn"];
  set_unmodelled_settings(env, urn);
  check_unmodelled_settings(*env.fg().get_function_config(urn));
  const std::string log_group = (*env.fg().get_function_config(urn))["log_group_id"];

  // A body with only what it must carry: everything else goes back to the default.
  REQUIRE(env.fg()
              .update_function_config(urn, {{"runtime", "Python3.9"},
                                            {"handler", "index.handler"},
                                            {"memory_size", 256},
                                            {"timeout", 30}})
              .ok());
  auto live = env.fg().get_function_config(urn);
  REQUIRE(live.ok());
  CHECK((*live)["memory_size"] == 256);
  CHECK((*live)["enable_auth_in_header"] == false);
  CHECK((*live)["enable_lts_log"] == true);
  CHECK((*live)["pre_stop_handler"] == "");
  CHECK((*live)["is_stateful_function"] == false);
  CHECK_FALSE(live->contains("lts_custom_tag"));
  CHECK((*live)["log_group_id"] != log_group);

  // Without --strict-put an update merges, as before.
  EmulatorFixture lenient;
  const std::string urn2 = lenient.create_function("lenient")["func_urn"];
  set_unmodelled_settings(lenient, urn2);
  REQUIRE(lenient.fg()
              .update_function_config(urn2, {{"runtime", "Python3.9"},
                                             {"handler", "index.handler"},
                                             {"memory_size", 256},
                                             {"timeout", 30}})
              .ok());
  check_unmodelled_settings(*lenient.fg().get_function_config(urn2));
}

TEST_CASE("function: an update keeps what the plan keeps and changes only what it shows") {
  emulator::EmulatorOptions strict;
  strict.strict_put = true;
  EmulatorFixture env(strict);
  resources::Platform platform(env.client_config());
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  const std::string config_json = R"({"name": "rmw", "runtime": "Python3.9",
      "memory_size": 128, "timeout": 30, "inline_code": "def handler(e, c):\n    return 1\n",
      "environment": {"STAGE": "prod"}})";
  Value state = create(fn, platform, config_of(fn, config_json));
  const std::string urn = state.attribute("id").as_string();
  set_unmodelled_settings(env, urn);
  const std::string log_group = (*env.fg().get_function_config(urn))["log_group_id"];

  // Terraform's flow: refresh, plan an unrelated change (memory) against the refreshed state.
  auto refreshed = fn.read(platform, state);
  REQUIRE(refreshed.ok());
  CHECK(refreshed.value.attribute("pre_stop_handler") == Value::string("index.pre_stop"));
  CHECK(refreshed.value.attribute("enable_lts_log") == Value::boolean(false));
  auto cfg = value::from_json(nlohmann::json::parse(config_json), fn.schema().block.implied_type());
  Value::Entries c = cfg.value.entries();
  c["memory_size"] = Value::number(value::Number::from_int(256));
  const Value config = Value::object(cfg.value.type(), c);
  auto plan =
      resources::plan_change(fn, refreshed.value, proposed(fn, refreshed.value, config), config);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  // What the configuration leaves to the platform (computed attributes) stays as it is...
  CHECK(plan.planned.attribute("enable_lts_log") == Value::boolean(false));
  CHECK(plan.planned.attribute("log_group_id") == Value::string(log_group));
  CHECK(plan.planned.attribute("is_stateful_function") == Value::boolean(true));
  CHECK(plan.planned.attribute("enable_auth_in_header") == Value::boolean(true));
  // ...and optional settings it leaves out are removed, which the plan shows.
  CHECK(plan.planned.attribute("pre_stop_handler").is_null());
  CHECK(plan.planned.attribute("peering_cidr").is_null());
  CHECK(plan.planned.attribute("lts_custom_tag").is_null());

  auto updated = fn.update(platform, refreshed.value, plan.planned);
  INFO((updated.diagnostics.empty() ? "" : updated.diagnostics.items()[0].to_string()));
  REQUIRE(updated.ok());
  auto live = env.fg().get_function_config(urn);
  REQUIRE(live.ok());
  CHECK((*live)["memory_size"] == 256);
  CHECK((*live)["user_data"] == R"({"STAGE":"prod"})");
  CHECK((*live)["enable_lts_log"] == false);
  CHECK((*live)["log_group_id"] == log_group);
  CHECK((*live)["is_stateful_function"] == true);
  CHECK((*live)["enable_auth_in_header"] == true);
  CHECK((*live)["pre_stop_handler"] == "");
  CHECK((*live)["peering_cidr"] == "");
  CHECK_FALSE(live->contains("lts_custom_tag"));
  CHECK(updated.value.attribute("memory_size") == Value::number(value::Number::from_int(256)));
  const Value replanned =
      resources::plan_change(fn, updated.value, proposed(fn, updated.value, config), config)
          .planned;
  INFO(differences(replanned, updated.value));
  CHECK(replanned == updated.value);
}

TEST_CASE("function: GPU, hooks, private DNS, LTS, KMS and image user settings round-trip") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  auto vpc = env.vpc().create_vpc({{"name", "v"}, {"cidr", "10.0.0.0/16"}});
  auto subnet = env.vpc().create_subnet({{"name", "s"},
                                         {"cidr", "10.0.1.0/24"},
                                         {"gateway_ip", "10.0.1.1"},
                                         {"vpc_id", (*vpc)["id"]}});
  REQUIRE(subnet.ok());
  nlohmann::json config{
      {"name", "gpu"},
      {"runtime", "Custom Image"},
      {"memory_size", 4096},
      {"custom_image",
       {{"url", "swr.cn-north-4.myhuaweicloud.com/team/app:1"},
        {"user_id", "1001"},
        {"user_group_id", "1002"}}},
      {"agency", "fgs-vpc"},
      {"vpc_id", (*vpc)["id"]},
      {"subnet_id", (*subnet)["id"]},
      {"private_dns_zone",
       {{{"id", "ff8080828a07ffea018a17184aa310f5"}, {"name", "svc.example.com."}}}},
      {"peering_cidr", "10.8.0.0/16;10.9.0.0/16"},
      {"gpu_type", "nvidia-t4"},
      {"gpu_memory", 2048},
      {"log_group_id", "group-1"},
      {"log_stream_id", "stream-1"},
      {"log_group_name", "team-logs"},
      {"log_stream_name", "gpu-stream"},
      {"enable_lts_log", true},
      {"lts_custom_tag", {{"team", "ml"}}},
      {"pre_stop_handler", "index.pre_stop"},
      {"pre_stop_timeout", 30},
      {"restore_hook_handler", "index.restore"},
      {"restore_hook_timeout", 60},
      {"user_data_encrypt_kms_key_id", "5f3d0e6c-kms-env"},
      {"code_encrypt_kms_key_id", "5f3d0e6c-kms-code"},
      {"is_stateful_function", true},
      {"enable_auth_in_header", true}};
  Value cfg = config_of(fn, config.dump());
  INFO((fn.validate(cfg).empty() ? "" : fn.validate(cfg).items()[0].to_string()));
  REQUIRE(fn.validate(cfg).empty());
  Value state = create(fn, platform, cfg);
  for (const char* name :
       {"peering_cidr", "gpu_type", "gpu_memory", "log_group_id", "log_stream_id", "log_group_name",
        "log_stream_name", "enable_lts_log", "lts_custom_tag", "pre_stop_handler",
        "pre_stop_timeout", "restore_hook_handler", "restore_hook_timeout",
        "user_data_encrypt_kms_key_id", "code_encrypt_kms_key_id", "is_stateful_function",
        "enable_auth_in_header", "private_dns_zone"}) {
    INFO(name);
    CHECK(state.attribute(name) == cfg.attribute(name));
  }
  CHECK(state.attribute("enable_class_isolation") == Value::boolean(false));
  CHECK(state.attribute("custom_image").attribute("user_id") == Value::string("1001"));
  CHECK(state.attribute("custom_image").attribute("user_group_id") == Value::string("1002"));
  const std::string urn = state.attribute("id").as_string();
  auto live = env.fg().get_function_config(urn);
  REQUIRE(live.ok());
  CHECK((*live)["domain_names"] ==
        R"([{"domain_name":"svc.example.com.","id":"ff8080828a07ffea018a17184aa310f5"}])");
  CHECK((*live)["custom_image"]["uid"] == "1001");
  CHECK((*live)["custom_image"]["gid"] == "1002");
  CHECK((*live)["code_encrypt_kms_key_id"] == "5f3d0e6c-kms-code");
  auto lts = env.fg().get_lts_log_detail(urn);
  REQUIRE(lts.ok());
  CHECK((*lts)["group_name"] == "team-logs");
  CHECK((*lts)["stream_id"] == "stream-1");

  // Read back unchanged; nothing planned.
  auto again = fn.read(platform, state);
  REQUIRE(again.ok());
  CHECK(again.value == state);
  const Value replanned = resources::plan_change(fn, state, proposed(fn, state, cfg), cfg).planned;
  INFO(differences(replanned, state));
  CHECK(replanned == state);

  // Import reads everything but the log names, which are read once configured.
  auto imported = fn.import(platform, urn);
  REQUIRE(imported.ok());
  auto read_import = fn.read(platform, imported.value);
  REQUIRE(read_import.ok());
  for (const char* name : {"peering_cidr", "gpu_type", "gpu_memory", "lts_custom_tag",
                           "pre_stop_timeout", "restore_hook_handler", "code_encrypt_kms_key_id",
                           "is_stateful_function", "private_dns_zone", "custom_image"}) {
    INFO(name);
    CHECK(read_import.value.attribute(name) == state.attribute(name));
  }
  CHECK(read_import.value.attribute("log_group_name").is_null());

  // An update changes them in place; removing a setting clears it on the platform.
  nlohmann::json changed = config;
  changed["peering_cidr"] = "10.8.0.0/16";
  changed["gpu_memory"] = 4096;
  changed["lts_custom_tag"] = {{"team", "ml"}, {"tier", "gold"}};
  changed["private_dns_zone"] = nlohmann::json::array();
  changed.erase("pre_stop_handler");
  changed.erase("pre_stop_timeout");
  changed["enable_auth_in_header"] = false;
  changed["log_stream_name"] = "renamed-stream";
  Value cfg2 = config_of(fn, changed.dump());
  REQUIRE(fn.validate(cfg2).empty());
  auto plan = resources::plan_change(fn, state, proposed(fn, state, cfg2), cfg2);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  CHECK(plan.requires_replace.empty());
  auto updated = fn.update(platform, state, plan.planned);
  INFO((updated.diagnostics.empty() ? "" : updated.diagnostics.items()[0].to_string()));
  REQUIRE(updated.ok());
  for (const char* name : {"peering_cidr", "gpu_memory", "lts_custom_tag", "pre_stop_handler",
                           "pre_stop_timeout", "enable_auth_in_header", "log_stream_name"}) {
    INFO(name);
    CHECK(updated.value.attribute(name) == cfg2.attribute(name));
  }
  CHECK(updated.value.attribute("private_dns_zone").length() == 0);
  live = env.fg().get_function_config(urn);
  CHECK((*live)["pre_stop_handler"] == "");
  CHECK((*live)["domain_names"] == "");
  CHECK((*live)["gpu_memory"] == 4096);
  CHECK((*live)["code_encrypt_kms_key_id"] == "5f3d0e6c-kms-code");

  // A changed code key replaces the function.
  nlohmann::json rekeyed = changed;
  rekeyed["code_encrypt_kms_key_id"] = "another-key";
  Value cfg3 = config_of(fn, rekeyed.dump());
  auto replace = resources::plan_change(fn, updated.value, proposed(fn, updated.value, cfg3), cfg3);
  CHECK_FALSE(replace.requires_replace.empty());

  // Out of band: a console user switches settings; the next read sees them.
  REQUIRE(env.fg()
              .update_function_config(urn, {{"runtime", "Custom Image"},
                                            {"enable_auth_in_header", true},
                                            {"restore_hook_timeout", 120},
                                            {"enable_lts_log", false}})
              .ok());
  auto drifted = fn.read(platform, updated.value);
  REQUIRE(drifted.ok());
  CHECK(drifted.value.attribute("enable_auth_in_header") == Value::boolean(true));
  CHECK(drifted.value.attribute("restore_hook_timeout") ==
        Value::number(value::Number::from_int(120)));
  CHECK(drifted.value.attribute("enable_lts_log") == Value::boolean(false));
}

TEST_CASE("function: the platform's rules on the new settings, in the provider and the emulator") {
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  auto messages = [&](const std::string& json) {
    std::string all;
    for (const auto& d : fn.validate(config_of(fn, json))) all += d.to_string() + "\n";
    return all;
  };
  const std::string base = R"("name": "x", "inline_code": "a", )";
  std::string gpu = messages("{" + base + R"("runtime": "Python3.9", "gpu_type": "nvidia-t4",
                                             "gpu_memory": 1000})");
  CHECK(gpu.find("Custom or Custom Image") != std::string::npos);
  CHECK(gpu.find("multiple of 1024") != std::string::npos);
  CHECK(messages("{" + base + R"("runtime": "Custom", "gpu_memory": 1024})")
            .find("gpu_type and gpu_memory go together") != std::string::npos);
  CHECK(messages("{" + base + R"("runtime": "Python3.9", "pre_stop_timeout": 10,
                                 "restore_hook_timeout": 10})")
            .find("restore hook handler") != std::string::npos);
  CHECK(messages("{" + base + R"("runtime": "Python3.9", "enable_class_isolation": true})")
            .find("Java runtimes only") != std::string::npos);
  CHECK(messages("{" + base + R"("runtime": "Java11", "enable_class_isolation": true})").empty());
  CHECK(messages("{" + base + R"("runtime": "Python3.9",
                                 "private_dns_zone": [{"id": "z", "name": "a.example."}]})")
            .find("at private_dns_zone") != std::string::npos);
  CHECK(messages("{" + base + R"("runtime": "Python3.9", "functiongraph_version": "v1",
                                 "lts_custom_tag": {"a": "b"}})")
            .find("v2 functions only") != std::string::npos);
  CHECK(messages("{" + base + R"("runtime": "Python3.9", "log_group_name": "g"})")
            .find("at log_group_name") != std::string::npos);

  // The emulator refuses the same, request by request.
  EmulatorFixture env;
  const std::string urn = env.create_function("rules")["func_urn"];
  auto refused = [&](const cloud::Json& extra) {
    cloud::Json body{{"runtime", "Python3.9"},
                     {"handler", "index.handler"},
                     {"memory_size", 128},
                     {"timeout", 30}};
    body.update(extra);
    auto r = env.fg().update_function_config(urn, body);
    return r.ok() ? std::string() : r.error().message();
  };
  CHECK(refused({{"gpu_type", "nvidia-t4"}, {"gpu_memory", 1024}}).find("Custom") !=
        std::string::npos);
  CHECK(refused({{"gpu_memory", 1024}}).find("together") != std::string::npos);
  CHECK(refused({{"peering_cidr", "10.0.0.0/8;bad"}}).find("peering_cidr") != std::string::npos);
  CHECK(refused({{"domain_names", "[{\"id\":\"z\"}]"}}).find("domain_names") != std::string::npos);
  CHECK(
      refused({{"domain_names", R"([{"id":"z","domain_name":"a.example."}])"}}).find("func_vpc") !=
      std::string::npos);
  CHECK(refused({{"enable_class_isolation", true}}).find("Java") != std::string::npos);
  CHECK(refused({{"pre_stop_timeout", 91}}).find("pre_stop_timeout") != std::string::npos);
  CHECK(refused({{"pre_stop_timeout", 10}}).find("pre_stop_handler") != std::string::npos);
  CHECK(refused({{"restore_hook_timeout", 301}}).find("restore_hook_timeout") != std::string::npos);
  CHECK(refused({{"lts_custom_tag", {{"_sys_x", "v"}}}}).find("tag key") != std::string::npos);
  CHECK(refused({{"enable_auth_in_header", true}, {"peering_cidr", "10.0.0.0/8"}}).empty());
}

TEST_CASE("function: a create whose answer is lost (504 after the work) adopts what was made") {
  emulator::EmulatorOptions lossy;
  lossy.gateway_timeout_rate = 1.0;  // every successful POST is answered 504
  EmulatorFixture env(lossy);
  resources::Platform platform(env.client_config());
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  const Value config = config_of(fn, R"({"name": "lost-answer", "runtime": "Python3.9",
      "memory_size": 256, "timeout": 30, "inline_code": "def handler(e, c):\n    return 1\n"})");
  Value state = create(fn, platform, config);

  // One function, found by name, configured as planned; the follow-up calls went through.
  auto page = env.fg().list_functions(0, 400);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 1);
  CHECK(page->items[0]["func_name"] == "lost-answer");
  CHECK(cloud::FunctionUrn::parse(state.attribute("id").as_string())->unqualified() ==
        cloud::FunctionUrn::parse(page->items[0]["func_urn"].get<std::string>())->unqualified());
  CHECK(state.attribute("memory_size") == Value::number(value::Number::from_int(256)));
  CHECK(env.stats()["faults_injected"].get<int>() >= 1);

  // Versions and aliases too: their names are ours, so what exists after a lost answer is it.
  const std::string fn_urn = state.attribute("urn").as_string();
  resources::Resource& ver = *resources::Catalog::builtin().resource("functiongraph_version");
  Value v1 = create(ver, platform,
                    config_of(ver, R"({"function_urn": ")" + fn_urn + R"(", "version": "v1"})"));
  CHECK(v1.attribute("version").as_string() == "v1");
  resources::Resource& alias = *resources::Catalog::builtin().resource("functiongraph_alias");
  Value prod = create(alias, platform,
                      config_of(alias, R"({"function_urn": ")" + fn_urn +
                                           R"(", "name": "prod", "version": "v1"})"));
  CHECK(prod.attribute("id").as_string().ends_with(":!prod"));
  CHECK(*alias.natural_id(platform, prod) == prod.attribute("id").as_string());
  CHECK(*ver.natural_id(platform, v1) == v1.attribute("id").as_string());

  // The natural ID is the URN the create made, known before it.
  auto natural = fn.natural_id(platform, config);
  REQUIRE(natural);
  CHECK(cloud::FunctionUrn::parse(*natural)->name == "lost-answer");
  CHECK(cloud::FunctionUrn::parse(*natural)->unqualified() ==
        cloud::FunctionUrn::parse(state.attribute("id").as_string())->unqualified());
}

TEST_CASE("function: a create refused as already existing is reported, never adopted") {
  // Only a lost answer to our own create lets the provider adopt by name: a definite
  // "already exists" means someone else's function.
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  env.create_function("taken");
  const Value config = config_of(fn, R"({"name": "taken", "runtime": "Python3.9",
      "memory_size": 128, "timeout": 30, "inline_code": "def handler(e, c):\n    return 1\n"})");
  auto plan = resources::plan_change(fn, Value::null(config.type()), config, config);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  auto created = fn.create(platform, plan.planned);
  CHECK_FALSE(created.ok());
  CHECK(created.value.is_null());
}

TEST_CASE("function: a batched refresh reads what single reads read, with two list calls") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  std::vector<Value> states;
  for (int i = 0; i < 5; ++i) {
    states.push_back(create(fn, platform,
                            config_of(fn, R"({"name": "batch-)" + std::to_string(i) +
                                              R"(", "runtime": "Python3.9",
        "memory_size": 128, "timeout": 30, "inline_code": "def handler(e, c):\n    return 1\n",
        "environment": {"STAGE": "prod"}, "tags": {"team": "a"}})")));
  }
  auto single = [&](const Value& s) { return resources::read_resource(platform, fn, s).value; };

  // Unchanged: the same values as one read each, from one list and one tag listing.
  const auto before = env.stats();
  auto batch = resources::read_resources(platform, fn, states);
  REQUIRE(batch.size() == states.size());
  const auto after = env.stats();
  auto delta = [&](const std::string& route) {
    return after["routes"].value(route, 0L) - before["routes"].value(route, 0L);
  };
  CHECK(delta("GET /v2/{project_id}/fgs/functions") == 1);
  CHECK(delta("POST /v2/{project_id}/functions/resource-instances/filter") == 1);
  CHECK(after["total"].get<long>() - before["total"].get<long>() == 2);
  for (std::size_t i = 0; i < states.size(); ++i) {
    INFO("function " << i);
    REQUIRE(batch[i].ok());
    CHECK(batch[i].value == single(states[i]));
    CHECK(batch[i].value == states[i]);
  }

  // Out-of-band changes show in the batch exactly as in single reads: configuration, code,
  // concurrency, tags, and a deletion.
  auto urn = [&](int i) { return states[static_cast<std::size_t>(i)].attribute("id").as_string(); };
  REQUIRE(env.fg()
              .update_function_config(urn(0), {{"runtime", "Python3.9"},
                                               {"handler", "index.handler"},
                                               {"memory_size", 512},
                                               {"timeout", 30}})
              .ok());
  const cloud::Json new_code{{"code_type", "inline"},
                             {"func_code", {{"file", testing::kInlineCode}}}};
  REQUIRE(env.fg().update_function_code(urn(1), new_code).ok());
  REQUIRE(env.fg().update_max_instances(urn(2), 7).ok());
  REQUIRE(
      env.fg().create_tags(urn(3), cloud::Json::array({{{"key", "team"}, {"value", "b"}}})).ok());
  REQUIRE(env.fg().delete_function(cloud::FunctionUrn::parse(urn(4))->unqualified()).ok());
  batch = resources::read_resources(platform, fn, states);
  for (std::size_t i = 0; i < states.size(); ++i) {
    INFO("function " << i);
    CHECK(batch[i].value == single(states[i]));
    CHECK(batch[i].value != states[i]);
  }
  CHECK(batch[0].value.attribute("memory_size") == Value::number(value::Number::from_int(512)));
  CHECK(batch[1].value.attribute("inline_code") == Value::string("print(1)"));
  CHECK(batch[2].value.attribute("max_instances") == Value::number(value::Number::from_int(7)));
  CHECK(batch[3].value.attribute("tags").entries().at("team") == Value::string("b"));
  CHECK(batch[4].value.is_null());
}

TEST_CASE("trigger: a batched refresh reads what single reads read, with one list call") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& trigger = *resources::Catalog::builtin().resource("functiongraph_trigger");
  const std::string first = env.create_function("tb1")["func_urn"];
  const std::string second = env.create_function("tb2")["func_urn"];
  std::vector<Value> states;
  for (int i = 0; i < 4; ++i) {
    nlohmann::json cfg{{"function_urn", i % 2 ? second : first},
                       {"timer",
                        {{"name", "t" + std::to_string(i)},
                         {"schedule_type", "Rate"},
                         {"schedule", std::to_string(i + 1) + "m"}}}};
    states.push_back(create(trigger, platform, config_of(trigger, cfg.dump())));
  }
  // A Kafka trigger: its password is never answered, by the list as by the GET.
  nlohmann::json kafka{
      {"function_urn", first},
      {"kafka", {{"instance_id", "k1"}, {"topic_ids", {"t1"}}, {"password", "kafka-secret"}}}};
  states.push_back(create(trigger, platform, config_of(trigger, kafka.dump())));
  auto single = [&](const Value& s) {
    return resources::read_resource(platform, trigger, s).value;
  };

  const auto before = env.stats();
  auto batch = resources::read_resources(platform, trigger, states);
  const auto after = env.stats();
  REQUIRE(batch.size() == states.size());
  CHECK(after["routes"].value("GET /v2/{project_id}/fgs/triggers", 0L) -
            before["routes"].value("GET /v2/{project_id}/fgs/triggers", 0L) ==
        1);
  CHECK(after["total"].get<long>() - before["total"].get<long>() == 1);
  for (std::size_t i = 0; i < states.size(); ++i) {
    INFO("trigger " << i);
    REQUIRE(batch[i].ok());
    CHECK(batch[i].value == single(states[i]));
    CHECK(batch[i].value == states[i]);
  }
  CHECK(batch[4].value.attribute("kafka").attribute("password") == Value::string("kafka-secret"));

  // Out of band: one trigger disabled, one deleted, and the second function deleted with its
  // triggers. The batch sees each as single reads do.
  auto id = [&](int i) { return states[static_cast<std::size_t>(i)].attribute("id").as_string(); };
  REQUIRE(env.fg().update_trigger(first, "TIMER", id(0), {{"trigger_status", "DISABLED"}}).ok());
  REQUIRE(env.fg().delete_trigger(first, "TIMER", id(2)).ok());
  REQUIRE(env.fg().delete_function(cloud::FunctionUrn::parse(second)->unqualified()).ok());
  batch = resources::read_resources(platform, trigger, states);
  for (std::size_t i = 0; i < states.size(); ++i) {
    INFO("trigger " << i);
    REQUIRE(batch[i].ok());
    CHECK(batch[i].value == single(states[i]));
  }
  CHECK(batch[0].value.attribute("status") == Value::string("DISABLED"));
  CHECK(batch[1].value.is_null());
  CHECK(batch[2].value.is_null());
  CHECK(batch[3].value.is_null());
  CHECK(batch[4].value == states[4]);
}

TEST_CASE("snapshot switch: a published Java version only, read back, emulated as documented") {
  EmulatorFixture env;
  auto& fg = env.fg();
  nlohmann::json java = testing::function_body("snap-java");
  java["runtime"] = "Java11";
  java["handler"] = "com.example.Handler::handle";
  REQUIRE(fg.create_function(java).ok());
  const std::string python = env.create_function("snap-python")["func_urn"];
  const auto fn = cloud::FunctionUrn::parse(python);
  REQUIRE(fn);
  const cloud::FunctionUrn java_fn{fn->region, fn->project_id, "default", "snap-java", ""};
  REQUIRE(fg.publish_version(java_fn.unqualified(), "v1", "").ok());
  REQUIRE(fg.publish_version(fn->unqualified(), "v1", "").ok());

  // Off until enabled; on and off again; the state call answers {"state": ...}.
  const std::string v1 = java_fn.with_qualifier("v1");
  CHECK((*fg.get_snapshot_state(v1))["state"] == "disable");
  REQUIRE(fg.set_snapshot(v1, true).ok());
  CHECK((*fg.get_snapshot_state(v1))["state"] == "enable");
  REQUIRE(fg.set_snapshot(v1, false).ok());
  CHECK((*fg.get_snapshot_state(v1))["state"] == "disable");
  // Refused: latest, an alias, another runtime, a missing version, an unknown action.
  CHECK(fg.set_snapshot(java_fn.with_qualifier("latest"), true).error().http_status == 400);
  REQUIRE(fg.create_alias(java_fn.unqualified(), {{"name", "live"}, {"version", "v1"}}).ok());
  CHECK(fg.set_snapshot(java_fn.with_qualifier("!live"), true).error().http_status == 400);
  CHECK(fg.set_snapshot(fn->with_qualifier("v1"), true).error().message().find("Java") !=
        std::string::npos);
  CHECK(fg.set_snapshot(java_fn.with_qualifier("v9"), true).error().http_status == 404);
  const std::string base = "/v2/" + env.emulator().project_id() + "/fgs/functions/" + v1;
  CHECK(env.raw("POST", base + "/snapshots/toggle", "").status == 400);
  CHECK(env.raw("GET", base + "/snapshots/enableSnapshot", "").status == 200);
  CHECK(env.raw("GET", base + "/snapshots/other", "").status == 400);
  // Disabling where nothing can be on is accepted (nothing to do).
  CHECK(fg.set_snapshot(java_fn.with_qualifier("latest"), false).ok());
}

TEST_CASE("version resource: enable_snapshot on create, in place, drift, import, Java only") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& version = *resources::Catalog::builtin().resource("functiongraph_version");
  nlohmann::json java = testing::function_body("snapres");
  java["runtime"] = "Java17";
  java["handler"] = "com.example.Handler::handle";
  auto created_fn = env.fg().create_function(java);
  REQUIRE(created_fn.ok());
  const std::string fn_urn =
      cloud::FunctionUrn::parse((*created_fn)["func_urn"].get<std::string>())->unqualified();
  auto config = [&](const std::string& v, std::optional<bool> snapshot) {
    nlohmann::json c{{"function_urn", fn_urn}, {"version", v}};
    if (snapshot) c["enable_snapshot"] = *snapshot;
    return config_of(version, c.dump());
  };

  // Created with the switch on: published, then switched.
  Value state = create(version, platform, config("v1", true));
  CHECK(state.attribute("enable_snapshot") == Value::boolean(true));
  CHECK((*env.fg().get_snapshot_state(fn_urn + ":v1"))["state"] == "enable");
  auto read = version.read(platform, state);
  REQUIRE(read.ok());
  CHECK(read.value == state);

  // Turned off by hand: the read shows it, the plan puts it back in place.
  REQUIRE(env.fg().set_snapshot(fn_urn + ":v1", false).ok());
  read = version.read(platform, state);
  REQUIRE(read.ok());
  CHECK(read.value.attribute("enable_snapshot") == Value::boolean(false));
  const Value wanted = config("v1", true);
  auto plan =
      resources::plan_change(version, read.value, proposed(version, read.value, wanted), wanted);
  CHECK(plan.requires_replace.empty());
  CHECK(plan.planned.attribute("enable_snapshot") == Value::boolean(true));
  auto updated = version.update(platform, read.value, plan.planned);
  REQUIRE(updated.ok());
  CHECK(updated.value.attribute("enable_snapshot") == Value::boolean(true));
  CHECK((*env.fg().get_snapshot_state(fn_urn + ":v1"))["state"] == "enable");
  // Left out of the configuration: the live setting is kept.
  const Value silent = config("v1", std::nullopt);
  auto kept = resources::plan_change(version, updated.value,
                                     proposed(version, updated.value, silent), silent);
  CHECK(kept.planned == updated.value);

  // Imported: the switch comes back with the rest.
  auto imported = version.import(platform, fn_urn + ":v1");
  REQUIRE(imported.ok());
  auto after_import = version.read(platform, imported.value);
  REQUIRE(after_import.ok());
  CHECK(after_import.value.attribute("enable_snapshot") == Value::boolean(true));

  // Another runtime: refused before anything is published.
  const std::string python =
      cloud::FunctionUrn::parse(env.create_function("snappy")["func_urn"].get<std::string>())
          ->unqualified();
  const Value on_python = config_of(
      version,
      nlohmann::json{{"function_urn", python}, {"version", "v1"}, {"enable_snapshot", true}}
          .dump());
  auto plan_python =
      resources::plan_change(version, Value::null(on_python.type()), on_python, on_python);
  auto refused = version.create(platform, plan_python.planned);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.diagnostics.items()[0].to_string().find("Java") != std::string::npos);
  CHECK(refused.value.is_null());
  REQUIRE(env.fg().list_versions(python).ok());
  CHECK(env.fg().list_versions(python)->size() == 1);  // latest only
  // A version of another runtime without the switch costs no snapshot call and reads false.
  Value plain = create(
      version, platform,
      config_of(version, nlohmann::json{{"function_urn", python}, {"version", "v1"}}.dump()));
  const auto before = env.stats();
  auto plain_read = version.read(platform, plain);
  REQUIRE(plain_read.ok());
  CHECK(plain_read.value.attribute("enable_snapshot") == Value::boolean(false));
  CHECK(env.stats()["total"].get<long>() - before["total"].get<long>() == 1);
}
