// Platform answers of an unexpected shape (a list item that is a number, a field of another type,
// a top-level array where an object belongs) fed to the resource, data source and client code
// through a loopback server: each gives an error diagnostic or reads the odd part as absent, and
// nothing throws (an exception there used to end fgform or the provider plugin).
#include <catch2/catch.hpp>

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "cloud/client.h"
#include "cloud/iam_api.h"
#include "cloud/vpc_api.h"
#include "loopback_server.h"
#include "resources/operations.h"

using namespace fgform;
using resources::Value;
using Json = nlohmann::json;

namespace {

constexpr const char* kProject = "0123456789abcdef0123456789abcdef";
constexpr const char* kUrn =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:f";

// A platform on a loopback port that answers 200 with whatever `answer` gives for the method and
// path (and 404 for an empty answer).
class OddPlatform {
 public:
  using Answer = std::function<std::string(const std::string& method, const std::string& path)>;
  // Whether to answer a request 400 instead (it sees the body).
  using Refuse = std::function<bool(const httplib::Request& request)>;

  OddPlatform() {
    auto server = std::make_unique<httplib::Server>();
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      Answer answer;
      Refuse refuse;
      {
        std::lock_guard lock(mu_);
        answer = answer_;
        refuse = refuse_;
      }
      if (refuse && refuse(req)) {
        res.status = 400;
        res.set_content(R"({"error_code":"FSS.0400","error_msg":"refused"})", "application/json");
        return;
      }
      const std::string body = answer ? answer(req.method, req.path) : std::string();
      if (body.empty()) {
        res.status = 404;
        res.set_content(R"({"error_code":"FSS.1051","error_msg":"not found"})", "application/json");
        return;
      }
      res.set_content(body, "application/json");
    };
    server->Get(".*", handler);
    server->Post(".*", handler);
    server->Put(".*", handler);
    server->Delete(".*", handler);
    running_ = std::make_unique<testing::Running<httplib::Server>>(std::move(server));
  }

  void answer(Answer a) {
    std::lock_guard lock(mu_);
    answer_ = std::move(a);
  }

  void refuse(Refuse r) {
    std::lock_guard lock(mu_);
    refuse_ = std::move(r);
  }

  cloud::ClientConfig client_config(bool with_ids = true) const {
    cloud::ClientConfig c;
    c.credentials.access_key = "AK";
    c.credentials.secret_key = "SK";
    c.credentials.region = "cn-north-4";
    if (with_ids) {
      c.credentials.project_id = kProject;
      c.credentials.domain_id = "d0123456789";
    }
    c.endpoints = cloud::Endpoints::all("http://127.0.0.1:" + std::to_string(running_->port));
    c.retry = cloud::RetryPolicy{1, std::chrono::milliseconds(1), std::chrono::milliseconds(1),
                                 std::chrono::milliseconds(1000)};
    return c;
  }

 private:
  std::mutex mu_;
  Answer answer_;
  Refuse refuse_;
  std::unique_ptr<testing::Running<httplib::Server>> running_;  // last: stopped first
};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

resources::Resource& resource(const std::string& type) {
  return *resources::Catalog::builtin().resource(type);
}

resources::DataSource& data_source(const std::string& type) {
  return *resources::Catalog::builtin().data_source(type);
}

// A value of the type's schema from JSON attributes, the rest null.
Value object_of(const std::string& type, const std::string& json) {
  auto d = value::from_json(Json::parse(json), resource(type).schema().block.implied_type());
  REQUIRE(d.ok());
  return resources::conform(resource(type).schema().block, d.value);
}

Value data_config(const std::string& type, const std::string& json) {
  auto& block = data_source(type).schema().block;
  auto d = value::from_json(Json::parse(json), block.implied_type());
  REQUIRE(d.ok());
  return resources::conform(block, d.value);
}

// The planned value of a create, as the fronts hand it to apply.
Value planned_create(const std::string& type, const std::string& config_json) {
  Value config = object_of(type, config_json);
  auto plan = resources::plan_change(resource(type), Value::null(config.type()), config, config);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  return plan.planned;
}

