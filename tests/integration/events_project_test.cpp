// Test events, the project's async status log, runtime types and quotas: the emulator's routes
// through the typed client, and the resource and data-source modules on top of them.
#include <catch2/catch.hpp>
#include <map>

#include "cloud/crypto.h"
#include "fixture.h"
#include "plan/proposed_new.h"
#include "resources/data_sources.h"
#include "resources/planner.h"

using namespace fgform;
using cloud::ErrorKind;
using cloud::Json;
using resources::Value;
using testing::EmulatorFixture;

namespace {

std::string b64(const std::string& text) {
  return cloud::base64_encode(text);
}

Json event(const std::string& name, const std::string& json = R"({"key":"value"})") {
  return Json{{"name", name}, {"content", b64(json)}};
}

template <typename T>
Value config_of(const T& r, const Json& json) {
  auto d = value::from_json(json, r.schema().block.implied_type());
  REQUIRE(d.ok());
  return d.value;
}

// Terraform's proposed new state for an update: the configuration merged with the prior state.
Value proposed(const resources::Resource& r, const Value& prior, const Value& config) {
  return plan::proposed_new(r.schema().block, prior, resources::conform(r.schema().block, config));
}

std::string path_of(EmulatorFixture& env, const std::string& suffix) {
  return "/v2/" + env.emulator().project_id() + "/fgs" + suffix;
}

}  // namespace

TEST_CASE("test events: create, list, read, rename, delete with 204, limits, persistence") {
  EmulatorFixture env;
  const std::string urn = env.create_function("evt")["func_urn"];
  auto created = env.fg().create_event(urn, event("smoke-test"));
  REQUIRE(created.ok());
  const std::string id = (*created)["id"];
  CHECK((*created)["name"] == "smoke-test");
  CHECK_FALSE(created->contains("content"));  // the create answer is {id, name} only

  // Any URN form of the function reaches its events.
  auto fn = *cloud::FunctionUrn::parse(urn);
  auto read = env.fg().get_event(fn.unqualified(), id);
  REQUIRE(read.ok());
  CHECK((*read)["content"] == b64(R"({"key":"value"})"));
  CHECK((*read)["last_modified"].is_number_integer());

  auto renamed = env.fg().update_event(urn, id, event("renamed", R"({"n":1})"));
  REQUIRE(renamed.ok());
  CHECK((*renamed)["name"] == "renamed");
  CHECK((*renamed)["content"] == b64(R"({"n":1})"));

  // The platform's own checks: name pattern, base64 of JSON, unique names, 10 per function.
  CHECK(env.fg().create_event(urn, event("9starts-with-digit")).error().kind ==
        ErrorKind::kValidation);
  CHECK(env.fg().create_event(urn, event("ends-with-dash-")).error().kind ==
        ErrorKind::kValidation);
  CHECK(env.fg().create_event(urn, event(std::string(26, 'a'))).error().kind ==
        ErrorKind::kValidation);
  auto not_b64 = env.fg().create_event(urn, {{"name", "x"}, {"content", "{not base64}"}});
  CHECK(not_b64.error().error_msg.find("base64") != std::string::npos);
  CHECK(env.fg().create_event(urn, {{"name", "x"}, {"content", b64("not json")}}).error().kind ==
        ErrorKind::kValidation);
  CHECK(env.fg().create_event(urn, event("renamed")).error().kind == ErrorKind::kConflict);
  for (int i = 1; i < 10; ++i)
    REQUIRE(env.fg().create_event(urn, event("e" + std::to_string(i))).ok());
  auto eleventh = env.fg().create_event(urn, event("e10"));
  CHECK(eleventh.error().kind == ErrorKind::kValidation);
  CHECK(eleventh.error().error_msg.find("at most 10") != std::string::npos);

  // Events survive a restart; the list pages by marker.
  env.restart();
  auto listed = env.fg().list_events(urn);
  REQUIRE(listed.ok());
  CHECK(listed->size() == 10);
  CHECK((*listed)[0]["name"] == "renamed");
  CHECK_FALSE((*listed)[0].contains("content"));
  auto page = env.raw("GET", path_of(env, "/functions/" + urn + "/events?marker=8&maxitems=5"), "");
  REQUIRE(page.status == 200);
  auto page_body = Json::parse(page.body);
  CHECK(page_body["events"].size() == 2);
  CHECK(page_body["next_marker"] == 10);
  CHECK(page_body["count"] == 10);

  // Another function does not see them; delete answers exactly 204, then 404 FSS.1070.
  const std::string other = env.create_function("other")["func_urn"];
  CHECK(env.fg().get_event(other, id).error().error_code == "FSS.1070");
  auto del = env.raw("DELETE", path_of(env, "/functions/" + urn + "/events/" + id), "");
  CHECK(del.status == 204);
  CHECK(env.fg().get_event(urn, id).error().kind == ErrorKind::kNotFound);
  CHECK(env.fg().delete_event(urn, id).error().kind == ErrorKind::kNotFound);

  // A deleted function takes its events with it.
  REQUIRE(env.fg().delete_function(fn.unqualified()).ok());
  REQUIRE(env.fg().create_function(testing::function_body("evt")).ok());
  auto after = env.fg().list_events(urn);
  REQUIRE(after.ok());
  CHECK(after->empty());

  // The new routes verify signatures like every other.
  auto unsigned_list =
      env.raw("GET", path_of(env, "/functions/" + urn + "/events"), "", "not-the-secret");
  CHECK(unsigned_list.status == 401);
  CHECK(env.raw("GET", path_of(env, "/quotas"), "", "not-the-secret").status == 401);
  CHECK(env.raw("POST", path_of(env, "/functions/enable-async-status-logs"), "", "wrong").status ==
        401);
}

