// Functions through the typed client against a live emulator.
#include <catch2/catch.hpp>

#include "fixture.h"

using namespace fgform;
using cloud::ErrorKind;
using cloud::Json;
using fgform::testing::EmulatorFixture;

TEST_CASE(
    "project ID is discovered through IAM and the function is created with platform defaults") {
  EmulatorFixture env;
  auto pid = env.client().project_id();
  REQUIRE(pid.ok());
  CHECK(*pid == env.emulator().project_id());

  Json created = env.create_function("hello");
  const std::string urn = created["func_urn"];
  CHECK(urn == "urn:fss:cn-north-4:" + *pid + ":function:default:hello:latest");
  CHECK(created["version"] == "latest");

  auto cfg = env.fg().get_function_config(urn);
  REQUIRE(cfg.ok());
  CHECK((*cfg)["memory_size"] == 128);
  CHECK((*cfg)["strategy_config"]["concurrency"] == 400);
  CHECK_FALSE(cfg->contains("mount_config"));  // left out until mounts or a user are set
  CHECK((*cfg)["enable_lts_log"] == true);
  CHECK((*cfg)["code_filename"] == "index.py");
  CHECK_FALSE(cfg->contains("func_vpc"));  // left out until VPC access is configured
  CHECK_FALSE(cfg->contains("_code"));     // internal fields never leak

  // Unqualified URN reaches the same function.
  auto unq = env.fg().get_function_config(cloud::FunctionUrn::parse(urn)->unqualified());
  REQUIRE(unq.ok());
  CHECK((*unq)["func_id"] == (*cfg)["func_id"]);
}

TEST_CASE("create refuses duplicates and invalid values with attribute-naming messages") {
  EmulatorFixture env;
  env.create_function("dup");
  auto again = env.fg().create_function({{"func_name", "dup"},
                                         {"runtime", "Python3.9"},
                                         {"handler", "i.h"},
                                         {"memory_size", 128},
                                         {"timeout", 3},
                                         {"code_type", "inline"},
                                         {"func_code", {{"file", testing::kInlineCode}}}});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == ErrorKind::kConflict);
  CHECK(again.error().error_code == "FSS.1061");

  Json base{{"func_name", "ok"},
            {"runtime", "Python3.9"},
            {"handler", "index.handler"},
            {"memory_size", 128},
            {"timeout", 3},
            {"code_type", "inline"},
            {"func_code", {{"file", testing::kInlineCode}}}};
  struct Case {
    const char* field;
    Json value;
    const char* expect;
  };
  for (const Case& c :
       {Case{"memory_size", 130, "128, 256, 512"}, Case{"memory_size", "128", "must be an integer"},
        Case{"timeout", 2, "timeout must be from 3 to 259200"},
        Case{"runtime", "Python9", "is not supported"}, Case{"func_name", "9lives", "func_name"},
        Case{"code_type", "tar", "code_type"}, Case{"user_data", "{not json", "user_data"},
        Case{"mystery_field", 1, "unknown field"},
        Case{"func_code", Json{{"file", "***"}}, "base64"}}) {
    Json body = base;
    body[c.field] = c.value;
    auto r = env.fg().create_function(body);
    INFO(c.field);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kValidation);
    CHECK(r.error().http_status == 400);
    CHECK(r.error().error_msg.find(c.expect) != std::string::npos);
  }
  Json zip = base;
  zip["code_type"] = "zip";
  auto bad_zip = env.fg().create_function(zip);
  REQUIRE_FALSE(bad_zip.ok());
  CHECK(bad_zip.error().error_code == "FSS.1011");
}

TEST_CASE("configuration updates in place and secrets come back as names only") {
  EmulatorFixture env;
  const std::string urn = env.create_function("cfg")["func_urn"];
  auto updated =
      env.fg().update_function_config(urn, {{"runtime", "Python3.9"},
                                            {"handler", "index.handler"},
                                            {"memory_size", 512},
                                            {"timeout", 60},
                                            {"description", "tuned"},
                                            {"user_data", R"({"ENV":"prod"})"},
                                            {"encrypted_user_data", R"({"password":"hunter2"})"},
                                            {"initializer_handler", "index.init"},
                                            {"initializer_timeout", 10},
                                            {"strategy_config", {{"concurrent_num", 5}}}});
  REQUIRE(updated.ok());
  auto cfg = env.fg().get_function_config(urn);
  REQUIRE(cfg.ok());
  CHECK((*cfg)["memory_size"] == 512);
  CHECK((*cfg)["description"] == "tuned");
  CHECK((*cfg)["user_data"] == R"({"ENV":"prod"})");
  CHECK((*cfg)["encrypted_user_data"] == R"({"password":""})");
  CHECK((*cfg)["strategy_config"]["concurrent_num"] == 5);
  CHECK(cfg->dump().find("hunter2") == std::string::npos);

  auto runtime_change = env.fg().update_function_config(urn, {{"runtime", "Node.js18.15"},
                                                              {"memory_size", 128},
                                                              {"timeout", 3},
                                                              {"handler", "index.handler"}});
  REQUIRE_FALSE(runtime_change.ok());
  CHECK(runtime_change.error().error_msg.find("runtime cannot be changed") != std::string::npos);

  auto max = env.fg().update_max_instances(urn, 300);
  REQUIRE(max.ok());
  CHECK((*max)["strategy_config"]["concurrency"] == 300);
  CHECK_FALSE(env.fg().update_max_instances(urn, 1001).ok());
}