std::string errors(const value::Diagnostics& d) {
  std::string out;
  for (const auto& x : d)
    if (x.severity == value::Severity::kError) out += x.summary + ": " + x.detail + "\n";
  return out;
}

std::string text(const Value& object, const char* name) {
  const Value v = object.attribute(name);
  return v.is_known() && !v.is_null() ? v.as_string() : "<null>";
}

}  // namespace

TEST_CASE("odd answers: a function read keeps the state or reads odd fields as absent") {
  OddPlatform server;
  resources::Platform platform(server.client_config());
  auto& fn = resource("functiongraph_function");
  const Value current = object_of("functiongraph_function",
                                  std::string(R"({"id": ")") + kUrn + R"(:latest", "name": "f"})");

  SECTION("a top-level array where the configuration belongs") {
    server.answer([](const std::string&, const std::string&) { return "[1, 2]"; });
    auto read = resources::read_resource(platform, fn, current);
    CHECK(errors(read.diagnostics).find("not a JSON object") != std::string::npos);
    CHECK(read.value == current);  // kept, not gone
  }

  SECTION("fields of other types") {
    server.answer([](const std::string&, const std::string& path) -> std::string {
      if (ends_with(path, "/config"))
        return R"({"func_urn": 12, "func_name": ["f"], "package": 3, "memory_size": "big",
          "timeout": {}, "user_data": 5, "encrypted_user_data": [], "code_type": "inline",
          "strategy_config": [], "network_controller": "x",
          "mount_config": {"mount_user": 3, "func_mounts": [1, "m", {"local_mount_path": 4}]},
          "custom_image": {"enabled": "yes"}, "func_vpc": "v", "domain_names": 7,
          "depend_version_list": "d", "initializer_timeout": "t", "lts_custom_tag": [1],
          "gpu_memory": "g", "is_stateful_function": "true", "digest": 5, "last_modified": 1,
          "enable_dynamic_memory": "no", "log_group_id": false})";
      if (ends_with(path, "/code")) return R"({"func_code": "not an object"})";
      if (ends_with(path, "/tags"))
        return R"({"tags": [1, "t", null, {"key": 2, "value": 3}, {"key": "k", "value": "v"}]})";
      return "";
    });
    auto read = resources::read_resource(platform, fn, current);
    INFO(errors(read.diagnostics));
    REQUIRE_FALSE(read.diagnostics.has_errors());
    CHECK(text(read.value, "id") == std::string(kUrn) + ":latest");  // the state's, not 12
    CHECK(read.value.attribute("memory_size").is_null());
    CHECK(read.value.attribute("name").is_null());
    CHECK(read.value.attribute("mount").length() == 1);  // the one object among the mounts
    CHECK(read.value.attribute("tags_all").entries().size() == 1);
    CHECK(read.value.attribute("tags_all").entries().at("k").as_string() == "v");
  }

  SECTION("an answer to the create without the function's URN") {
    server.answer([](const std::string& method, const std::string&) -> std::string {
      return method == "POST" ? R"({"func_urn": 12, "func_name": "f"})" : "";
    });
    const Value planned =
        planned_create("functiongraph_function",
                       R"j({"name": "f", "runtime": "Python3.9", "handler": "index.handler",
             "memory_size": 128, "timeout": 3, "inline_code": "print(1)"})j");
    auto created =
        resources::apply_resource_change(platform, fn, Value::null(planned.type()), planned);
    CHECK(errors(created.diagnostics).find("\"func_urn\"") != std::string::npos);
    CHECK(created.value.is_null());
  }

  SECTION("a batched read over a list of odd items reads each function on its own") {
    int config_reads = 0;
    server.answer([&](const std::string&, const std::string& path) -> std::string {
      if (ends_with(path, "/fgs/functions"))
        return R"({"functions": [1, "x", null, {"func_urn": 5}, [2]], "next_marker": "a",
                   "count": []})";
      if (ends_with(path, "/resource-instances/filter")) return R"({"resources": [1, {}]})";
      if (ends_with(path, "/config")) {
        ++config_reads;
        return R"({"func_name": "f", "memory_size": 256})";
      }
      if (ends_with(path, "/tags")) return R"({"tags": "none"})";
      return "";
    });
    const Value other =
        object_of("functiongraph_function", std::string(R"({"id": ")") + kUrn + R"(2:latest"})");
    auto reads = resources::read_resources(platform, fn, {current, other});
    REQUIRE(reads.size() == 2);
    CHECK(config_reads == 2);
    for (const auto& read : reads) {
      INFO(errors(read.diagnostics));
      CHECK_FALSE(read.diagnostics.has_errors());
      CHECK(read.value.attribute("memory_size").as_number() == value::Number::from_int(256));
    }
  }
}