TEST_CASE("async status log: 404 before enabling, enabling is idempotent and persists") {
  EmulatorFixture env;
  CHECK(env.fg().get_async_status_log().error().kind == ErrorKind::kNotFound);
  REQUIRE(env.fg().enable_async_status_log().ok());
  auto first = env.fg().get_async_status_log();
  REQUIRE(first.ok());
  const std::string pid = env.emulator().project_id();
  CHECK((*first)["group_name"] == "function-async-log-group-" + pid);
  CHECK((*first)["stream_name"] == "function-async-log-stream-" + pid);
  CHECK_FALSE((*first)["group_id"].get<std::string>().empty());
  REQUIRE(env.fg().enable_async_status_log().ok());
  // LTS lists the group's stream, as the official provider checks after reading the detail.
  const std::string group = (*first)["group_id"];
  auto streams = env.raw("GET", "/v2/" + pid + "/groups/" + group + "/streams", "");
  REQUIRE(streams.status == 200);
  CHECK(Json::parse(streams.body)["log_streams"][0]["log_stream_id"] == (*first)["stream_id"]);
  CHECK(env.raw("GET", "/v2/" + pid + "/groups/other/streams", "").status == 404);
  env.restart();
  auto again = env.fg().get_async_status_log();
  REQUIRE(again.ok());
  CHECK(*again == *first);
}

TEST_CASE("runtime types and quotas have the shapes the official clients read") {
  EmulatorFixture env;
  auto types = env.fg().list_runtime_types();
  REQUIRE(types.ok());
  bool python = false;
  for (const auto& t : *types) {
    if (t["type"] == "Python3.9") python = t["display_name"] == "Python 3.9";
  }
  CHECK(python);

  env.create_function("q1");
  env.create_function("q2");
  // {"quotas": {"resources": [{type, quota, used, unit?}]}}, as SDK3's ListQuotasResponse.
  auto raw = Json::parse(env.raw("GET", path_of(env, "/quotas"), "").body);
  REQUIRE(raw["quotas"]["resources"].is_array());
  auto quotas = env.fg().list_quotas();
  REQUIRE(quotas.ok());
  bool counted = false;
  for (const auto& q : *quotas) {
    if (q["type"] == "fgs_func_num") counted = q["used"] == 2 && q["quota"].is_number_integer();
    if (q["type"] == "fgs_func_code_size") CHECK(q["unit"] == "MB");
  }
  CHECK(counted);
}

