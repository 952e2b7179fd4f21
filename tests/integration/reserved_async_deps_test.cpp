// Reserved-instance policies, async invocation settings, dependencies.
#include <catch2/catch.hpp>

#include <regex>

#include "cloud/crypto.h"
#include "fixture.h"

using namespace fgform;
using cloud::ErrorKind;
using cloud::Json;
using fgform::testing::EmulatorFixture;

TEST_CASE("reserved instances per qualifier, listed for all qualifiers across pages") {
  EmulatorFixture env;
  const std::string urn = env.create_function("ri")["func_urn"];
  auto fn = *cloud::FunctionUrn::parse(urn);
  REQUIRE(env.fg().publish_version(urn, "v1", "").ok());
  REQUIRE(env.fg().create_alias(urn, {{"name", "prod"}, {"version", "v1"}}).ok());

  Json policy{{"count", 2},
              {"idle_mode", true},
              {"tactics_config",
               {{"cron_configs", Json::array({{{"name", "peak"},
                                               {"cron", "0 */10 * * * ?"},
                                               {"count", 3},
                                               {"start_time", 1740560074},
                                               {"expired_time", 1771000000}}})}}}};
  auto put = env.fg().put_reserved_instances(fn.with_qualifier("!prod"), policy);
  REQUIRE(put.ok());
  CHECK((*put)["count"] == 2);
  REQUIRE(env.fg().put_reserved_instances(fn.with_qualifier("latest"), {{"count", 1}}).ok());
  REQUIRE(env.fg()
              .put_reserved_instances(fn.with_qualifier("v1"), {{"count", 1}, {"idle_mode", false}})
              .ok());

  // Any URN form lists the rows of every qualifier (latest, versions, aliases); pages of 2 need
  // 2 calls plus none past the end.
  auto rows = env.fg().list_reserved_instance_configs(urn, 2);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[0]["qualifier_name"] == "latest");
  CHECK((*rows)[1]["qualifier_name"] == "v1");
  CHECK((*rows)[2]["qualifier_type"] == "alias");
  CHECK((*rows)[2]["qualifier_name"] == "prod");
  CHECK((*rows)[2]["min_count"] == 2);
  CHECK((*rows)[2]["tactics_config"]["cron_configs"][0]["name"] == "peak");

  // Released instances leave the qualifier's row in place with a count of 0.
  REQUIRE(env.fg()
              .put_reserved_instances(fn.with_qualifier("v1"), {{"count", 0}, {"idle_mode", false}})
              .ok());
  rows = env.fg().list_reserved_instance_configs(fn.unqualified());
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[1]["min_count"] == 0);

  auto bad_cron = policy;
  bad_cron["tactics_config"]["cron_configs"][0]["cron"] = "every day";
  CHECK(env.fg().put_reserved_instances(fn.with_qualifier("!prod"), bad_cron).error().kind ==
        ErrorKind::kValidation);
  CHECK(
      env.fg().put_reserved_instances(fn.with_qualifier("!prod"), {{"count", 1001}}).error().kind ==
      ErrorKind::kValidation);
  CHECK(env.fg()
            .put_reserved_instances(fn.with_qualifier("!nope"), {{"count", 1}})
            .error()
            .error_code == "FSS.1053");
}

TEST_CASE("async invocation config: zero retries kept, destinations checked, delete then 404") {
  EmulatorFixture env;
  const std::string urn = env.create_function("async")["func_urn"];
  Json cfg{{"max_async_event_age_in_seconds", 3600},
           {"max_async_retry_attempts", 0},
           {"enable_async_status_log", true},
           {"destination_config",
            {{"on_success",
              {{"destination", "OBS"}, {"param", R"({"bucket":"b","prefix":"ok/","expires":0})"}}},
             {"on_failure",
              {{"destination", "FunctionGraph"}, {"param", R"({"func_urn":"urn:fss:x"})"}}}}}};
  REQUIRE(env.fg().put_async_invoke_config(urn, cfg).ok());
  auto read = env.fg().get_async_invoke_config(urn);
  REQUIRE(read.ok());
  CHECK((*read)["max_async_retry_attempts"] == 0);
  CHECK((*read)["destination_config"]["on_failure"]["destination"] == "FunctionGraph");

  Json bad = cfg;
  bad["destination_config"]["on_success"]["param"] = R"({"prefix":"x"})";
  CHECK(env.fg().put_async_invoke_config(urn, bad).error().error_msg.find("bucket") !=
        std::string::npos);
  bad = cfg;
  bad["max_async_retry_attempts"] = 4;
  CHECK(env.fg().put_async_invoke_config(urn, bad).error().kind == ErrorKind::kValidation);

  REQUIRE(env.fg().delete_async_invoke_config(urn).ok());
  CHECK(env.fg().get_async_invoke_config(urn).error().kind == ErrorKind::kNotFound);
}