TEST_CASE("code is replaced through the code API and tracked by digest") {
  EmulatorFixture env;
  const std::string urn = env.create_function("code")["func_urn"];
  auto before = env.fg().get_function_code(urn);
  REQUIRE(before.ok());
  CHECK((*before)["func_code"]["file"] == testing::kInlineCode);
  auto after = env.fg().update_function_code(urn, {{"code_type", "zip"},
                                                   {"code_filename", "index.zip"},
                                                   {"func_code", {{"file", testing::kEmptyZip}}},
                                                   {"depend_version_list", Json::array()}});
  REQUIRE(after.ok());
  CHECK((*after)["code_type"] == "zip");
  CHECK((*after)["digest"] != (*before)["digest"]);
  auto obs = env.fg().update_function_code(urn, {{"code_type", "obs"}, {"code_url", "ftp://x"}});
  REQUIRE_FALSE(obs.ok());
  CHECK(obs.error().error_msg.find("code_url") != std::string::npos);
}

TEST_CASE("listing pages with marker and maxitems across more than one page") {
  EmulatorFixture env;
  for (int i = 0; i < 5; ++i) env.create_function("f" + std::to_string(i));
  auto first = env.fg().list_functions(0, 2);
  REQUIRE(first.ok());
  CHECK(first->items.size() == 2);
  CHECK(first->next_marker == 2);
  CHECK(first->count == 5);
  auto last = env.fg().list_functions(4, 2);
  REQUIRE(last.ok());
  CHECK(last->items.size() == 1);
  auto past = env.fg().list_functions(10, 2);
  REQUIRE(past.ok());
  CHECK(past->items.empty());
  auto all = env.fg().list_all_functions(2);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 5);
  CHECK((*all)[4]["func_name"] == "f4");
  CHECK(env.stats()["routes"]["GET /v2/{project_id}/fgs/functions"] == 3 + 3);
}

TEST_CASE(
    "delete removes the function with its versions, aliases and triggers, then reads are not "
    "found") {
  EmulatorFixture env;
  const std::string urn = env.create_function("gone")["func_urn"];
  REQUIRE(env.fg().publish_version(urn, "v1", "").ok());
  REQUIRE(env.fg().create_alias(urn, {{"name", "prod"}, {"version", "v1"}}).ok());
  REQUIRE(env.fg().delete_function(cloud::FunctionUrn::parse(urn)->unqualified()).ok());
  auto cfg = env.fg().get_function_config(urn);
  REQUIRE_FALSE(cfg.ok());
  CHECK(cfg.error().kind == ErrorKind::kNotFound);
  CHECK(cfg.error().error_code == "FSS.1051");
  CHECK_FALSE(cfg.error().request_id.empty());
  // Re-created under the same name, nothing of the old one remains.
  const std::string again = env.create_function("gone")["func_urn"];
  auto versions = env.fg().list_versions(again);
  REQUIRE(versions.ok());
  CHECK(versions->size() == 1);
  CHECK(env.fg().list_aliases(again)->empty());
  CHECK(env.fg().delete_function(urn + "x").error().kind == ErrorKind::kNotFound);
}