TEST_CASE("function event resource: content checked, drift read back, rename in place, import") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& r = *resources::Catalog::builtin().resource("functiongraph_function_event");
  const std::string urn = env.create_function("evres")["func_urn"];
  const std::string content = b64(R"({"key":"value"})");

  // Content that is not base64 of JSON is refused before anything is sent, at its path.
  for (const std::string& bad : {std::string("plain text"), b64("not json")}) {
    auto d = r.validate(config_of(r, {{"function_urn", urn}, {"name", "a"}, {"content", bad}}));
    REQUIRE(d.has_errors());
    REQUIRE(d.items()[0].attribute);
    CHECK(d.items()[0].attribute->to_string() == "content");
  }

  Value config = config_of(r, {{"function_urn", urn}, {"name", "smoke"}, {"content", content}});
  CHECK(r.validate(config).empty());
  CHECK(r.natural_id(platform, config) == urn + "/smoke");
  auto plan = resources::plan_change(r, Value::null(config.type()), config, config);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  auto created = r.create(platform, plan.planned);
  REQUIRE(created.ok());
  Value state = created.value;
  REQUIRE(state.is_wholly_known());
  const std::string id = state.attribute("id").as_string();
  CHECK(state.attribute("updated_at").as_string().back() == 'Z');
  CHECK(r.read(platform, state).value == state);

  // Changed outside: the read shows the platform's content, so the plan puts it back in place.
  REQUIRE(env.fg().update_event(urn, id, {{"name", "smoke"}, {"content", b64("{}")}}).ok());
  Value drifted = r.read(platform, state).value;
  CHECK(drifted.attribute("content") == Value::string(b64("{}")));
  auto fix = resources::plan_change(r, drifted, proposed(r, drifted, config), config);
  CHECK(fix.requires_replace.empty());
  CHECK_FALSE(fix.planned.attribute("updated_at").is_known());

  Value renamed_config =
      config_of(r, {{"function_urn", urn}, {"name", "renamed"}, {"content", content}});
  auto rename =
      resources::plan_change(r, drifted, proposed(r, drifted, renamed_config), renamed_config);
  CHECK(rename.requires_replace.empty());
  auto updated = r.update(platform, drifted, rename.planned);
  REQUIRE(updated.ok());
  CHECK(updated.value.attribute("id") == Value::string(id));
  CHECK(updated.value.attribute("name") == Value::string("renamed"));
  CHECK(updated.value.attribute("content") == Value::string(content));

  // Import by name (the official form) and by ID.
  for (const std::string& import_id : {urn + "/renamed", urn + "/" + id}) {
    auto imported = r.import(platform, import_id);
    REQUIRE(imported.ok());
    CHECK(r.read(platform, imported.value).value == updated.value);
  }
  auto missing = r.import(platform, urn + "/ghost");
  REQUIRE(missing.diagnostics.has_errors());
  CHECK(missing.diagnostics.items()[0].detail.find("ghost") != std::string::npos);
  CHECK(r.import(platform, "no-slash").diagnostics.has_errors());

  CHECK(r.remove(platform, updated.value).empty());
  CHECK(r.read(platform, updated.value).value.is_null());
  CHECK(r.remove(platform, updated.value).empty());  // already gone counts as deleted
}

