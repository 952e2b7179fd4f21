// functiongraph_trigger's typed blocks <-> the platform's trigger_type_code and event_data, for
// the trigger types added after the first seven: no platform needed.
#include <catch2/catch.hpp>

#include "resources/planner.h"
#include "resources/trigger_resource.h"
#include "schema/registry.h"
#include "schema/validate.h"

using namespace fgform;
using nlohmann::json;
using resources::Value;

namespace {

resources::Resource& trigger() {
  return *resources::Catalog::builtin().resource("functiongraph_trigger");
}

Value config_of(const json& j) {
  auto d = value::from_json(j, trigger().schema().block.implied_type());
  REQUIRE(d.ok());
  return d.value;
}

// The plan Terraform would make for a new trigger: defaults filled in.
Value planned(const json& j) {
  Value config = config_of(j);
  auto plan = resources::plan_change(trigger(), Value::null(config.type()), config, config);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  return plan.planned;
}

// All diagnostics of the schema checks and the resource's own checks.
value::Diagnostics check(const json& j) {
  Value config = config_of(j);
  value::Diagnostics d = schema::validate_config(trigger().schema().block, config);
  d.append(trigger().validate(config));
  return d;
}

bool has_error_at(const value::Diagnostics& d, const std::string& path) {
  for (const auto& item : d) {
    if (item.attribute && item.attribute->to_string().rfind(path, 0) == 0) return true;
  }
  return false;
}

// What the platform answers for a trigger made from `event`: event_data echoed as given.
json answer(const resources::TriggerEvent& event, const std::string& status = "ACTIVE") {
  return json{{"trigger_id", "t-1"},
              {"trigger_type_code", event.type},
              {"trigger_status", status},
              {"event_data", event.data},
              {"created_time", "2026-01-01T00:00:00Z"},
              {"last_updated_time", "2026-01-01T00:00:00Z"}};
}

const char* kUrn = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:f:latest";

// Created from `config`, read back from the platform's answer: must equal the plan wherever
// the plan was known, or the next plan shows a diff.
void expect_round_trip(const Value& plan, const json& platform_answer) {
  Value state = resources::trigger_state_of(trigger().schema(), plan, platform_answer);
  for (const auto& [name, v] : plan.entries()) {
    if (!v.is_known()) continue;
    INFO(name);
    CHECK(state.attribute(name) == v);
  }
}

}  // namespace

TEST_CASE("CTS: name and operations map to event_data, the operation format is checked") {
  json cfg{
      {"function_urn", kUrn},
      {"cts",
       {{"name", "watch-fn"},
        {"operations",
         {"FunctionGraph:Functions:createFunction", "FunctionGraph:Triggers:deleteTrigger"}}}}};
  CHECK(check(cfg).empty());
  auto event = resources::trigger_event_of(planned(cfg));
  CHECK(event.type == "CTS");
  CHECK(event.data ==
        json{{"name", "watch-fn"},
             {"operations",
              {"FunctionGraph:Functions:createFunction", "FunctionGraph:Triggers:deleteTrigger"}}});
  expect_round_trip(planned(cfg), answer(event));

  cfg["cts"]["operations"] = {"createFunction"};
  CHECK(has_error_at(check(cfg), "cts.operations"));
  cfg["cts"]["operations"] = json::array();
  CHECK(has_error_at(check(cfg), "cts.operations"));
}

