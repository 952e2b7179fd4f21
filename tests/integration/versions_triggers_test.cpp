// Versions, aliases and triggers.
#include <catch2/catch.hpp>

#include "fixture.h"

using namespace fgform;
using cloud::ErrorKind;
using cloud::Json;
using fgform::testing::EmulatorFixture;

namespace {

void change_code(EmulatorFixture& env, const std::string& urn, const std::string& text_b64) {
  auto r = env.fg().update_function_code(
      urn, {{"code_type", "inline"}, {"func_code", {{"file", text_b64}}}});
  REQUIRE(r.ok());
}

}  // namespace

TEST_CASE("publishing needs a change since the last version, and names are checked") {
  EmulatorFixture env;
  const std::string urn = env.create_function("ver")["func_urn"];
  auto v1 = env.fg().publish_version(urn, "v1", "first");
  REQUIRE(v1.ok());
  CHECK((*v1)["func_urn"] == cloud::FunctionUrn::parse(urn)->with_qualifier("v1"));
  CHECK((*v1)["version_description"] == "first");

  auto same = env.fg().publish_version(urn, "v2", "");
  REQUIRE_FALSE(same.ok());
  CHECK(same.error().error_code == "FSS.1016");

  change_code(env, urn, "cHJpbnQoMik=");
  auto dup = env.fg().publish_version(urn, "v1", "");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().error_code == "FSS.1062");
  CHECK_FALSE(env.fg().publish_version(urn, "latest", "").ok());
  REQUIRE(env.fg().publish_version(urn, "v2", "second").ok());

  auto versions = env.fg().list_versions(urn);
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == 3);
  CHECK((*versions)[0]["version"] == "latest");
  CHECK((*versions)[2]["version_description"] == "second");

  // A published version keeps its own snapshot.
  auto v1cfg = env.fg().get_function_config(cloud::FunctionUrn::parse(urn)->with_qualifier("v1"));
  REQUIRE(v1cfg.ok());
  CHECK((*v1cfg)["version"] == "v1");
  CHECK((*v1cfg)["digest"] != (*env.fg().get_function_config(urn))["digest"]);

  REQUIRE(env.fg().delete_version(cloud::FunctionUrn::parse(urn)->unqualified(), "v1").ok());
  auto missing = env.fg().delete_version(cloud::FunctionUrn::parse(urn)->unqualified(), "v1");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().error_code == "FSS.1052");
}

TEST_CASE("deleting a version takes its aliases and everything bound to either with it") {
  EmulatorFixture env;
  const std::string urn = env.create_function("gone")["func_urn"];
  const auto parsed = cloud::FunctionUrn::parse(urn);
  REQUIRE(env.fg().publish_version(urn, "v1", "").ok());
  change_code(env, urn, "cHJpbnQoMik=");
  REQUIRE(env.fg().publish_version(urn, "v2", "").ok());
  REQUIRE(env.fg().create_alias(urn, {{"name", "live"}, {"version", "v1"}}).ok());
  REQUIRE(env.fg().create_alias(urn, {{"name", "next"}, {"version", "v2"}}).ok());
  const std::string v1 = parsed->with_qualifier("v1");
  const std::string live = parsed->with_qualifier("!live");
  const std::string next = parsed->with_qualifier("!next");

  auto timer = [&](const std::string& on, const std::string& name) {
    auto t = env.fg().create_trigger(
        on, {{"trigger_type_code", "TIMER"},
             {"event_data", {{"name", name}, {"schedule_type", "Rate"}, {"schedule", "3m"}}}});
    REQUIRE(t.ok());
    return (*t)["trigger_id"].get<std::string>();
  };
  const std::string on_latest = timer(urn, "onlatest");
  const std::string on_v1 = timer(v1, "onv1");
  const std::string on_live = timer(live, "onlive");
  const std::string on_next = timer(next, "onnext");
  const Json async{{"max_async_event_age_in_seconds", 60}, {"max_async_retry_attempts", 1}};
  REQUIRE(env.fg().put_async_invoke_config(live, async).ok());
  REQUIRE(env.fg().put_async_invoke_config(next, async).ok());

  REQUIRE(env.fg().delete_version(parsed->unqualified(), "v1").ok());

  // The version's and its alias's triggers are gone (looked up through the function, which
  // still exists); the others stay.
  for (const auto& id : {on_v1, on_live}) {
    auto t = env.fg().get_trigger(urn, "TIMER", id);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().http_status == 404);
  }
  CHECK(env.fg().get_trigger(urn, "TIMER", on_latest).ok());
  CHECK(env.fg().get_trigger(urn, "TIMER", on_next).ok());
  CHECK(env.fg().get_async_invoke_config(next).ok());
  // Recreating the alias does not bring back the old alias's async configuration.
  REQUIRE(env.fg().create_alias(urn, {{"name", "live"}, {"version", "v2"}}).ok());
  auto old_async = env.fg().get_async_invoke_config(live);
  REQUIRE_FALSE(old_async.ok());
  CHECK(old_async.error().http_status == 404);
}

