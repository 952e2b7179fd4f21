// Issue 13 item 5 against the emulator: assume_role's token exchange and the temporary keys it
// yields (accepted with their token until they expire), default_tags on a function with no
// perpetual diff, and the provider's enterprise project sent in the function's bodies.
#include <catch2/catch.hpp>

#include <mutex>

#include "fixture.h"
#include "plan/proposed_new.h"
#include "resources/operations.h"
#include "resources/planner.h"

using namespace fgform;
using cloud::ErrorKind;
using cloud::Json;
using resources::Value;
using testing::EmulatorFixture;

namespace {

long route_count(EmulatorFixture& env, const std::string& route) {
  return env.stats()["routes"].value(route, 0L);
}

const char* kExchange = "POST /v3.0/OS-CREDENTIAL/securitytokens";

// An agency the emulated account trusts itself with (assume_role needs a trusting agency).
void create_trusting_agency(EmulatorFixture& env, const std::string& name) {
  auto agency = env.iam().create_agency({{"name", name}, {"trust_domain_name", "fgform-emulator"}});
  REQUIRE(agency.ok());
}

// A clock both the emulator and the client read, moved by the test.
struct TestClock {
  std::mutex mutex;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::chrono::system_clock::time_point read() {
    std::lock_guard lock(mutex);
    return now;
  }
  void advance(std::chrono::seconds by) {
    std::lock_guard lock(mutex);
    now += by;
  }
};

}  // namespace

TEST_CASE("assume_role: the keys obtain the agency's temporary credentials, which sign the calls") {
  EmulatorFixture env;
  create_trusting_agency(env, "deployer");

  cloud::ClientConfig config = env.client_config();
  config.assume_role = cloud::AssumeRole{"deployer", "fgform-emulator", "", 0};
  cloud::Client client(config);
  cloud::FunctionGraphApi fg(client);
  REQUIRE(env.raw("DELETE", "/_emulator/stats", "").status == 204);
  auto created = fg.create_function(testing::function_body("as-agency"));
  INFO((created ? "" : created.error().error_msg));
  REQUIRE(created.ok());
  REQUIRE(fg.list_functions(0, 10).ok());
  // One exchange serves every call until the credentials near their end.
  CHECK(route_count(env, kExchange) == 1);
  CHECK(env.stats()["auth_failures"] == 0);
  CHECK(client.credentials().access_key == testing::kAk);  // the configured identity is kept

  // By domain ID too.
  config.assume_role = cloud::AssumeRole{"deployer", "", env.emulator().domain_id(), 3600};
  cloud::Client by_id(config);
  CHECK(by_id.project_id().ok());

  // Refusals name the agency and the account.
  config.assume_role = cloud::AssumeRole{"nobody", "fgform-emulator", "", 0};
  cloud::Client missing(config);
  auto refused = missing.project_id();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::kNotFound);
  CHECK(refused.error().error_msg.find("\"nobody\"") != std::string::npos);
  CHECK(refused.error().error_msg.find("fgform-emulator") != std::string::npos);

  // A service agency trusts the service, not this account.
  REQUIRE(env.iam().create_agency({{"name", "svc"}, {"trust_domain_name", "op_svc_cff"}}).ok());
  config.assume_role = cloud::AssumeRole{"svc", "fgform-emulator", "", 0};
  cloud::Client untrusted(config);
  CHECK(untrusted.project_id().error().http_status == 403);

  config.assume_role = cloud::AssumeRole{"deployer", "another-account", "", 0};
  cloud::Client elsewhere(config);
  CHECK(elsewhere.project_id().error().kind == ErrorKind::kNotFound);
}