TEST_CASE("DDS: defaults, reserved databases refused, the password kept from state") {
  json cfg{{"function_urn", kUrn},
           {"dds",
            {{"instance_id", "dds-1"},
             {"db_name", "shop"},
             {"collection_name", "orders"},
             {"db_password", "s3cret"}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "DDS");
  CHECK(event.data == json{{"instance_id", "dds-1"},
                           {"db_name", "shop"},
                           {"collection_name", "orders"},
                           {"db_user", "rwuser"},
                           {"db_password", "s3cret"},
                           {"batch_size", 100}});
  // The platform does not return the password: it stays as configured, no diff.
  json returned = answer(event, "DISABLED");
  returned["event_data"].erase("db_password");
  expect_round_trip(plan, returned);
  Value state = resources::trigger_state_of(trigger().schema(), plan, returned);
  CHECK(state.attribute("status") == Value::string("DISABLED"));
  CHECK(state.attribute("dds").attribute("db_password") == Value::string("s3cret"));
  CHECK(trigger().schema().block.block("dds")->block.attribute("db_password")->sensitive);

  for (const char* reserved : {"admin", "local", "config"}) {
    json bad = cfg;
    bad["dds"]["db_name"] = reserved;
    CHECK(has_error_at(check(bad), "dds.db_name"));
  }
  cfg["dds"]["batch_size"] = 10001;
  CHECK(has_error_at(check(cfg), "dds.batch_size"));
  cfg["dds"].erase("db_password");
  cfg["dds"].erase("batch_size");
  CHECK_FALSE(check(cfg).empty());  // required
}

TEST_CASE("RABBITMQ: access_* keys, ssl as a boolean, password write-only") {
  json cfg{{"function_urn", kUrn},
           {"rabbitmq",
            {{"connect_address", "192.168.0.10:5672"},
             {"exchange_name", "orders"},
             {"user_name", "fg"},
             {"password", "pw"},
             {"batch_size", 20}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "RABBITMQ");
  CHECK(event.data == json{{"connect_address", "192.168.0.10:5672"},
                           {"exchange_name", "orders"},
                           {"vhost", "/"},
                           {"ssl_enable", false},
                           {"batch_size", 20},
                           {"access_user", "fg"},
                           {"access_password", "pw"}});
  json returned = answer(event);
  returned["event_data"].erase("access_password");
  expect_round_trip(plan, returned);
  // A flag the platform writes as a string still reads as a boolean.
  returned["event_data"]["ssl_enable"] = "true";
  Value state = resources::trigger_state_of(trigger().schema(), plan, returned);
  CHECK(state.attribute("rabbitmq").attribute("ssl_enable") == Value::boolean(true));
  CHECK(state.attribute("rabbitmq").attribute("password") == Value::string("pw"));

  cfg["rabbitmq"]["batch_size"] = 0;
  CHECK(has_error_at(check(cfg), "rabbitmq.batch_size"));
}

TEST_CASE("OPENSOURCEKAFKA: kafka_* keys, broker list checked") {
  json cfg{{"function_urn", kUrn},
           {"status", "ACTIVE"},
           {"opensource_kafka",
            {{"connect_address", "10.0.0.1:9092,10.0.0.2:9092"},
             {"topic_ids", {"orders"}},
             {"ssl_enable", true}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "OPENSOURCEKAFKA");
  CHECK(event.data == json{{"kafka_connect_address", "10.0.0.1:9092,10.0.0.2:9092"},
                           {"topic_ids", {"orders"}},
                           {"batch_size", 100},
                           {"kafka_ssl_enable", true}});
  expect_round_trip(plan, answer(event));
  // Drift the platform reports shows up.
  json drifted = answer(event);
  drifted["event_data"]["batch_size"] = 50;
  CHECK(resources::trigger_state_of(trigger().schema(), plan, drifted)
            .attribute("opensource_kafka")
            .attribute("batch_size") == Value::number(50));

  cfg["opensource_kafka"]["connect_address"] = "10.0.0.1";
  CHECK(has_error_at(check(cfg), "opensource_kafka.connect_address"));
}

TEST_CASE("EVENTGRID: Key_encode spelled the platform's way, dropped keys kept") {
  json cfg{{"function_urn", kUrn},
           {"eventgrid",
            {{"channel_id", "ch-1"},
             {"channel_name", "default"},
             {"source_name", "HC.OBS.DWR"},
             {"trigger_name", "obs-events"},
             {"agency", "fg-eg"},
             {"bucket", "my-bucket"},
             {"event_types", {"OBS:DWR:ObjectCreated:PUT"}},
             {"key_encode", true}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "EVENTGRID");
  CHECK(event.data == json{{"channel_id", "ch-1"},
                           {"channel_name", "default"},
                           {"source_name", "HC.OBS.DWR"},
                           {"trigger_name", "obs-events"},
                           {"agency", "fg-eg"},
                           {"bucket", "my-bucket"},
                           {"event_types", {"OBS:DWR:ObjectCreated:PUT"}},
                           {"Key_encode", true}});
  // The platform answers only part of it, and adds keys of its own: still no diff.
  json partial = answer(event);
  partial["event_data"] = {{"channel_id", "ch-1"},
                           {"source_name", "HC.OBS.DWR"},
                           {"trigger_name", "obs-events"},
                           {"status", "ACTIVE"},
                           {"created_time", "2026-01-01T00:00:00Z"}};
  expect_round_trip(plan, partial);

  cfg["eventgrid"]["trigger_name"] = "9-starts-with-a-digit";
  CHECK(has_error_at(check(cfg), "eventgrid.trigger_name"));
}

TEST_CASE("exactly one typed block, the new ones counted too") {
  json two{{"function_urn", kUrn},
           {"cts", {{"name", "a"}, {"operations", {"A:B:C"}}}},
           {"eventgrid", {{"channel_id", "c"}, {"source_name", "S"}, {"trigger_name", "t"}}}};
  auto d = trigger().validate(config_of(two));
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].detail.find("opensource_kafka") != std::string::npos);
}

namespace {

// Terraform's proposed new state for an update: the prior state with `block` as now configured.
Value proposed_update(const Value& prior, const json& cfg, const std::string& block) {
  Value::Entries e = prior.entries();
  e[block] = planned(cfg).attribute(block);
  return Value::object(prior.type(), std::move(e));
}

std::vector<std::string> replaced_paths(const Value& prior, const json& cfg,
                                        const std::string& block) {
  auto plan =
      resources::plan_change(trigger(), prior, proposed_update(prior, cfg, block), config_of(cfg));
  std::vector<std::string> out;
  for (const auto& p : plan.requires_replace) out.push_back(p.to_string());
  return out;
}

}  // namespace

TEST_CASE("updates in place what the update call accepts, replaces for the rest") {
  json cfg{{"function_urn", kUrn},
           {"status", "ACTIVE"},
           {"dis", {{"stream_name", "clicks"}, {"max_fetch_bytes", 2048}}}};
  Value plan = planned(cfg);
  Value prior = resources::trigger_state_of(trigger().schema(), plan,
                                            answer(resources::trigger_event_of(plan)));
  // The polling settings and the status: in place.
  json polled = cfg;
  polled["dis"]["max_fetch_bytes"] = 4096;
  polled["dis"]["pull_period"] = 5000;
  polled["dis"]["serial"] = false;
  CHECK(replaced_paths(prior, polled, "dis").empty());
  // The stream or the starting position: the trigger is replaced.
  json moved = cfg;
  moved["dis"]["stream_name"] = "views";
  CHECK(replaced_paths(prior, moved, "dis") == std::vector<std::string>{"dis.stream_name"});
  // Another trigger type: the block that goes away forces the replacement.
  json other{{"function_urn", kUrn}, {"smn", {{"topic_urn", "urn:smn:x"}}}};
  Value::Entries e = prior.entries();
  e["dis"] = Value::null(prior.type().attributes().at("dis"));
  e["smn"] = planned(other).attribute("smn");
  auto swap = resources::plan_change(trigger(), prior, Value::object(prior.type(), std::move(e)),
                                     config_of(other));
  CHECK_FALSE(swap.requires_replace.empty());
  // Every attribute of every block, except the updatable ones, says force_new.
  for (const auto& nb : trigger().schema().block.blocks) {
    CHECK_FALSE(nb.force_new);
    for (const auto& a : nb.block.attributes) {
      INFO(nb.name << "." << a.name);
      const bool in_place = (nb.name == "dis" && (a.name == "max_fetch_bytes" ||
                                                  a.name == "pull_period" || a.name == "serial")) ||
                            (nb.name == "dms_queue" && a.name == "polling_interval") ||
                            (nb.name == "generic" && a.name == "event_data");
      CHECK(a.force_new != in_place);
    }
  }
}

TEST_CASE("APIC: an APIG-shaped event in a ROMA Connect instance, APP auth by default") {
  json cfg{{"function_urn", kUrn},
           {"apic", {{"instance_id", "roma-1"}, {"group_id", "g-1"}, {"api_name", "orders"}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "APIC");
  CHECK(event.data["instance_id"] == "roma-1");
  CHECK(event.data["auth"] == "APP");
  CHECK(event.data["path"] == "/orders");
  CHECK(event.data["func_info"]["timeout"] == 5000);
  CHECK_FALSE(event.data.contains("roma_app_id"));
  json returned = answer(event);
  returned["event_data"]["invoke_url"] = "https://roma.example/orders";  // added by the platform
  Value state = resources::trigger_state_of(trigger().schema(), plan, returned);
  Value apic = state.attribute("apic");
  for (const auto& [name, v] : plan.attribute("apic").entries()) {
    INFO(name);
    if (v.is_known()) CHECK(apic.attribute(name) == v);
  }
  CHECK(apic.attribute("path") == Value::string("/orders"));  // computed: the default path
  cfg["apic"]["api_name"] = "x";
  CHECK(has_error_at(check(cfg), "apic.api_name"));
}

TEST_CASE("GeminiDB Mongo: DDS's keys under type GAUSSMONGO, the password kept") {
  json cfg{{"function_urn", kUrn},
           {"geminidb_mongo",
            {{"instance_id", "gm-1"},
             {"db_name", "shop"},
             {"collection_name", "orders"},
             {"db_password", "s3cret"}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "GAUSSMONGO");
  CHECK(event.data["db_user"] == "rwuser");
  CHECK(event.data["batch_size"] == 100);
  json returned = answer(event, "DISABLED");
  returned["event_data"].erase("db_password");
  expect_round_trip(plan, returned);
  Value state = resources::trigger_state_of(trigger().schema(), plan, returned);
  CHECK(state.attribute("geminidb_mongo").attribute("db_password") == Value::string("s3cret"));
  CHECK(state.attribute("dds").is_null());
  cfg["geminidb_mongo"]["db_name"] = "local";
  CHECK(has_error_at(check(cfg), "geminidb_mongo.db_name"));
}

TEST_CASE("DMS queue: queue and consumer group, polling and batch defaults and ranges") {
  json cfg{{"function_urn", kUrn},
           {"dms_queue", {{"queue_id", "q-1"}, {"consumer_group_id", "cg-1"}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "DMS");
  CHECK(event.data == json{{"queue_id", "q-1"},
                           {"consumer_group_id", "cg-1"},
                           {"polling_interval", 30},
                           {"batch_size", 10}});
  expect_round_trip(plan, answer(event));
  cfg["dms_queue"]["batch_size"] = 11;
  CHECK(has_error_at(check(cfg), "dms_queue.batch_size"));
  cfg["dms_queue"]["batch_size"] = 10;
  cfg["dms_queue"]["polling_interval"] = 0;
  CHECK(has_error_at(check(cfg), "dms_queue.polling_interval"));
}

TEST_CASE("generic: any type code with its event_data, read back by the keys it sets") {
  json cfg{{"function_urn", kUrn},
           {"generic",
            {{"type", "SMN"},
             {"event_data", "{\n  \"topic_urn\": \"urn:smn:t\",\n  \"secret\": \"p\"\n}"}}}};
  CHECK(check(cfg).empty());
  Value plan = planned(cfg);
  auto event = resources::trigger_event_of(plan);
  CHECK(event.type == "SMN");
  CHECK(event.data == json{{"topic_urn", "urn:smn:t"}, {"secret", "p"}});
  // The platform adds keys and leaves out the secret: no diff, the configured text kept.
  json returned = answer(event);
  returned["event_data"].erase("secret");
  returned["event_data"]["added"] = 1;
  expect_round_trip(plan, returned);
  Value state = resources::trigger_state_of(trigger().schema(), plan, returned);
  CHECK(state.attribute("smn").is_null());
  // A key changed out of band shows.
  returned["event_data"]["topic_urn"] = "urn:smn:other";
  state = resources::trigger_state_of(trigger().schema(), plan, returned);
  CHECK(state.attribute("generic").attribute("event_data") ==
        Value::string(R"({"secret":"p","topic_urn":"urn:smn:other"})"));
  // Imported (nothing known) with a type no typed block reads: all of event_data.
  Value imported = resources::conform(
      trigger().schema().block,
      Value::object({{"function_urn", Value::string(kUrn)}, {"type", Value::string("NEWTYPE")}}));
  json fresh = answer({"NEWTYPE", json{{"a", 1}}});
  state = resources::trigger_state_of(trigger().schema(), imported, fresh);
  CHECK(state.attribute("generic").attribute("type") == Value::string("NEWTYPE"));
  CHECK(state.attribute("generic").attribute("event_data") == Value::string(R"({"a":1})"));
  // Checked: a type code's shape, event_data an object.
  cfg["generic"]["type"] = "smn";
  CHECK(has_error_at(check(cfg), "generic.type"));
  cfg["generic"]["type"] = "SMN";
  cfg["generic"]["event_data"] = "[1]";
  CHECK(has_error_at(check(cfg), "generic.event_data"));
}

TEST_CASE("SMN and shared APIG triggers cannot be disabled; a dedicated gateway's can") {
  json smn{{"function_urn", kUrn}, {"status", "DISABLED"}, {"smn", {{"topic_urn", "urn:smn:t"}}}};
  CHECK(has_error_at(check(smn), "status"));
  smn["status"] = "ACTIVE";
  CHECK(check(smn).empty());
  json apig{{"function_urn", kUrn},
            {"status", "DISABLED"},
            {"apig", {{"group_id", "g"}, {"api_name", "orders"}}}};
  CHECK(has_error_at(check(apig), "status"));
  apig["apig"]["instance_id"] = "gw-1";
  CHECK(check(apig).empty());
}

TEST_CASE("generic: a change of the polling keys is in place, of any other key a replacement") {
  json cfg{
      {"function_urn", kUrn},
      {"generic",
       {{"type", "NEWSTREAM"}, {"event_data", R"({"stream_name": "s", "polling_interval": 30})"}}}};
  Value plan = planned(cfg);
  Value prior = resources::trigger_state_of(trigger().schema(), plan,
                                            answer(resources::trigger_event_of(plan)));
  json polled = cfg;
  polled["generic"]["event_data"] = R"({"stream_name": "s", "polling_interval": 5})";
  CHECK(replaced_paths(prior, polled, "generic").empty());
  json reformatted = cfg;
  reformatted["generic"]["event_data"] = R"({"polling_interval":30,"stream_name":"s"})";
  CHECK(replaced_paths(prior, reformatted, "generic").empty());
  json moved = cfg;
  moved["generic"]["event_data"] = R"({"stream_name": "t", "polling_interval": 30})";
  CHECK(replaced_paths(prior, moved, "generic") == std::vector<std::string>{"generic.event_data"});
  // A key dropped from the configuration is no longer managed: not a replacement.
  json dropped = cfg;
  dropped["generic"]["event_data"] = R"({"stream_name": "s"})";
  CHECK(replaced_paths(prior, dropped, "generic").empty());
  json retyped = cfg;
  retyped["generic"]["type"] = "OTHER";
  CHECK(replaced_paths(prior, retyped, "generic") == std::vector<std::string>{"generic.type"});
}

TEST_CASE("import: /generic at the end imports into the generic block whatever the type") {
  // Import makes no call. (A named config: g++ 12 -O3 warns, wrongly, that the std::function
  // members of a temporary one may be destroyed uninitialized.)
  const cloud::ClientConfig no_client;
  resources::Platform none{no_client};
  const std::string id = std::string(kUrn) + "/SMN/t-1";
  auto typed = trigger().import(none, id);
  REQUIRE(typed.ok());
  CHECK(typed.value.attribute("generic").is_null());
  auto generic = trigger().import(none, id + "/generic");
  REQUIRE(generic.ok());
  CHECK(generic.value.attribute("type") == Value::string("SMN"));
  CHECK(generic.value.attribute("id") == Value::string("t-1"));
  CHECK(generic.value.attribute("function_urn") == Value::string(kUrn));
  json platform = answer({"SMN", json{{"topic_urn", "urn:smn:t"}, {"added", 1}}});
  Value state = resources::trigger_state_of(trigger().schema(), generic.value, platform);
  CHECK(state.attribute("smn").is_null());
  CHECK(state.attribute("generic").attribute("event_data") ==
        Value::string(R"({"added":1,"topic_urn":"urn:smn:t"})"));
  // The configuration's keys only then: no replacement, the platform's extra key unmanaged.
  json cfg{{"function_urn", kUrn},
           {"generic", {{"type", "SMN"}, {"event_data", R"({"topic_urn":"urn:smn:t"})"}}}};
  CHECK(replaced_paths(state, cfg, "generic").empty());
  CHECK_FALSE(trigger().import(none, "nonsense/generic").ok());
}

TEST_CASE("passwords after an import: set in place, only a changed known one replaces") {
  const cloud::ClientConfig no_client;
  resources::Platform none{no_client};
  json cfg{{"function_urn", kUrn},
           {"status", "ACTIVE"},
           {"geminidb_mongo",
            {{"instance_id", "m-1"},
             {"db_name", "orders"},
             {"collection_name", "events"},
             {"db_password", "s3cret"}}}};
  // What the platform answers: everything but the password.
  json platform = answer(resources::trigger_event_of(planned(cfg)));
  platform["trigger_type_code"] = "GAUSSMONGO";
  platform["event_data"].erase("db_password");
  auto imported = trigger().import(none, std::string(kUrn) + "/GAUSSMONGO/t-1");
  REQUIRE(imported.ok());
  Value state = resources::trigger_state_of(trigger().schema(), imported.value, platform);
  CHECK(state.attribute("geminidb_mongo").attribute("db_password").is_null());
  CHECK(replaced_paths(state, cfg, "geminidb_mongo").empty());
  // Once the state holds it, a different password is a new trigger (the update call cannot
  // change it).
  Value known = resources::trigger_state_of(trigger().schema(), planned(cfg), platform);
  REQUIRE(known.attribute("geminidb_mongo").attribute("db_password") == Value::string("s3cret"));
  CHECK(replaced_paths(known, cfg, "geminidb_mongo").empty());
  json changed = cfg;
  changed["geminidb_mongo"]["db_password"] = "other";
  CHECK(replaced_paths(known, changed, "geminidb_mongo") ==
        std::vector<std::string>{"geminidb_mongo.db_password"});
  // Every secret of a typed block is marked so, and only those.
  for (const auto& nb : trigger().schema().block.blocks) {
    for (const auto& a : nb.block.attributes) {
      INFO(nb.name << "." << a.name);
      CHECK(a.not_returned == (a.name.find("password") != std::string::npos));
    }
  }
}

TEST_CASE("generic: a password key the state lacks is set in place, a changed one replaces") {
  json cfg{{"function_urn", kUrn},
           {"generic",
            {{"type", "NEWDB"}, {"event_data", R"({"db": "orders", "db_password": "s3cret"})"}}}};
  json platform = answer({"NEWDB", json{{"db", "orders"}}});
  // After an import (/generic): the platform's keys, no password.
  const cloud::ClientConfig no_client;
  resources::Platform none{no_client};
  auto imported = trigger().import(none, std::string(kUrn) + "/NEWDB/t-1/generic");
  REQUIRE(imported.ok());
  Value state = resources::trigger_state_of(trigger().schema(), imported.value, platform);
  CHECK(state.attribute("generic").attribute("event_data") == Value::string(R"({"db":"orders"})"));
  CHECK(replaced_paths(state, cfg, "generic").empty());
  // Known (kept as configured after a create): a new value replaces.
  Value known = resources::trigger_state_of(trigger().schema(), planned(cfg), platform);
  json changed = cfg;
  changed["generic"]["event_data"] = R"({"db": "orders", "db_password": "other"})";
  CHECK(replaced_paths(known, changed, "generic") ==
        std::vector<std::string>{"generic.event_data"});
  // Any other key the state lacks still replaces.
  json added = cfg;
  added["generic"]["event_data"] = R"({"db": "orders", "db_password": "s3cret", "mode": "x"})";
  CHECK(replaced_paths(known, added, "generic") == std::vector<std::string>{"generic.event_data"});
}
