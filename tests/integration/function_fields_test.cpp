// What function answers contain and which bodies the service takes, request by request as a
// third-party client sends them: optional objects left out until set, SDK-shaped config bodies,
// code updates that only change dependencies, code digests, and both mount-user spellings.
#include <catch2/catch.hpp>

#include "cloud/crypto.h"
#include "fixture.h"

using namespace fgform;
using cloud::Json;
using fgform::testing::EmulatorFixture;

namespace {

std::string fg_path(EmulatorFixture& env, const std::string& suffix) {
  return "/v2/" + env.emulator().project_id() + "/fgs" + suffix;
}

Json call(EmulatorFixture& env, const std::string& method, const std::string& path,
          const Json& body, int expected = 200) {
  auto r = env.raw(method, path, body.is_null() ? "" : body.dump());
  INFO(method << " " << path << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == expected);
  return r.body.empty() ? Json() : Json::parse(r.body);
}

// An ordinary inline Python function created with the raw create request; returns its URN.
std::string create_plain(EmulatorFixture& env, const std::string& name) {
  Json created = call(env, "POST", fg_path(env, "/functions"), testing::function_body(name));
  return created["func_urn"];
}

std::string decoded(const std::string& base64) {
  std::string out;
  REQUIRE(cloud::base64_decode(base64, out));
  return out;
}

// The body a client built on the SDK's UpdateFunctionConfig model sends for a code function.
Json sdk_config_body(const std::string& name) {
  return Json{{"func_name", name},
              {"runtime", "Python3.9"},
              {"handler", "index.handler"},
              {"memory_size", 256},
              {"timeout", 30}};
}

}  // namespace

TEST_CASE("an ordinary function's config and list leave out optional objects that are not set") {
  EmulatorFixture env;
  const std::string urn = create_plain(env, "plain");
  const Json cfg = call(env, "GET", fg_path(env, "/functions/" + urn + "/config"), nullptr);
  Json listed = call(env, "GET", fg_path(env, "/functions"), nullptr)["functions"];
  REQUIRE(listed.size() == 1);
  for (const Json* answer : {&cfg, static_cast<const Json*>(&listed[0])}) {
    for (const char* field :
         {"custom_image", "network_controller", "mount_config", "func_vpc", "lts_custom_tag"}) {
      INFO(field);
      CHECK_FALSE(answer->contains(field));
    }
    CHECK((*answer)["strategy_config"]["concurrency"] == 400);  // always there
  }

  // Once set, an object is answered as set.
  Json body = sdk_config_body("plain");
  body["network_controller"] = {{"disable_public_network", true},
                                {"trigger_access_vpcs", Json::array()}};
  body["lts_custom_tag"] = {{"team", "a"}};
  call(env, "PUT", fg_path(env, "/functions/" + urn + "/config"), body);
  const Json after = call(env, "GET", fg_path(env, "/functions/" + urn + "/config"), nullptr);
  CHECK(after["network_controller"]["disable_public_network"] == true);
  CHECK(after["lts_custom_tag"]["team"] == "a");
  CHECK_FALSE(after.contains("custom_image"));
}

TEST_CASE("a config PUT with an empty or disabled custom_image, or without package, is accepted") {
  EmulatorFixture env;
  const std::string urn = create_plain(env, "sdk");
  const std::string config = fg_path(env, "/functions/" + urn + "/config");

  Json body = sdk_config_body("sdk");  // no "package": the service keeps the function's app
  body["custom_image"] = Json::object();
  Json answer = call(env, "PUT", config, body);
  CHECK(answer["memory_size"] == 256);
  CHECK(answer["package"] == "default");
  CHECK_FALSE(answer.contains("custom_image"));

  body["custom_image"] = {{"enabled", false},  {"image", ""}, {"command", ""}, {"args", ""},
                          {"working_dir", ""}, {"uid", ""},   {"gid", ""}};
  answer = call(env, "PUT", config, body);
  CHECK_FALSE(answer.contains("custom_image"));
  CHECK_FALSE(call(env, "GET", config, nullptr).contains("custom_image"));

  // An image that is enabled must still name an SWR image.
  body["custom_image"] = {{"enabled", true}, {"image", "docker.io/x:1"}};
  CHECK(env.raw("PUT", config, body.dump()).status == 400);
}