TEST_CASE("at most 20 versions per function") {
  EmulatorFixture env;
  const std::string urn = env.create_function("many")["func_urn"];
  for (int i = 1; i <= 20; ++i) {
    change_code(env, urn, i % 2 ? "cHJpbnQoMik=" : "cHJpbnQoMSk=");
    REQUIRE(env.fg().publish_version(urn, "v" + std::to_string(i), "").ok());
  }
  change_code(env, urn, "cHJpbnQoMyk=");
  auto over = env.fg().publish_version(urn, "v21", "");
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().error_msg.find("at most 20") != std::string::npos);
}

TEST_CASE("aliases: weights, rules, update, at most 10, and alias URNs") {
  EmulatorFixture env;
  const std::string urn = env.create_function("al")["func_urn"];
  REQUIRE(env.fg().publish_version(urn, "v1", "").ok());
  change_code(env, urn, "cHJpbnQoMik=");
  REQUIRE(env.fg().publish_version(urn, "v2", "").ok());

  auto prod = env.fg().create_alias(
      urn, {{"name", "prod"}, {"version", "v1"}, {"additional_version_weights", {{"v2", 10}}}});
  REQUIRE(prod.ok());
  CHECK((*prod)["alias_urn"] == cloud::FunctionUrn::parse(urn)->with_qualifier("!prod"));
  CHECK((*prod)["additional_version_weights"]["v2"] == 10);

  auto both =
      env.fg().create_alias(urn, {{"name", "x"},
                                  {"version", "v1"},
                                  {"additional_version_weights", {{"v2", 1}}},
                                  {"additional_version_strategy",
                                   {{"v2", {{"combine_type", "and"}, {"rules", Json::array()}}}}}});
  CHECK_FALSE(both.ok());
  CHECK(env.fg()
            .create_alias(
                urn,
                {{"name", "y"}, {"version", "v1"}, {"additional_version_weights", {{"latest", 1}}}})
            .error()
            .error_msg.find("latest") != std::string::npos);
  CHECK(env.fg()
            .create_alias(
                urn,
                {{"name", "y"}, {"version", "v1"}, {"additional_version_weights", {{"v2", 101}}}})
            .error()
            .error_msg.find("0 to 100") != std::string::npos);
  CHECK(env.fg().create_alias(urn, {{"name", "y"}, {"version", "v9"}}).error().error_code ==
        "FSS.1052");
  CHECK(env.fg().create_alias(urn, {{"name", "prod"}, {"version", "v1"}}).error().error_code ==
        "FSS.1063");

  auto rules = env.fg().create_alias(urn, {{"name", "beta"},
                                           {"version", "v1"},
                                           {"additional_version_strategy",
                                            {{"v2",
                                              {{"combine_type", "or"},
                                               {"rules", Json::array({{{"rule_type", "Header"},
                                                                       {"param", "version"},
                                                                       {"op", "="},
                                                                       {"value", "beta"}}})}}}}}});
  REQUIRE(rules.ok());

  auto moved = env.fg().update_alias(
      urn, "prod", {{"version", "v2"}, {"additional_version_weights", Json::object()}});
  REQUIRE(moved.ok());
  CHECK((*moved)["version"] == "v2");
  CHECK_FALSE(moved->contains("additional_version_weights"));

  for (int i = 0; i < 8; ++i)
    REQUIRE(env.fg()
                .create_alias(urn, {{"name", "a" + std::to_string(i)}, {"version", "latest"}})
                .ok());
  auto eleventh = env.fg().create_alias(urn, {{"name", "a99"}, {"version", "latest"}});
  REQUIRE_FALSE(eleventh.ok());
  CHECK(eleventh.error().error_msg.find("at most 10") != std::string::npos);

  // Deleting a version deletes the aliases that point at it.
  REQUIRE(env.fg().delete_version(cloud::FunctionUrn::parse(urn)->unqualified(), "v2").ok());
  CHECK(env.fg().get_alias(urn, "prod").error().error_code == "FSS.1053");
  CHECK(env.fg().get_alias(urn, "beta").ok());
}