TEST_CASE("a tag listing refused 1,000 a page is asked again 100 a page") {
  // The platform's reference gives no bound for the filter's limit (docs/design.md, "Batched
  // refresh"): a refusal must not turn every batch into single reads.
  OddPlatform server;
  resources::Platform platform(server.client_config());
  auto& fn = resource("functiongraph_function");
  std::atomic<int> asked_1000{0};
  std::atomic<int> asked_100{0};
  std::atomic<int> config_reads{0};
  server.refuse([&](const httplib::Request& req) {
    if (!ends_with(req.path, "/resource-instances/filter")) return false;
    const long limit = Json::parse(req.body).value("limit", 0L);
    (limit > 100 ? asked_1000 : asked_100).fetch_add(1);
    return limit > 100;
  });
  server.answer([&](const std::string&, const std::string& path) -> std::string {
    if (ends_with(path, "/resource-instances/filter")) return R"({"resources": []})";
    if (ends_with(path, "/fgs/functions"))
      return R"({"functions": [], "next_marker": 0, "count": 0})";
    if (ends_with(path, "/config")) {
      config_reads.fetch_add(1);
      return R"({"func_name": "f", "memory_size": 256})";
    }
    if (ends_with(path, "/tags")) return R"({"tags": []})";
    return "";
  });
  const Value a =
      object_of("functiongraph_function", std::string(R"({"id": ")") + kUrn + R"(:latest"})");
  const Value b =
      object_of("functiongraph_function", std::string(R"({"id": ")") + kUrn + R"(2:latest"})");
  auto reads = resources::read_resources(platform, fn, {a, b});
  REQUIRE(reads.size() == 2);
  CHECK(asked_1000.load() == 1);
  CHECK(asked_100.load() == 1);
  // Neither is listed, so each is read on its own; both reads succeed.
  CHECK(config_reads.load() == 2);
  for (const auto& read : reads) CHECK_FALSE(read.diagnostics.has_errors());
}

TEST_CASE("odd answers: triggers, read, imported, listed and created") {
  OddPlatform server;
  resources::Platform platform(server.client_config());
  auto& trigger = resource("functiongraph_trigger");
  const std::string id = std::string(kUrn) + ":latest/TIMER/t1";

  SECTION("fields of other types in the trigger of an import") {
    server.answer([](const std::string&, const std::string&) {
      return R"({"trigger_id": [], "trigger_type_code": 7, "trigger_status": {},
                 "event_data": "x", "created_time": 5})";
    });
    auto imported = resources::import_resource(platform, trigger, id);
    REQUIRE(imported.ok());
    auto read = resources::read_resource(platform, trigger, imported.value);
    INFO(errors(read.diagnostics));
    REQUIRE_FALSE(read.diagnostics.has_errors());
    CHECK(text(read.value, "id") == "t1");       // the known ID, not []
    CHECK(text(read.value, "type") == "TIMER");  // the known type, not 7
    CHECK(read.value.attribute("status").is_null());
  }

  SECTION("a top-level array where the trigger belongs") {
    server.answer([](const std::string&, const std::string&) { return R"(["t1"])"; });
    auto imported = resources::import_resource(platform, trigger, id);
    REQUIRE(imported.ok());
    auto read = resources::read_resource(platform, trigger, imported.value);
    CHECK(errors(read.diagnostics).find("not a JSON object") != std::string::npos);
    CHECK(read.value == imported.value);
  }

  SECTION("a batched read over a list of odd items reads each trigger on its own") {
    int single_reads = 0;
    server.answer([&](const std::string&, const std::string& path) -> std::string {
      if (ends_with(path, "/fgs/triggers"))
        return R"({"triggers": [1, "t1", {"trigger_id": 3},
                   {"trigger_id": "t1", "trigger_type_code": "TIMER", "trigger_status": 1,
                    "event_data": "x", "func_urn": 4}]})";
      ++single_reads;
      return R"({"trigger_id": "t1", "trigger_type_code": "TIMER", "trigger_status": "ACTIVE",
                 "event_data": {"name": "n", "schedule_type": "Rate", "schedule": "3m"}})";
    });
    auto first = resources::import_resource(platform, trigger, id);
    auto second =
        resources::import_resource(platform, trigger, std::string(kUrn) + ":latest/TIMER/t2");
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    auto reads = resources::read_resources(platform, trigger, {first.value, second.value});
    REQUIRE(reads.size() == 2);
    CHECK(single_reads == 2);
    for (const auto& read : reads) CHECK_FALSE(read.diagnostics.has_errors());
  }

  SECTION("an answer to the create without the trigger's ID") {
    server.answer([](const std::string&, const std::string&) {
      return R"({"trigger_id": 9, "trigger_type_code": "TIMER"})";
    });
    const Value planned = planned_create(
        "functiongraph_trigger",
        std::string(R"({"function_urn": ")") + kUrn +
            R"(", "timer": {"name": "n", "schedule_type": "Rate", "schedule": "3m"}})");
    auto created =
        resources::apply_resource_change(platform, trigger, Value::null(planned.type()), planned);
    CHECK(errors(created.diagnostics).find("\"trigger_id\"") != std::string::npos);
    CHECK(created.value.is_null());
  }
}