TEST_CASE("dependency versions count from 1, rewrite the link, and cannot be deleted while used") {
  EmulatorFixture env;
  Json body{{"name", "kafka-lib"},
            {"runtime", "Python3.9"},
            {"depend_type", "obs"},
            {"depend_link", "https://bucket.obs.cn-north-4.myhuaweicloud.com/kafka.zip"},
            {"description", "kafka"}};
  auto v1 = env.fg().create_dependency_version(body);
  REQUIRE(v1.ok());
  CHECK((*v1)["version"] == 1);
  CHECK((*v1)["link"] != body["depend_link"]);
  auto v2 = env.fg().create_dependency_version(body);
  REQUIRE(v2.ok());
  CHECK((*v2)["version"] == 2);
  CHECK((*v2)["dep_id"] == (*v1)["dep_id"]);

  const std::string dep_id = (*v1)["dep_id"];
  auto read = env.fg().get_dependency_version(dep_id, 2);
  REQUIRE(read.ok());
  CHECK((*read)["id"] == (*v2)["id"]);
  CHECK(env.fg().list_dependency_versions(dep_id)->size() == 2);
  CHECK(env.fg().list_dependencies("kafka-lib")->size() == 2);

  const std::string urn = env.create_function("uses")["func_urn"];
  REQUIRE(env.fg()
              .update_function_code(urn, {{"code_type", "inline"},
                                          {"depend_version_list", Json::array({(*v1)["id"]})}})
              .ok());
  auto in_use = env.fg().delete_dependency_version(dep_id, 1);
  REQUIRE_FALSE(in_use.ok());
  CHECK(in_use.error().http_status == 412);
  CHECK(in_use.error().error_code == "FSS.1033");

  auto wrong_runtime = body;
  wrong_runtime["runtime"] = "Node.js18.15";
  auto node_dep = env.fg().create_dependency_version(wrong_runtime);
  REQUIRE(node_dep.ok());
  CHECK(env.fg()
            .update_function_code(urn, {{"code_type", "inline"},
                                        {"depend_version_list", Json::array({(*node_dep)["id"]})}})
            .error()
            .error_msg.find("runtime") != std::string::npos);

  REQUIRE(env.fg().delete_dependency_version(dep_id, 2).ok());
  CHECK(env.fg().get_dependency_version(dep_id, 2).error().error_code == "FSS.1056");

  // The older single-object API addresses a version by its ID.
  auto old = env.fg().create_dependency({{"name", "legacy"},
                                         {"runtime", "Python3.9"},
                                         {"depend_type", "obs"},
                                         {"depend_link", "obs://bucket/legacy.zip"}});
  REQUIRE(old.ok());
  auto upd = env.fg().update_dependency(
      (*old)["id"], {{"name", "legacy"}, {"runtime", "Python3.9"}, {"description", "d"}});
  REQUIRE(upd.ok());
  CHECK((*env.fg().get_dependency((*old)["id"]))["description"] == "d");
  REQUIRE(env.fg().delete_dependency((*old)["id"]).ok());
  CHECK(env.fg().get_dependency((*old)["id"]).error().kind == ErrorKind::kNotFound);
}

TEST_CASE("the reserved-instance list has a row per qualifier and ends with an empty page") {
  EmulatorFixture env;
  const std::string urn = env.create_function("rows")["func_urn"];
  auto fn = *cloud::FunctionUrn::parse(urn);
  REQUIRE(env.fg().publish_version(urn, "v1", "").ok());
  REQUIRE(env.fg().create_alias(urn, {{"name", "prod"}, {"version", "v1"}}).ok());
  REQUIRE(env.fg().put_reserved_instances(fn.with_qualifier("!prod"), {{"count", 2}}).ok());

  // Exactly the request Terraform's provider sends: the :latest URN, limit 100, marker 0.
  const std::string list = "/v2/" + env.emulator().project_id() +
                           "/fgs/functions/reservedinstanceconfigs?function_urn=" + urn;
  auto first = env.raw("GET", list + "&limit=100&marker=0", "");
  REQUIRE(first.status == 200);
  const Json page = Json::parse(first.body);
  REQUIRE(page["reserved_instances"].size() == 3);
  CHECK(page["count"] == 3);
  CHECK(page["page_info"]["next_marker"] == 3);
  const Json& latest = page["reserved_instances"][0];
  CHECK(latest["function_urn"] == urn);
  CHECK(latest["qualifier_type"] == "version");
  CHECK(latest["qualifier_name"] == "latest");
  CHECK(latest["min_count"] == 0);
  CHECK(latest["idle_mode"] == false);
  CHECK(page["reserved_instances"][1]["qualifier_name"] == "v1");
  CHECK(page["reserved_instances"][1]["min_count"] == 0);
  CHECK(page["reserved_instances"][2]["qualifier_name"] == "prod");
  CHECK(page["reserved_instances"][2]["min_count"] == 2);

  auto past = Json::parse(env.raw("GET", list + "&limit=100&marker=3", "").body);
  CHECK(past["reserved_instances"] == Json::array());
  CHECK(past["count"] == 3);
  CHECK(past["page_info"]["current_count"] == 0);
}

TEST_CASE("dependency IDs are UUIDs, versions count from 1, etags are the package's MD5") {
  EmulatorFixture env;
  const std::string zip(testing::kEmptyZip);
  Json body{{"name", "zipped-lib"},
            {"runtime", "Python3.9"},
            {"depend_type", "zip"},
            {"depend_file", zip}};
  const std::string path = "/v2/" + env.emulator().project_id() + "/fgs/dependencies/version";
  auto first = env.raw("POST", path, body.dump());
  REQUIRE(first.status == 200);
  const Json v1 = Json::parse(first.body);
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  CHECK(std::regex_match(v1["id"].get<std::string>(), uuid));
  CHECK(std::regex_match(v1["dep_id"].get<std::string>(), uuid));
  CHECK(v1["version"] == 1);
  std::string bytes;
  REQUIRE(cloud::base64_decode(zip, bytes));
  CHECK(v1["etag"] == cloud::md5_hex(bytes));
  CHECK(v1["size"] == bytes.size());
  const Json v2 = Json::parse(env.raw("POST", path, body.dump()).body);
  CHECK(v2["version"] == 2);
  CHECK(v2["dep_id"] == v1["dep_id"]);
  CHECK(v2["id"] != v1["id"]);
}