TEST_CASE("timer triggers: created with a status, validated schedules, updated, deleted") {
  EmulatorFixture env;
  const std::string urn = env.create_function("tr")["func_urn"];
  Json data{
      {"name", "every3m"}, {"schedule_type", "Rate"}, {"schedule", "3m"}, {"user_event", "hello"}};
  auto t = env.fg().create_trigger(
      urn, {{"trigger_type_code", "TIMER"}, {"trigger_status", "DISABLED"}, {"event_data", data}});
  REQUIRE(t.ok());
  const std::string id = (*t)["trigger_id"];
  CHECK((*t)["trigger_status"] == "DISABLED");
  CHECK((*t)["event_data"] == data);

  auto read = env.fg().get_trigger(urn, "TIMER", id);
  REQUIRE(read.ok());
  CHECK((*read)["event_data"] == data);  // echoed verbatim: no perpetual diff

  // The update call changes the status and the polling settings only: a timer's schedule is
  // fixed (sending it back unchanged, as whole-object clients do, is accepted).
  Json cron = data;
  cron["schedule_type"] = "Cron";
  cron["schedule"] = "CRON_TZ=Asia/Shanghai 0 30 12 ? * MON-FRI";
  auto bad = env.fg().update_trigger(urn, "TIMER", id, {{"event_data", cron}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().http_status == 400);
  CHECK(bad.error().error_msg.find("cannot be updated") != std::string::npos);
  auto no_polling =
      env.fg().update_trigger(urn, "TIMER", id, {{"event_data", {{"polling_interval", 5}}}});
  REQUIRE_FALSE(no_polling.ok());
  CHECK(no_polling.error().error_msg.find("does not apply") != std::string::npos);
  auto good = env.fg().update_trigger(urn, "TIMER", id,
                                      {{"trigger_status", "ACTIVE"}, {"event_data", data}});
  REQUIRE(good.ok());
  CHECK((*good)["trigger_status"] == "ACTIVE");
  CHECK((*good)["event_data"] == data);

  CHECK(env.fg()
            .create_trigger(urn, {{"trigger_type_code", "FTP"}, {"event_data", data}})
            .error()
            .error_msg.find("TIMER") != std::string::npos);
  auto list = env.fg().list_triggers(urn);
  REQUIRE(list.ok());
  CHECK(list->size() == 1);

  REQUIRE(env.fg().delete_trigger(urn, "TIMER", id).ok());
  auto gone = env.fg().get_trigger(urn, "TIMER", id);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().http_status == 404);
  CHECK(gone.error().error_code == "FSS.1140");
}

TEST_CASE(
    "triggers bound to an alias, Kafka defaulting to DISABLED, and reads after the function is "
    "gone") {
  EmulatorFixture env;
  const std::string urn = env.create_function("bound")["func_urn"];
  REQUIRE(env.fg().publish_version(urn, "v1", "").ok());
  REQUIRE(env.fg().create_alias(urn, {{"name", "live"}, {"version", "v1"}}).ok());
  const std::string alias_urn = cloud::FunctionUrn::parse(urn)->with_qualifier("!live");
  auto apig = env.fg().create_trigger(alias_urn, {{"trigger_type_code", "APIG"},
                                                  {"event_data",
                                                   {{"name", "api_demo"},
                                                    {"group_id", "g1"},
                                                    {"auth", "NONE"},
                                                    {"protocol", "HTTPS"},
                                                    {"path", "/demo"}}}});
  REQUIRE(apig.ok());
  CHECK((*apig)["trigger_status"] == "ACTIVE");
  auto alias_delete = env.fg().delete_alias(urn, "live");
  REQUIRE_FALSE(alias_delete.ok());
  CHECK(alias_delete.error().kind == ErrorKind::kConflict);

  auto kafka = env.fg().create_trigger(
      urn, {{"trigger_type_code", "KAFKA"},
            {"event_data", {{"instance_id", "k"}, {"topic_ids", Json::array({"t"})}}}});
  REQUIRE(kafka.ok());
  CHECK((*kafka)["trigger_status"] == "DISABLED");

  REQUIRE(env.fg().delete_function(cloud::FunctionUrn::parse(urn)->unqualified()).ok());
  auto orphan = env.fg().get_trigger(urn, "KAFKA", (*kafka)["trigger_id"]);
  REQUIRE_FALSE(orphan.ok());
  CHECK(orphan.error().http_status == 500);
  CHECK(orphan.error().error_code == "FSS.0500");
}