TEST_CASE("odd answers: versions and aliases") {
  OddPlatform server;
  resources::Platform platform(server.client_config());

  SECTION("version list items that are not objects are absent versions") {
    server.answer([](const std::string&, const std::string&) {
      return R"({"versions": [1, "v1", null, {"version": 1}], "next_marker": 0})";
    });
    auto imported = resources::import_resource(platform, resource("functiongraph_version"),
                                               std::string(kUrn) + ":v1");
    REQUIRE(imported.ok());
    auto read =
        resources::read_resource(platform, resource("functiongraph_version"), imported.value);
    CHECK_FALSE(read.diagnostics.has_errors());
    CHECK(read.value.is_null());  // not listed
  }

  SECTION("an alias with fields of other types keeps what identifies it") {
    server.answer([](const std::string&, const std::string&) {
      return R"({"alias_urn": 5, "name": [], "version": 1, "additional_version_weights": [1],
                 "additional_version_strategy": {"v2": "x"}, "description": {}})";
    });
    const std::string alias_urn = std::string(kUrn) + ":!live";
    auto imported =
        resources::import_resource(platform, resource("functiongraph_alias"), alias_urn);
    REQUIRE(imported.ok());
    auto read = resources::read_resource(platform, resource("functiongraph_alias"), imported.value);
    INFO(errors(read.diagnostics));
    REQUIRE_FALSE(read.diagnostics.has_errors());
    CHECK(text(read.value, "id") == alias_urn);
    CHECK(text(read.value, "name") == "live");
    CHECK(read.value.attribute("version").is_null());
    CHECK(read.value.attribute("rule_strategy").attribute("rule").length() == 0);
  }

  SECTION("an alias answer that is a string keeps the state") {
    server.answer([](const std::string&, const std::string&) { return R"("live")"; });
    auto imported = resources::import_resource(platform, resource("functiongraph_alias"),
                                               std::string(kUrn) + ":!live");
    REQUIRE(imported.ok());
    auto read = resources::read_resource(platform, resource("functiongraph_alias"), imported.value);
    CHECK(errors(read.diagnostics).find("not a JSON object") != std::string::npos);
    CHECK(read.value == imported.value);
  }
}