TEST_CASE("assume_role: the emulator checks the request and accepts the keys until they expire") {
  TestClock clock;
  emulator::EmulatorOptions options;
  options.clock = [&clock] { return clock.read(); };
  EmulatorFixture env(options);
  create_trusting_agency(env, "deployer");

  auto exchange = [&](const Json& body) {
    return env.raw("POST", "/v3.0/OS-CREDENTIAL/securitytokens", body.dump(), testing::kSk, {},
                   clock.read());
  };
  auto identity = [](Json assume_role) {
    return Json{{"auth",
                 {{"identity",
                   {{"methods", Json::array({"assume_role"})}, {"assume_role", assume_role}}}}}};
  };
  auto issued = exchange(identity({{"agency_name", "deployer"},
                                   {"domain_name", "fgform-emulator"},
                                   {"duration_seconds", 900}}));
  REQUIRE(issued.status == 201);
  const Json credential = Json::parse(issued.body)["credential"];
  for (const char* field : {"access", "secret", "securitytoken", "expires_at"}) {
    CHECK(credential[field].is_string());
  }
  // Bad requests say what is wrong.
  CHECK(exchange(identity({{"agency_name", "deployer"}})).status == 400);
  CHECK(exchange(identity({{"agency_name", "deployer"},
                           {"domain_name", "fgform-emulator"},
                           {"duration_seconds", 60}}))
            .status == 400);
  CHECK(exchange(Json{{"auth", {{"identity", {{"methods", Json::array({"token"})}}}}}}).status ==
        400);
  // The caller must sign: an unsigned exchange is refused at the gateway.
  CHECK(env.raw("POST", "/v3.0/OS-CREDENTIAL/securitytokens", identity({}).dump(), "wrong-secret",
                {}, clock.read())
            .status == 401);

  // A client signing with the temporary keys and their token.
  cloud::ClientConfig temp = env.client_config();
  temp.credentials.access_key = credential["access"];
  temp.credentials.secret_key = credential["secret"];
  temp.credentials.security_token = credential["securitytoken"];
  temp.now = [&clock] { return clock.read(); };
  temp.retry.max_attempts = 1;
  cloud::Client client(temp);
  REQUIRE(client.project_id().ok());
  cloud::FunctionGraphApi fg(client);
  CHECK(fg.list_functions(0, 10).ok());

  // Without the token, or with another, the keys are refused.
  cloud::ClientConfig no_token = temp;
  no_token.credentials.security_token.clear();
  no_token.credentials.project_id = env.emulator().project_id();
  cloud::Client without(no_token);
  CHECK(cloud::FunctionGraphApi(without).list_functions(0, 10).error().http_status == 401);

  // After 15 minutes they are refused, and say why.
  clock.advance(std::chrono::seconds(901));
  auto late = fg.list_functions(0, 10);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().http_status == 401);
  CHECK(late.error().error_msg.find("expired") != std::string::npos);
}

TEST_CASE("assume_role: the client obtains new credentials before the old ones expire") {
  TestClock clock;
  emulator::EmulatorOptions options;
  options.clock = [&clock] { return clock.read(); };
  EmulatorFixture env(options);
  create_trusting_agency(env, "deployer");
  cloud::ClientConfig config = env.client_config();
  config.now = [&clock] { return clock.read(); };
  config.assume_role = cloud::AssumeRole{"deployer", "fgform-emulator", "", 900};
  cloud::Client client(config);
  cloud::FunctionGraphApi fg(client);
  REQUIRE(env.raw("DELETE", "/_emulator/stats", "").status == 204);
  REQUIRE(fg.list_functions(0, 10).ok());
  clock.advance(std::chrono::seconds(9 * 60));
  REQUIRE(fg.list_functions(0, 10).ok());
  CHECK(route_count(env, kExchange) == 1);
  clock.advance(std::chrono::seconds(2 * 60));  // 4 minutes left: renewed first
  auto renewed = fg.list_functions(0, 10);
  INFO((renewed ? "" : renewed.error().error_msg));
  REQUIRE(renewed.ok());
  CHECK(route_count(env, kExchange) == 2);
  CHECK(env.stats()["auth_failures"] == 0);
}