TEST_CASE("a code PUT that only changes dependencies and names the code by SHA-1 is accepted") {
  EmulatorFixture env;
  Json dep = call(env, "POST", fg_path(env, "/dependencies/version"),
                  {{"name", "libs"},
                   {"runtime", "Python3.9"},
                   {"depend_type", "obs"},
                   {"depend_link", "https://bucket.obs.cn-north-4.myhuaweicloud.com/libs.zip"}});
  Json body = testing::function_body("zipped");
  body["code_type"] = "zip";
  body["code_filename"] = "code.zip";
  body["func_code"] = {{"file", testing::kEmptyZip}};
  const std::string urn = call(env, "POST", fg_path(env, "/functions"), body)["func_urn"];
  const std::string code = fg_path(env, "/functions/" + urn + "/code");
  const Json before = call(env, "GET", code, nullptr);

  // Terraform's provider sends its state's SHA-1 of the code, the code type and an empty file
  // name and URL, together with the new dependency list.
  const std::string sha1 = cloud::sha1_hex(decoded(testing::kEmptyZip));
  Json update{{"code_type", "zip"},
              {"code_url", ""},
              {"code_filename", ""},
              {"depend_version_list", Json::array({dep["id"]})},
              {"func_code", {{"file", sha1}}}};
  const Json answer = call(env, "PUT", code, update);
  CHECK(answer["digest"] == before["digest"]);
  CHECK(answer["code_size"] == before["code_size"]);
  CHECK(answer["code_filename"] == "code.zip");
  CHECK(answer["depend_version_list"] == Json::array({dep["id"]}));
  REQUIRE(answer["dependencies"].size() == 1);
  CHECK(answer["dependencies"][0]["name"] == "libs");
  CHECK(decoded(call(env, "GET", code, nullptr)["func_code"]["file"]) ==
        decoded(testing::kEmptyZip));

  // A digest that is not the deployed code's is read as code, and is no ZIP.
  update["func_code"]["file"] = std::string(40, 'a');
  auto wrong = env.raw("PUT", code, update.dump());
  CHECK(wrong.status == 400);
  CHECK(Json::parse(wrong.body)["error_code"] == "FSS.1011");
}

TEST_CASE("zip, jar and obs code round-trip digest and code_size as the service computes them") {
  EmulatorFixture env;
  const std::string urn = create_plain(env, "digests");
  const std::string code = fg_path(env, "/functions/" + urn + "/code");
  const std::string config = fg_path(env, "/functions/" + urn + "/config");

  for (const char* type : {"zip", "jar"}) {
    INFO(type);
    // A ZIP archive holding nothing but a comment, so the bytes differ from the fixture's.
    const std::string archive =
        std::string("PK\x05\x06", 4) + std::string(16, '\0') + std::string("\x03\x00", 2) + type;
    Json answer = call(env, "PUT", code,
                       {{"code_type", type},
                        {"code_filename", std::string("app.") + type},
                        {"func_code", {{"file", cloud::base64_encode(archive)}}}});
    CHECK(answer["code_size"] == archive.size());
    CHECK(answer["digest"] == cloud::sha512_hex(archive));
    CHECK(answer["digest"].get<std::string>().size() == 128);
    for (const Json& read : {call(env, "GET", code, nullptr), call(env, "GET", config, nullptr)}) {
      CHECK(read["code_size"] == answer["code_size"]);
      CHECK(read["digest"] == answer["digest"]);
      CHECK(read["code_type"] == type);
    }
  }

  const std::string url = "https://bucket.obs.cn-north-4.myhuaweicloud.com/app.zip";
  Json obs = call(env, "PUT", code, {{"code_type", "obs"}, {"code_url", url}});
  CHECK(obs["code_url"] == url);
  CHECK(obs["digest"].get<std::string>().size() == 128);
  const Json read = call(env, "GET", config, nullptr);
  CHECK(read["digest"] == obs["digest"]);
  CHECK(read["code_size"] == obs["code_size"]);
  Json moved = call(env, "PUT", code, {{"code_type", "obs"}, {"code_url", url + "?v=2"}});
  CHECK(moved["digest"] != obs["digest"]);
}