TEST_CASE("odd answers: data sources leave out list items that are not objects") {
  OddPlatform server;
  resources::Platform platform(server.client_config());

  SECTION("functions") {
    server.answer([](const std::string&, const std::string&) {
      return R"({"functions": [1, "x", null, {"func_name": 3, "package": [], "func_urn": {}}],
                 "next_marker": 0, "count": "one"})";
    });
    auto read = resources::read_data_source(platform, data_source("functiongraph_functions"),
                                            data_config("functiongraph_functions", "{}"));
    INFO(errors(read.diagnostics));
    REQUIRE_FALSE(read.diagnostics.has_errors());
    REQUIRE(read.value.attribute("functions").length() == 1);
    CHECK(read.value.attribute("functions").elements()[0].attribute("name").is_null());
  }

  SECTION("one function whose configuration is a top-level array") {
    server.answer([](const std::string&, const std::string&) { return "[{}]"; });
    auto read =
        resources::read_data_source(platform, data_source("functiongraph_function"),
                                    data_config("functiongraph_function", R"({"name": "f"})"));
    CHECK(errors(read.diagnostics).find("not a JSON object") != std::string::npos);
  }

  SECTION("the triggers of a function, with a filter on a field of another type") {
    server.answer([](const std::string&, const std::string&) {
      return R"([1, "t", {"trigger_id": 2, "trigger_type_code": "TIMER", "event_data": "s"},
                 {"trigger_id": "t2", "trigger_type_code": "TIMER", "event_data": {"a": 1}}])";
    });
    auto read = resources::read_data_source(
        platform, data_source("functiongraph_function_triggers"),
        data_config("functiongraph_function_triggers",
                    std::string(R"({"function_urn": ")") + kUrn + R"(", "type": "TIMER"})"));
    INFO(errors(read.diagnostics));
    REQUIRE_FALSE(read.diagnostics.has_errors());
    CHECK(read.value.attribute("triggers").length() == 2);
  }

  SECTION("dependencies, runtimes and quotas") {
    server.answer([](const std::string&, const std::string& path) -> std::string {
      if (path.find("/dependencies") != std::string::npos)
        return R"({"dependencies": [1, {"runtime": 5, "version": "2"}, {"runtime": "Python3.9"}],
                   "next_marker": 0})";
      if (ends_with(path, "/runtimetypes")) return R"([1, {"type": 2}, "x"])";
      if (ends_with(path, "/quotas")) return R"({"quotas": {"resources": [1, {"quota": "x"}]}})";
      return "";
    });
    auto deps = resources::read_data_source(
        platform, data_source("functiongraph_dependencies"),
        data_config("functiongraph_dependencies", R"({"runtime": "Python3.9"})"));
    INFO(errors(deps.diagnostics));
    REQUIRE_FALSE(deps.diagnostics.has_errors());
    CHECK(deps.value.attribute("dependencies").length() == 1);
    auto runtimes =
        resources::read_data_source(platform, data_source("functiongraph_runtime_types"),
                                    data_config("functiongraph_runtime_types", "{}"));
    CHECK(runtimes.value.attribute("types").length() == 1);
    auto quotas = resources::read_data_source(platform, data_source("functiongraph_quotas"),
                                              data_config("functiongraph_quotas", "{}"));
    REQUIRE(quotas.value.attribute("quotas").length() == 1);
    CHECK(quotas.value.attribute("quotas").elements()[0].attribute("limit").is_null());
  }

  SECTION("an agency listed among items of other shapes") {
    server.answer([](const std::string&, const std::string&) {
      return R"({"agencies": [1, "a", {"id": "ag1", "trust_domain_name": 5}]})";
    });
    auto read =
        resources::read_data_source(platform, data_source("functiongraph_agency"),
                                    data_config("functiongraph_agency", R"({"name": "a"})"));
    INFO(errors(read.diagnostics));
    REQUIRE_FALSE(read.diagnostics.has_errors());
    CHECK(text(read.value, "id") == "ag1");
  }
}