namespace {

Value function_config(const resources::Resource& fn, const nlohmann::json& j) {
  auto d = value::from_json(j, fn.schema().block.implied_type());
  REQUIRE(d.ok());
  return resources::conform(fn.schema().block, d.value);
}

resources::Plan plan_with(const resources::Resource& fn, const Value& prior, const Value& config,
                          const resources::ProviderDefaults& defaults) {
  auto p = resources::plan_change(fn, prior, plan::proposed_new(fn.schema().block, prior, config),
                                  config, defaults);
  REQUIRE_FALSE(p.diagnostics.has_errors());
  return p;
}

std::map<std::string, std::string> live_tags(EmulatorFixture& env, const std::string& urn) {
  std::map<std::string, std::string> out;
  auto tags = env.fg().get_tags(urn);
  REQUIRE(tags.ok());
  for (const auto& t : (*tags)["tags"]) out[t["key"]] = t["value"];
  return out;
}

}  // namespace

TEST_CASE("default_tags: merged on the function, read back without a perpetual diff") {
  EmulatorFixture env;
  resources::ProviderDefaults defaults{{{"team", "core"}, {"env", "dev"}}, "eps-default"};
  resources::Platform platform(env.client_config(), defaults);
  resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  const Value config = function_config(fn, {{"name", "tagged"},
                                            {"runtime", "Python3.9"},
                                            {"inline_code", "def handler(e, c):\n    return 1\n"},
                                            {"tags", {{"env", "prod"}}}});
  const Value none = Value::null(config.type());
  auto created_plan = plan_with(fn, none, config, defaults);
  auto created = fn.create(platform, created_plan.planned);
  INFO((created.diagnostics.empty() ? "" : created.diagnostics.items()[0].to_string()));
  REQUIRE(created.ok());
  const std::string urn = created.value.attribute("id").as_string();
  CHECK(live_tags(env, urn) ==
        std::map<std::string, std::string>{{"env", "prod"}, {"team", "core"}});
  CHECK((*env.fg().get_function_config(urn))["enterprise_project_id"] == "eps-default");
  CHECK(created.value.attribute("tags") == config.attribute("tags"));
  CHECK(created.value.attribute("tags_all") == created_plan.planned.attribute("tags_all"));

  // Refresh + plan with the same configuration: nothing to do.
  auto refreshed = fn.read(platform, created.value);
  REQUIRE(refreshed.ok());
  CHECK(refreshed.value == created.value);
  CHECK(plan_with(fn, refreshed.value, config, defaults).planned == refreshed.value);

  // New default_tags plan an update of tags_all alone, and the update applies them.
  resources::ProviderDefaults changed{{{"team", "platform"}}, "eps-default"};
  resources::Platform platform2(env.client_config(), changed);
  auto update_plan = plan_with(fn, refreshed.value, config, changed);
  CHECK(update_plan.planned.attribute("tags") == refreshed.value.attribute("tags"));
  CHECK(update_plan.planned.attribute("tags_all") != refreshed.value.attribute("tags_all"));
  CHECK(update_plan.requires_replace.empty());
  auto updated = fn.update(platform2, refreshed.value, update_plan.planned);
  REQUIRE(updated.ok());
  CHECK(live_tags(env, urn) ==
        std::map<std::string, std::string>{{"env", "prod"}, {"team", "platform"}});
  auto again = fn.read(platform2, updated.value);
  REQUIRE(again.ok());
  CHECK(plan_with(fn, again.value, config, changed).planned == again.value);

  // Tags set elsewhere are drift in tags; an import sees default-only tags in tags_all alone.
  auto imported = fn.import(platform2, urn);
  REQUIRE(imported.ok());
  auto read_import = fn.read(platform2, imported.value);
  REQUIRE(read_import.ok());
  CHECK(read_import.value.attribute("tags") ==
        Value::map(value::Type::string(), {{"env", Value::string("prod")}}));
  CHECK(read_import.value.attribute("tags_all").length() == 2);
}