TEST_CASE(
    "the emulator checks event_data of CTS, DDS, RABBITMQ, OPENSOURCEKAFKA, EVENTGRID, APIC, "
    "GAUSSMONGO, DMS, and what an update may change") {
  EmulatorFixture env;
  const std::string urn = env.create_function("checked")["func_urn"];
  auto create = [&](const std::string& type, const Json& data) {
    return env.fg().create_trigger(urn, {{"trigger_type_code", type}, {"event_data", data}});
  };
  auto refused = [&](const std::string& type, const Json& data, const std::string& says) {
    INFO(type << " " << data.dump());
    auto r = create(type, data);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().http_status == 400);
    CHECK(r.error().error_code == "FSS.0400");
    CHECK(r.error().error_msg.find(says) != std::string::npos);
  };

  refused("CTS", {{"name", "w"}}, "event_data.operations");
  refused("CTS", {{"name", "w"}, {"operations", Json::array()}}, "event_data.operations");
  refused("CTS", {{"name", "w"}, {"operations", {"FunctionGraph:createFunction"}}},
          "event_data.operations");
  Json dds{{"instance_id", "d"},
           {"db_name", "shop"},
           {"collection_name", "c"},
           {"db_password", "p"},
           {"batch_size", 100}};
  refused("DDS", Json{{"instance_id", "d"}, {"db_name", "shop"}, {"collection_name", "c"}},
          "event_data.db_password");
  Json admin = dds;
  admin["db_name"] = "admin";
  refused("DDS", admin, "reserved");
  Json big = dds;
  big["batch_size"] = 10001;
  refused("DDS", big, "event_data.batch_size");
  refused("RABBITMQ", {{"connect_address", "h:5672"}}, "event_data.exchange_name");
  refused("OPENSOURCEKAFKA", {{"topic_ids", {"t"}}}, "event_data.kafka_connect_address");
  refused("OPENSOURCEKAFKA", {{"kafka_connect_address", "h:9092"}, {"topic_ids", Json::array()}},
          "event_data.topic_ids");
  refused("EVENTGRID", {{"channel_id", "c"}, {"source_name", "HC.OBS.DWR"}},
          "event_data.trigger_name");

  auto made = create("DDS", dds);
  REQUIRE(made.ok());
  CHECK((*made)["trigger_status"] == "DISABLED");
  auto kafka =
      create("OPENSOURCEKAFKA", {{"kafka_connect_address", "h:9092"}, {"topic_ids", {"t"}}});
  REQUIRE(kafka.ok());
  CHECK((*kafka)["trigger_status"] == "DISABLED");
  auto mq = create("RABBITMQ", {{"connect_address", "h:5672"}, {"exchange_name", "x"}});
  REQUIRE(mq.ok());
  CHECK((*mq)["trigger_status"] == "ACTIVE");
  auto eg = create("EVENTGRID",
                   {{"channel_id", "c"}, {"source_name", "HC.OBS.DWR"}, {"trigger_name", "t"}});
  REQUIRE(eg.ok());
  // An update may not change what fixes the trigger.
  auto bad_update = env.fg().update_trigger(urn, "EVENTGRID", (*eg)["trigger_id"],
                                            {{"event_data", {{"channel_id", "other"}}}});
  REQUIRE_FALSE(bad_update.ok());
  CHECK(bad_update.error().http_status == 400);

  // SMN and APIG triggers cannot be disabled (the user guide), neither made so nor switched.
  auto smn = env.fg().create_trigger(urn, {{"trigger_type_code", "SMN"},
                                           {"trigger_status", "DISABLED"},
                                           {"event_data", {{"topic_urn", "urn:smn:t"}}}});
  REQUIRE_FALSE(smn.ok());
  CHECK(smn.error().error_msg.find("cannot be disabled") != std::string::npos);
  auto live_smn = create("SMN", {{"topic_urn", "urn:smn:t"}});
  REQUIRE(live_smn.ok());
  CHECK(env.fg()
            .update_trigger(urn, "SMN", (*live_smn)["trigger_id"], {{"trigger_status", "DISABLED"}})
            .error()
            .http_status == 400);

  // APIC, GeminiDB Mongo and DMS queue triggers, checked as the platform checks them.
  CHECK(create("APIC", {{"group_id", "g"}, {"name", "api_x"}})
            .error()
            .error_msg.find("instance_id") != std::string::npos);
  auto apic = create("APIC", {{"group_id", "g"}, {"name", "api_x"}, {"instance_id", "roma-1"}});
  REQUIRE(apic.ok());
  CHECK((*apic)["trigger_status"] == "ACTIVE");
  Json gauss = dds;
  gauss["db_name"] = "admin";
  CHECK(create("GAUSSMONGO", gauss).error().error_msg.find("reserved") != std::string::npos);
  auto mongo = create("GAUSSMONGO", dds);
  REQUIRE(mongo.ok());
  CHECK((*mongo)["trigger_status"] == "DISABLED");
  CHECK(create("DMS", {{"queue_id", "q"}}).error().error_msg.find("consumer_group_id") !=
        std::string::npos);
  CHECK(create("DMS", {{"queue_id", "q"}, {"consumer_group_id", "g"}, {"batch_size", 11}})
            .error()
            .http_status == 400);
  auto queue = create("DMS", {{"queue_id", "q"},
                              {"consumer_group_id", "g"},
                              {"polling_interval", 30},
                              {"batch_size", 10}});
  REQUIRE(queue.ok());
  // Its polling interval changes in place; its batch size does not, and the range holds.
  const std::string qid = (*queue)["trigger_id"];
  auto faster = env.fg().update_trigger(
      urn, "DMS", qid, {{"trigger_status", "DISABLED"}, {"event_data", {{"polling_interval", 5}}}});
  REQUIRE(faster.ok());
  CHECK((*faster)["event_data"]["polling_interval"] == 5);
  CHECK((*faster)["event_data"]["queue_id"] == "q");
  CHECK((*faster)["trigger_status"] == "DISABLED");
  CHECK(env.fg()
            .update_trigger(urn, "DMS", qid, {{"event_data", {{"polling_interval", 61}}}})
            .error()
            .http_status == 400);
  CHECK(env.fg()
            .update_trigger(urn, "DMS", qid, {{"event_data", {{"batch_size", 5}}}})
            .error()
            .error_msg.find("cannot be updated") != std::string::npos);
  // A DIS trigger's polling settings change in place, within the platform's limits.
  auto dis = create("DIS", {{"stream_name", "s"},
                            {"sharditerator_type", "LATEST"},
                            {"max_fetch_bytes", 2048},
                            {"polling_interval", 3000},
                            {"polling_unit", "ms"},
                            {"is_serial", "true"}});
  REQUIRE(dis.ok());
  const std::string did = (*dis)["trigger_id"];
  auto polled = env.fg().update_trigger(urn, "DIS", did,
                                        {{"event_data",
                                          {{"max_fetch_bytes", 4096},
                                           {"polling_interval", 5},
                                           {"polling_unit", "s"},
                                           {"is_serial", "false"}}}});
  REQUIRE(polled.ok());
  CHECK((*polled)["event_data"]["max_fetch_bytes"] == 4096);
  CHECK((*polled)["event_data"]["polling_unit"] == "s");
  CHECK((*polled)["event_data"]["sharditerator_type"] == "LATEST");
  CHECK(env.fg()
            .update_trigger(urn, "DIS", did, {{"event_data", {{"max_fetch_bytes", 10}}}})
            .error()
            .http_status == 400);
  CHECK(env.fg()
            .update_trigger(urn, "DIS", did, {{"event_data", {{"stream_name", "t"}}}})
            .error()
            .error_msg.find("cannot be updated") != std::string::npos);
}