TEST_CASE("async status log resource: enable, read, import by project ID, forget on destroy") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  resources::Resource& r =
      *resources::Catalog::builtin().resource("functiongraph_async_status_log");
  Value config = config_of(r, Json::object());
  CHECK(r.read(platform,
               resources::conform(r.schema().block, Value::object({{"id", Value::string("x")}})))
            .value.is_null());
  auto plan = resources::plan_change(r, Value::null(config.type()), config, config);
  auto created = r.create(platform, plan.planned);
  REQUIRE(created.ok());
  const std::string pid = env.emulator().project_id();
  CHECK(created.value.attribute("id") == Value::string(pid));
  CHECK(created.value.attribute("stream_name") ==
        Value::string("function-async-log-stream-" + pid));
  CHECK(r.read(platform, created.value).value == created.value);

  auto imported = r.import(platform, pid);
  REQUIRE(imported.ok());
  CHECK(r.read(platform, imported.value).value == created.value);
  auto wrong = r.import(platform, "someone-elses-project");
  REQUIRE(wrong.diagnostics.has_errors());
  CHECK(wrong.diagnostics.items()[0].detail.find(pid) != std::string::npos);

  // No disable call exists: destroy warns and leaves the platform as it was.
  auto removed = r.remove(platform, created.value);
  REQUIRE_FALSE(removed.has_errors());
  REQUIRE(removed.items().size() == 1);
  CHECK(removed.items()[0].summary == "Asynchronous status logs stay enabled");
  CHECK(env.fg().get_async_status_log().ok());
}

TEST_CASE("data sources: triggers filtered by ID, type and status; runtime types; quotas") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  auto& catalog = resources::Catalog::builtin();
  const std::string urn = env.create_function("trig")["func_urn"];
  auto timer = env.fg().create_trigger(
      urn, {{"trigger_type_code", "TIMER"},
            {"trigger_status", "ACTIVE"},
            {"event_data", {{"name", "t1"}, {"schedule_type", "Rate"}, {"schedule", "3m"}}}});
  REQUIRE(timer.ok());
  REQUIRE(env.fg()
              .create_trigger(
                  urn,
                  {{"trigger_type_code", "TIMER"},
                   {"trigger_status", "DISABLED"},
                   {"event_data", {{"name", "t2"}, {"schedule_type", "Rate"}, {"schedule", "5m"}}}})
              .ok());

  resources::DataSource& triggers = *catalog.data_source("functiongraph_function_triggers");
  auto read = [&](const Json& cfg) {
    auto out = triggers.read(platform, config_of(triggers, cfg));
    REQUIRE(out.ok());
    REQUIRE(out.value.is_wholly_known());
    return out.value;
  };
  CHECK(read({{"function_urn", urn}}).attribute("triggers").length() == 2);
  Value active = read({{"function_urn", urn}, {"status", "ACTIVE"}});
  REQUIRE(active.attribute("triggers").length() == 1);
  const Value t = active.attribute("triggers").elements()[0];
  CHECK(t.attribute("id") == Value::string((*timer)["trigger_id"].get<std::string>()));
  CHECK(Json::parse(t.attribute("event_data").as_string())["schedule"] == "3m");
  CHECK_FALSE(t.attribute("created_at").is_null());
  CHECK(read({{"function_urn", urn}, {"type", "OBS"}}).attribute("triggers").length() == 0);
  Value by_id = read({{"function_urn", urn}, {"trigger_id", (*timer)["trigger_id"]}});
  CHECK(by_id.attribute("triggers").length() == 1);
  CHECK_FALSE(by_id.attribute("id") == active.attribute("id"));
  CHECK(read({{"function_urn", urn}}).attribute("id") ==
        read({{"function_urn", urn}}).attribute("id"));

  resources::DataSource& runtimes = *catalog.data_source("functiongraph_runtime_types");
  auto types = runtimes.read(platform, config_of(runtimes, Json::object()));
  REQUIRE(types.ok());
  CHECK(types.value.attribute("types").length() > 10);

  resources::DataSource& quotas = *catalog.data_source("functiongraph_quotas");
  auto q = quotas.read(platform, config_of(quotas, Json::object()));
  REQUIRE(q.ok());
  bool functions_counted = false;
  for (const auto& item : q.value.attribute("quotas").elements()) {
    if (item.attribute("type") == Value::string("fgs_func_num"))
      functions_counted = item.attribute("used") == Value::number(1);
    CHECK_FALSE(item.attribute("unit").is_null());
  }
  CHECK(functions_counted);
}