TEST_CASE("tags: create and delete answer 204, and are read back") {
  EmulatorFixture env;
  const std::string urn = env.create_function("tagged")["func_urn"];
  REQUIRE(env.fg()
              .create_tags(urn, Json::array({{{"key", "team"}, {"value", "a"}},
                                             {{"key", "env"}, {"value", "x"}}}))
              .ok());
  auto tags = env.fg().get_tags(urn);
  REQUIRE(tags.ok());
  CHECK((*tags)["tags"].size() == 2);
  CHECK((*tags)["sys_tags"][0]["key"] == "_sys_enterprise_project_id");
  REQUIRE(env.fg().delete_tags(urn, Json::array({{{"key", "env"}, {"value", "x"}}})).ok());
  CHECK((*env.fg().get_tags(urn))["tags"].size() == 1);
  auto bad = env.fg().create_tags(urn, Json::array({{{"key", "_sys_x"}, {"value", "1"}}}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().error_msg.find("_sys_") != std::string::npos);
}

TEST_CASE("VPC access and mounts need an agency, an existing subnet, and keep mount order") {
  EmulatorFixture env;
  const std::string urn = env.create_function("net")["func_urn"];
  auto vpc = env.vpc().create_vpc({{"name", "vpc-a"}, {"cidr", "192.168.0.0/16"}});
  REQUIRE(vpc.ok());
  auto subnet = env.vpc().create_subnet({{"name", "subnet-a"},
                                         {"cidr", "192.168.0.0/24"},
                                         {"gateway_ip", "192.168.0.1"},
                                         {"vpc_id", (*vpc)["id"]}});
  REQUIRE(subnet.ok());
  Json body{{"runtime", "Python3.9"},
            {"handler", "index.handler"},
            {"memory_size", 128},
            {"timeout", 3},
            {"func_vpc", {{"vpc_id", (*vpc)["id"]}, {"subnet_id", (*subnet)["id"]}}}};
  auto no_agency = env.fg().update_function_config(urn, body);
  REQUIRE_FALSE(no_agency.ok());
  CHECK(no_agency.error().error_msg.find("agency") != std::string::npos);

  body["xrole"] = "fgs-vpc";
  body["mount_config"] = {{"mount_user", {{"mount_user_id", 1001}, {"mount_user_group_id", 1001}}},
                          {"func_mounts", Json::array({{{"mount_type", "sfsTurbo"},
                                                        {"mount_resource", "t2"},
                                                        {"mount_share_path", "192.168.0.12:/b"},
                                                        {"local_mount_path", "/mnt/b"}},
                                                       {{"mount_type", "ecs"},
                                                        {"mount_resource", "t1"},
                                                        {"mount_share_path", "192.168.0.13:/a"},
                                                        {"local_mount_path", "/mnt/a"}}})}};
  REQUIRE(env.fg().update_function_config(urn, body).ok());
  auto cfg = env.fg().get_function_config(urn);
  REQUIRE(cfg.ok());
  CHECK((*cfg)["func_vpc"]["subnet_name"] == "subnet-a");
  CHECK((*cfg)["mount_config"]["mount_user"]["user_id"] == 1001);
  CHECK((*cfg)["mount_config"]["func_mounts"][0]["local_mount_path"] == "/mnt/b");
  CHECK((*cfg)["mount_config"]["func_mounts"][1]["status"] == "ACTIVE");

  auto busy = env.vpc().delete_subnet((*vpc)["id"], (*subnet)["id"]);
  REQUIRE_FALSE(busy.ok());
  CHECK(busy.error().kind == ErrorKind::kConflict);

  body["mount_config"]["mount_user"] = {{"user_id", 0}};
  auto bad_user = env.fg().update_function_config(urn, body);
  REQUIRE_FALSE(bad_user.ok());
  CHECK(bad_user.error().error_code == "FSS.1075");
}

TEST_CASE("the tag listing filters by tags and name, pages, counts, and refuses bad bodies") {
  EmulatorFixture env;
  for (const char* name : {"alpha", "beta", "gamma"}) {
    const std::string urn = env.create_function(name)["func_urn"];
    Json tags =
        Json::array({{{"key", "team"}, {"value", std::string(name) == "gamma" ? "b" : "a"}}});
    REQUIRE(env.fg().create_tags(urn, tags).ok());
  }
  const std::string path =
      "/v2/" + env.emulator().project_id() + "/functions/resource-instances/filter";
  auto post = [&](const Json& body) {
    auto r = env.raw("POST", path, body.dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
    return Json::parse(r.body);
  };
  auto names = [](const Json& answer) {
    std::vector<std::string> out;
    for (const auto& r : answer["resources"]) out.push_back(r["resource_name"]);
    return out;
  };
  // Unfiltered, paged.
  auto page1 = post({{"action", "filter"}, {"limit", 2}, {"offset", 0}});
  CHECK(page1["total_count"] == 3);
  CHECK(names(page1) == std::vector<std::string>{"alpha", "beta"});
  CHECK(names(post({{"action", "filter"}, {"limit", 2}, {"offset", 2}})) ==
        std::vector<std::string>{"gamma"});
  CHECK(page1["resources"][0]["tags"] == Json::array({{{"key", "team"}, {"value", "a"}}}));
  CHECK(page1["resources"][0]["resource_id"].get<std::string>().ends_with(":alpha"));
  // By tag value, by any value of a key, by name; count.
  CHECK(names(post({{"action", "filter"},
                    {"tags", Json::array({{{"key", "team"}, {"values", {"b"}}}})}})) ==
        std::vector<std::string>{"gamma"});
  CHECK(names(post({{"action", "filter"},
                    {"tags", Json::array({{{"key", "team"}, {"values", Json::array()}}})}}))
            .size() == 3);
  CHECK(names(post({{"action", "filter"},
                    {"tags", Json::array({{{"key", "owner"}, {"values", Json::array()}}})}}))
            .empty());
  CHECK(names(post({{"action", "filter"},
                    {"matches", Json::array({{{"key", "resource_name"}, {"value", "ta"}}})}})) ==
        std::vector<std::string>{"beta"});
  CHECK(
      post({{"action", "count"}, {"tags", Json::array({{{"key", "team"}, {"values", {"a"}}}})}}) ==
      Json{{"total_count", 2}});
  // Bad bodies name what is wrong.
  for (const Json& bad :
       {Json{{"action", "list"}}, Json{{"action", "filter"}, {"limit", 0}},
        Json{{"action", "filter"}, {"colour", "red"}},
        Json{{"action", "filter"}, {"matches", Json::array({{{"key", "id"}, {"value", "x"}}})}}}) {
    auto r = env.raw("POST", path, bad.dump());
    INFO(bad.dump() << " -> " << r.body);
    CHECK(r.status == 400);
  }
}