TEST_CASE("mount_user takes both documented spellings and answers user_id/user_group_id") {
  EmulatorFixture env;
  const std::string urn = create_plain(env, "mounts");
  const std::string config = fg_path(env, "/functions/" + urn + "/config");

  Json body = sdk_config_body("mounts");
  body["mount_config"] = {{"mount_user", {{"user_id", 1001}, {"user_group_id", 1002}}}};
  Json answer = call(env, "PUT", config, body);
  CHECK(answer["mount_config"]["mount_user"] == Json{{"user_id", 1001}, {"user_group_id", 1002}});

  body["mount_config"] = {{"mount_user", {{"mount_user_id", 1003}, {"mount_user_group_id", 1004}}}};
  answer = call(env, "PUT", config, body);
  CHECK(answer["mount_config"]["mount_user"] == Json{{"user_id", 1003}, {"user_group_id", 1004}});
  const Json read = call(env, "GET", config, nullptr);
  CHECK(read["mount_config"]["mount_user"] == Json{{"user_id", 1003}, {"user_group_id", 1004}});
  CHECK(read["mount_config"]["func_mounts"] == Json::array());

  body["mount_config"] = {{"mount_user", {{"user_id", 1005}, {"mount_user_id", 1006}}}};
  CHECK(env.raw("PUT", config, body.dump()).status == 400);

  // Back to the defaults: the service keeps no mount configuration.
  body["mount_config"] = {{"mount_user", {{"user_id", -1}, {"user_group_id", -1}}},
                          {"func_mounts", Json::array()}};
  CHECK_FALSE(call(env, "PUT", config, body).contains("mount_config"));
}

TEST_CASE("an image's user takes uid/gid or user_id/user_group_id and answers uid/gid") {
  EmulatorFixture env;
  Json create{{"func_name", "image"},
              {"package", "default"},
              {"runtime", "Custom Image"},
              {"handler", "-"},
              {"memory_size", 128},
              {"timeout", 30},
              {"code_type", "Custom-Image-Swr"},
              {"custom_image",
               {{"enabled", true},
                {"image", "swr.cn-north-4.myhuaweicloud.com/team/app:1"},
                {"user_id", "1001"},
                {"user_group_id", "1002"}}}};
  Json created = call(env, "POST", fg_path(env, "/functions"), create);
  CHECK(created["custom_image"]["uid"] == "1001");
  CHECK(created["custom_image"]["gid"] == "1002");
  CHECK_FALSE(created["custom_image"].contains("user_id"));
  const std::string config =
      fg_path(env, "/functions/" + created["func_urn"].get<std::string>() + "/config");
  Json body{{"runtime", "Custom Image"}, {"handler", "-"}, {"memory_size", 128}, {"timeout", 30}};
  body["custom_image"] = {
      {"enabled", true}, {"image", "swr.cn-north-4.myhuaweicloud.com/team/app:1"}, {"uid", "1003"}};
  Json answer = call(env, "PUT", config, body);
  CHECK(answer["custom_image"]["uid"] == "1003");
  CHECK_FALSE(answer["custom_image"].contains("gid"));
  body["custom_image"]["user_id"] = "1004";
  CHECK(env.raw("PUT", config, body.dump()).status == 400);
  body["custom_image"].erase("user_id");
  body["custom_image"]["uid"] = "root";
  CHECK(env.raw("PUT", config, body.dump()).status == 400);
}

TEST_CASE("lts-log-detail names the function's log group and stream") {
  EmulatorFixture env;
  const std::string urn = create_plain(env, "logs");
  const std::string detail = fg_path(env, "/functions/" + urn + "/lts-log-detail");
  const Json config = call(env, "GET", fg_path(env, "/functions/" + urn + "/config"), nullptr);
  Json log = call(env, "GET", detail, nullptr);
  CHECK(log["group_id"] == config["log_group_id"]);
  CHECK(log["stream_id"] == config["log_stream_id"]);
  CHECK(log["group_name"].get<std::string>().rfind("functiongraph.log.group.", 0) == 0);
  CHECK(log["stream_name"].get<std::string>().rfind("logs-", 0) == 0);

  Json body = sdk_config_body("logs");
  body["log_config"] = {{"group_id", "g-2"}, {"group_name", "team"}, {"stream_id", "s-2"}};
  call(env, "PUT", fg_path(env, "/functions/" + urn + "/config"), body);
  log = call(env, "GET", detail, nullptr);
  CHECK(
      log ==
      Json{{"group_id", "g-2"}, {"group_name", "team"}, {"stream_id", "s-2"}, {"stream_name", ""}});
  // The same IDs again keep the names.
  body["log_config"] = {{"group_id", "g-2"}, {"stream_id", "s-2"}};
  call(env, "PUT", fg_path(env, "/functions/" + urn + "/config"), body);
  CHECK(call(env, "GET", detail, nullptr)["group_name"] == "team");
  CHECK(env.raw("GET", fg_path(env, "/functions/" + urn + "x/lts-log-detail"), "").status == 404);
  std::string missing = urn;
  missing.replace(missing.find(":logs:"), 6, ":nope:");
  CHECK(env.raw("GET", fg_path(env, "/functions/" + missing + "/lts-log-detail"), "").status ==
        404);
}