TEST_CASE("data sources: triggers of the whole project without a function URN") {
  EmulatorFixture env;
  resources::Platform platform(env.client_config());
  auto& catalog = resources::Catalog::builtin();
  const std::string a = env.create_function("proj-a")["func_urn"];
  const std::string b = env.create_function("proj-b")["func_urn"];
  const auto unqualified_b = cloud::FunctionUrn::parse(b);
  REQUIRE(unqualified_b);
  REQUIRE(env.fg().publish_version(b, "v1", "").ok());
  auto timer = [&](const std::string& urn, const std::string& name, const std::string& status) {
    auto t = env.fg().create_trigger(
        urn, {{"trigger_type_code", "TIMER"},
              {"trigger_status", status},
              {"event_data", {{"name", name}, {"schedule_type", "Rate"}, {"schedule", "3m"}}}});
    REQUIRE(t.ok());
    return (*t)["trigger_id"].get<std::string>();
  };
  const std::string on_a = timer(a, "a1", "ACTIVE");
  const std::string on_b = timer(b, "b1", "DISABLED");
  const std::string on_b_v1 = timer(unqualified_b->with_qualifier("v1"), "b2", "ACTIVE");

  resources::DataSource& triggers = *catalog.data_source("functiongraph_function_triggers");
  auto read = [&](const Json& cfg) {
    auto out = triggers.read(platform, config_of(triggers, cfg));
    REQUIRE(out.ok());
    REQUIRE(out.value.is_wholly_known());
    return out.value;
  };
  auto function_of = [](const Value& list) {
    std::map<std::string, std::string> out;
    for (const auto& t : list.attribute("triggers").elements())
      out[t.attribute("id").as_string()] = t.attribute("function_urn").as_string();
    return out;
  };
  const auto listings_before = env.stats()["routes"].value("GET /v2/{project_id}/fgs/triggers", 0);
  const Value all = read(Json::object());
  CHECK(env.stats()["routes"].value("GET /v2/{project_id}/fgs/triggers", 0) == listings_before + 1);
  CHECK(all.attribute("function_urn").is_null());
  const auto owners = function_of(all);
  REQUIRE(owners.size() == 3);
  CHECK(owners.at(on_a) == cloud::FunctionUrn::parse(a)->bound());
  CHECK(owners.at(on_b) == unqualified_b->bound());
  CHECK(owners.at(on_b_v1) == unqualified_b->with_qualifier("v1"));

  // The filters apply to the project-wide list as to a function's.
  const auto disabled = function_of(read({{"status", "DISABLED"}}));
  CHECK(disabled.size() == 1);
  CHECK(disabled.count(on_b) == 1);
  CHECK(function_of(read({{"trigger_id", on_b_v1}})).size() == 1);
  CHECK(function_of(read({{"type", "OBS"}})).empty());
  CHECK(read({{"status", "DISABLED"}}).attribute("id") ==
        read({{"status", "DISABLED"}}).attribute("id"));
  CHECK_FALSE(read({{"status", "DISABLED"}}).attribute("id") == all.attribute("id"));

  // A function's list names the same function for each trigger as the project's list does.
  CHECK(function_of(read({{"function_urn", a}})) ==
        std::map<std::string, std::string>{{on_a, owners.at(on_a)}});
  CHECK(function_of(read({{"function_urn", unqualified_b->with_qualifier("v1")}})) ==
        std::map<std::string, std::string>{{on_b_v1, owners.at(on_b_v1)}});
}