TEST_CASE("odd answers: IAM, VPC and the client's own lookups give errors, not exceptions") {
  OddPlatform server;

  SECTION("a project without a usable ID is not taken") {
    cloud::Client client(server.client_config(false));
    server.answer([](const std::string&, const std::string&) {
      return R"({"projects": [{"id": 5, "name": "cn-north-4"}]})";
    });
    auto project = client.project_id();
    REQUIRE_FALSE(project.ok());
    CHECK(project.error().message().find("\"id\"") != std::string::npos);
    server.answer([](const std::string&, const std::string&) { return R"({"projects": [1]})"; });
    CHECK_FALSE(client.project_id().ok());
    server.answer([](const std::string&, const std::string&) { return R"({"domains": "d"})"; });
    CHECK_FALSE(client.domain_id().ok());
    server.answer([](const std::string&, const std::string&) { return R"([])"; });
    CHECK_FALSE(client.project_id().ok());
  }

  SECTION("temporary credentials of another shape") {
    cloud::ClientConfig config = server.client_config();
    config.assume_role = cloud::AssumeRole{"agency", "account", "", 0};
    cloud::Client client(config);
    for (const char* answer :
         {R"({"credential": {"access": 1, "secret": "s", "securitytoken": "t"}})",
          R"([{"credential": {}}])", R"({"credential": "c"})"}) {
      INFO(answer);
      server.answer([&](const std::string&, const std::string&) { return std::string(answer); });
      auto r = client.call(
          {cloud::Service::kFunctionGraph, "GET", "/v2/p/fgs/functions", {}, std::nullopt, {}});
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message().find("without temporary credentials") != std::string::npos);
    }
  }

  SECTION("an agency and a VPC answered without their objects") {
    resources::Platform platform(server.client_config());
    server.answer([](const std::string&, const std::string& path) -> std::string {
      if (path.find("/agencies") != std::string::npos) return R"({"agency": "x"})";
      if (path.find("/vpcs") != std::string::npos) return R"({"vpc": [1]})";
      return R"([1])";
    });
    const Value agency = object_of("functiongraph_agency", R"({"id": "ag1", "name": "a"})");
    auto read = resources::read_resource(platform, resource("functiongraph_agency"), agency);
    CHECK(errors(read.diagnostics).find("\"agency\"") != std::string::npos);
    CHECK(read.value == agency);
    const Value vpc = object_of("functiongraph_vpc", R"({"id": "v1", "name": "v"})");
    auto vpc_read = resources::read_resource(platform, resource("functiongraph_vpc"), vpc);
    CHECK(errors(vpc_read.diagnostics).find("\"vpc\"") != std::string::npos);
    CHECK(vpc_read.value == vpc);
  }

  SECTION("a created VPC and subnet without their IDs") {
    resources::Platform platform(server.client_config());
    server.answer([](const std::string&, const std::string& path) -> std::string {
      if (path.find("/subnets") != std::string::npos) return R"({"subnet": {"id": 3}})";
      return R"({"vpc": {"id": ["v1"], "name": "v"}})";
    });
    const Value planned = planned_create("functiongraph_vpc", R"({"name": "v"})");
    auto created = resources::apply_resource_change(platform, resource("functiongraph_vpc"),
                                                    Value::null(planned.type()), planned);
    CHECK(errors(created.diagnostics).find("\"id\"") != std::string::npos);
    CHECK(created.value.is_null());
    const Value subnet = planned_create(
        "functiongraph_subnet",
        R"({"name": "s", "vpc_id": "v1", "cidr": "10.0.1.0/24", "gateway_ip": "10.0.1.1"})");
    auto made = resources::apply_resource_change(platform, resource("functiongraph_subnet"),
                                                 Value::null(subnet.type()), subnet);
    CHECK(errors(made.diagnostics).find("\"id\"") != std::string::npos);
  }
}
