// Issue 13 item 5: the provider block's cloud, shared config file + profile, assume_role,
// enterprise_project_id and default_tags, from the block, the environment and the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

#include "cloud/endpoints.h"
#include "cloud/shared_config.h"
#include "resources/planner.h"
#include "resources/provider_config.h"
#include "resources/resource.h"
#include "schema/registry.h"

using namespace fgform;
using value::Type;
using value::Value;

namespace {

using Env = std::map<std::string, std::string>;

cloud::EnvironmentLookup lookup(const Env& env) {
  return [env](const char* name) -> std::optional<std::string> {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

const schema::Block& provider_block() {
  return schema::Registry::builtin().provider().block;
}

Value provider_config(const nlohmann::json& j) {
  auto d = value::from_json(j, provider_block().implied_type());
  REQUIRE(d.ok());
  return d.value;
}

// A scratch directory for shared config files, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("fgform-settings-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

const char* kKooCliFile = R"({
  "current": "work",
  "language": "en",
  "profiles": [
    {"name": "work", "mode": "AKSK", "accessKeyId": "FILEAK", "secretAccessKey": "file-secret-1",
     "securityToken": "", "region": "cn-south-1", "projectId": "file-project",
     "domainId": "file-domain", "skipSslVerification": false},
    {"name": "ops", "mode": "AKSK", "accessKeyId": "OPSAK", "secretAccessKey": "ops-secret-2",
     "region": "ap-southeast-1", "agencyName": "ops-agency", "agencyDomainName": "ops-account"},
    {"name": "sso", "mode": "SSO", "region": "cn-north-4"}
  ]
})";

std::string all_text(const value::Diagnostics& d) {
  std::string out;
  for (const auto& item : d.items()) out += item.summary + ": " + item.detail + "\n";
  return out;
}

}  // namespace

TEST_CASE("cloud: default endpoints are https://<service>.<region>.<cloud>") {
  using cloud::Endpoints;
  CHECK(Endpoints::defaults_for("cn-north-4", "example.cloud").functiongraph ==
        "https://functiongraph.cn-north-4.example.cloud");
  CHECK(Endpoints::defaults_for("cn-north-4").iam == "https://iam.cn-north-4.myhuaweicloud.com");
  CHECK(Endpoints::defaults_for("eu-west-101").vpc == "https://vpc.eu-west-101.myhuaweicloud.eu");
  CHECK(cloud::valid_cloud_domain("myhuaweicloud.com"));
  CHECK(cloud::valid_cloud_domain("hcso-1.example"));
  CHECK_FALSE(cloud::valid_cloud_domain("https://myhuaweicloud.com"));
  CHECK_FALSE(cloud::valid_cloud_domain("a..b"));
  CHECK_FALSE(cloud::valid_cloud_domain("example.com/"));
  CHECK_FALSE(cloud::valid_cloud_domain("-x.com"));
  CHECK_FALSE(cloud::valid_cloud_domain(""));

  const Env keys{{"HW_ACCESS_KEY", "AK"}, {"HW_SECRET_KEY", "SK"}, {"HW_REGION_NAME", "cn-east-3"}};
  Env with_cloud = keys;
  with_cloud["HW_CLOUD"] = "env.example";
  auto from_env = resources::provider_settings_from(provider_config({}), lookup(with_cloud));
  REQUIRE(from_env.ok());
  CHECK(from_env.value.client.cloud == "env.example");
  // The attribute wins over HW_CLOUD; the client builds the URL from it; endpoints still win.
  auto explicit_cloud = resources::provider_settings_from(
      provider_config({{"cloud", "attr.example"}, {"endpoints", {{"vpc", "http://127.0.0.1:1"}}}}),
      lookup(with_cloud));
  REQUIRE(explicit_cloud.ok());
  cloud::Client client(explicit_cloud.value.client);
  CHECK(client.endpoints().functiongraph == "https://functiongraph.cn-east-3.attr.example");
  CHECK(client.endpoints().vpc == "http://127.0.0.1:1");

  auto bad = resources::provider_settings_from(provider_config({{"cloud", "https://x.com/"}}),
                                               lookup(keys));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.diagnostics.items()[0].attribute->to_string() == "cloud");
  with_cloud["HW_CLOUD"] = "bad domain";
  auto bad_env = resources::provider_settings_from(provider_config({}), lookup(with_cloud));
  REQUIRE_FALSE(bad_env.ok());
  CHECK(bad_env.diagnostics.items()[0].detail.find("HW_CLOUD") != std::string::npos);
}

TEST_CASE("shared config: KooCLI's format, the current or a named profile, clear errors") {
  auto current = cloud::parse_shared_profile(kKooCliFile, "/f.json", "");
  REQUIRE(current.profile);
  CHECK(current.profile->name == "work");
  CHECK(current.profile->access_key == "FILEAK");
  CHECK(current.profile->secret_key == "file-secret-1");
  CHECK(current.profile->region == "cn-south-1");
  CHECK(current.profile->project_id == "file-project");
  CHECK(current.profile->domain_id == "file-domain");
  auto ops = cloud::parse_shared_profile(kKooCliFile, "/f.json", "ops");
  REQUIRE(ops.profile);
  CHECK(ops.profile->agency_name == "ops-agency");
  CHECK(ops.profile->agency_domain_name == "ops-account");

  auto missing = cloud::parse_shared_profile(kKooCliFile, "/f.json", "nope");
  CHECK_FALSE(missing.profile);
  CHECK(missing.error.find("/f.json") != std::string::npos);
  CHECK(missing.error.find("\"nope\"") != std::string::npos);
  CHECK(missing.error.find("\"work\"") != std::string::npos);  // what it does have
  CHECK(missing.error.find("secret") == std::string::npos);

  // A broken file: named, its content (with secrets) never repeated.
  auto broken =
      cloud::parse_shared_profile(R"({"profiles": [{"secretAccessKey": "leak-me")", "/b.json", "");
  CHECK(broken.error.find("/b.json") != std::string::npos);
  CHECK(broken.error.find("leak-me") == std::string::npos);
  CHECK_FALSE(cloud::parse_shared_profile(R"({"current": "x"})", "/c.json", "").error.empty());
  CHECK(cloud::parse_shared_profile(R"({"profiles": []})", "/d.json", "").error.find("profile") !=
        std::string::npos);

  const Env home{{"HOME", "/home/someone"}};
  CHECK(cloud::expand_home("~/.hcloud/config.json", lookup(home)) ==
        "/home/someone/.hcloud/config.json");
  CHECK(cloud::expand_home("/etc/x", lookup(home)) == "/etc/x");
  auto absent = cloud::load_shared_profile("/no/such/dir/config.json", "", false, lookup(home));
  CHECK(absent.error.empty());
  CHECK_FALSE(absent.profile);
  auto required = cloud::load_shared_profile("/no/such/dir/config.json", "", true, lookup(home));
  CHECK(required.error.find("/no/such/dir/config.json") != std::string::npos);
}

TEST_CASE("shared config: explicit attributes > environment > file, errors name file and profile") {
  TempDir dir;
  const std::string file = dir.write("config.json", kKooCliFile);

  // Only the file: everything from its current profile.
  auto only_file = resources::provider_settings_from(
      provider_config({{"shared_config_file", file}}), lookup({}));
  INFO(all_text(only_file.diagnostics));
  REQUIRE(only_file.ok());
  const auto& c = only_file.value.client.credentials;
  CHECK(c.access_key == "FILEAK");
  CHECK(c.secret_key == "file-secret-1");
  CHECK(c.region == "cn-south-1");
  CHECK(c.project_id == "file-project");
  CHECK_FALSE(only_file.value.client.assume_role);

  // The environment beats the file, the block beats both; keys go as a pair.
  const Env env{{"HW_SHARED_CONFIG_FILE", file},
                {"HW_REGION_NAME", "env-region"},
                {"HW_ACCESS_KEY", "ENVAK"},
                {"HW_SECRET_KEY", "env-secret"}};
  auto mixed = resources::provider_settings_from(provider_config({{"project_id", "attr-project"}}),
                                                 lookup(env));
  REQUIRE(mixed.ok());
  CHECK(mixed.value.client.credentials.access_key == "ENVAK");
  CHECK(mixed.value.client.credentials.secret_key == "env-secret");
  CHECK(mixed.value.client.credentials.region == "env-region");
  CHECK(mixed.value.client.credentials.project_id == "attr-project");
  CHECK(mixed.value.client.credentials.domain_id == "file-domain");

  // HW_PROFILE picks a profile; an agency in it is assumed.
  auto ops = resources::provider_settings_from(provider_config({{"shared_config_file", file}}),
                                               lookup({{"HW_PROFILE", "ops"}}));
  REQUIRE(ops.ok());
  CHECK(ops.value.client.credentials.access_key == "OPSAK");
  REQUIRE(ops.value.client.assume_role);
  CHECK(ops.value.client.assume_role->agency_name == "ops-agency");
  CHECK(ops.value.client.assume_role->domain_name == "ops-account");

  // A missing profile: the error names the file and the profile, at the attribute.
  auto no_profile = resources::provider_settings_from(
      provider_config({{"shared_config_file", file}, {"profile", "staging"}}), lookup({}));
  REQUIRE_FALSE(no_profile.ok());
  const auto& d = no_profile.diagnostics.items()[0];
  CHECK(d.summary == "Cannot use the shared config file");
  CHECK(d.detail.find(file) != std::string::npos);
  CHECK(d.detail.find("staging") != std::string::npos);
  CHECK(d.attribute->to_string() == "profile");
  CHECK(all_text(no_profile.diagnostics).find("file-secret-1") == std::string::npos);

  // A file the user named must exist; the default one need not.
  auto gone = resources::provider_settings_from(
      provider_config({{"shared_config_file", (dir.path / "absent.json").string()}}),
      lookup({{"HW_ACCESS_KEY", "A"}, {"HW_SECRET_KEY", "S"}, {"HW_REGION_NAME", "r"}}));
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.diagnostics.items()[0].detail.find("absent.json") != std::string::npos);
  auto default_absent =
      resources::provider_settings_from(provider_config({}), lookup({{"HOME", dir.path.string()},
                                                                     {"HW_ACCESS_KEY", "A"},
                                                                     {"HW_SECRET_KEY", "S"},
                                                                     {"HW_REGION_NAME", "r"}}));
  CHECK(default_absent.ok());

  // The default file is ~/.hcloud/config.json.
  std::filesystem::create_directories(dir.path / ".hcloud");
  dir.write(".hcloud/config.json", kKooCliFile);
  auto from_home =
      resources::provider_settings_from(provider_config({}), lookup({{"HOME", dir.path.string()}}));
  REQUIRE(from_home.ok());
  CHECK(from_home.value.client.credentials.access_key == "FILEAK");

  // A profile without keys (SSO): missing credentials, and why.
  auto sso = resources::provider_settings_from(
      provider_config({{"shared_config_file", file}, {"profile", "sso"}}), lookup({}));
  REQUIRE_FALSE(sso.ok());
  CHECK(sso.diagnostics.items()[0].summary == "Missing credentials");
  CHECK(sso.diagnostics.items()[0].detail.find("\"sso\"") != std::string::npos);
  CHECK(sso.diagnostics.items()[0].detail.find("SSO") != std::string::npos);
}

TEST_CASE("assume_role: agency, the owning account by name or ID, a bounded duration") {
  const Env keys{{"HW_ACCESS_KEY", "AK"}, {"HW_SECRET_KEY", "SK"}, {"HW_REGION_NAME", "r"}};
  auto ok = resources::provider_settings_from(
      provider_config({{"assume_role",
                        {{"agency_name", "deployer"}, {"domain_id", "d-1"}, {"duration", 3600}}}}),
      lookup(keys));
  REQUIRE(ok.ok());
  REQUIRE(ok.value.client.assume_role);
  CHECK(ok.value.client.assume_role->agency_name == "deployer");
  CHECK(ok.value.client.assume_role->domain_id == "d-1");
  CHECK(ok.value.client.assume_role->duration_seconds == 3600);

  Env with_domain = keys;
  with_domain["HW_ASSUME_ROLE_DOMAIN_NAME"] = "owner";
  auto env_domain = resources::provider_settings_from(
      provider_config({{"assume_role", {{"agency_name", "deployer"}}}}), lookup(with_domain));
  REQUIRE(env_domain.ok());
  CHECK(env_domain.value.client.assume_role->domain_name == "owner");

  auto no_domain = resources::provider_settings_from(
      provider_config({{"assume_role", {{"agency_name", "deployer"}}}}), lookup(keys));
  REQUIRE_FALSE(no_domain.ok());
  CHECK(no_domain.diagnostics.items()[0].attribute->to_string() == "assume_role");

  auto too_long = resources::provider_settings_from(
      provider_config(
          {{"assume_role", {{"agency_name", "a"}, {"domain_name", "o"}, {"duration", 100000}}}}),
      lookup(keys));
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.diagnostics.items()[0].attribute->to_string() == "assume_role.duration");
}

TEST_CASE("default_tags and enterprise_project_id: provider settings resources inherit") {
  const Env env{{"HW_ACCESS_KEY", "AK"},
                {"HW_SECRET_KEY", "SK"},
                {"HW_REGION_NAME", "r"},
                {"HW_ENTERPRISE_PROJECT_ID", "env-eps"}};
  auto s = resources::provider_settings_from(
      provider_config({{"default_tags", {{"team", "core"}, {"env", "dev"}}}}), lookup(env));
  REQUIRE(s.ok());
  CHECK(s.value.defaults.enterprise_project_id == "env-eps");
  CHECK(s.value.defaults.default_tags ==
        std::map<std::string, std::string>{{"env", "dev"}, {"team", "core"}});
  auto attr = resources::provider_settings_from(
      provider_config({{"enterprise_project_id", "attr-eps"}}), lookup(env));
  CHECK(attr.value.defaults.enterprise_project_id == "attr-eps");

  // Unknown default tags cannot configure the provider; the diagnostic names the key.
  Value::Entries e = provider_config(nlohmann::json::object()).entries();
  e["default_tags"] = Value::map(Type::string(), {{"team", Value::unknown(Type::string())}});
  auto later = resources::provider_settings_from(Value::object(provider_block().implied_type(), e),
                                                 lookup(env));
  REQUIRE_FALSE(later.ok());
  CHECK(later.diagnostics.items()[0].attribute->to_string() == "default_tags[\"team\"]");
}

TEST_CASE("planning: tags_all merges default_tags under tags, an unset project takes the default") {
  const resources::Resource& fn = *resources::Catalog::builtin().resource("functiongraph_function");
  resources::ProviderDefaults defaults{{{"team", "core"}, {"env", "dev"}}, "eps-1"};
  auto config_of = [&](const nlohmann::json& j) {
    auto d = value::from_json(j, fn.schema().block.implied_type());
    REQUIRE(d.ok());
    return d.value;
  };
  const Value config = config_of({{"name", "f"},
                                  {"runtime", "Python3.9"},
                                  {"inline_code", "x"},
                                  {"tags", {{"env", "prod"}, {"own", "1"}}}});
  auto plan = resources::plan_change(fn, Value::null(config.type()), config, config, defaults);
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  CHECK(plan.planned.attribute("tags") == config.attribute("tags"));  // as configured
  CHECK(plan.planned.attribute("tags_all") ==
        Value::map(Type::string(), {{"env", Value::string("prod")},
                                    {"own", Value::string("1")},
                                    {"team", Value::string("core")}}));
  CHECK(plan.planned.attribute("enterprise_project_id") == Value::string("eps-1"));

  // No defaults: tags_all is tags, an empty map without them; the project stays unknown.
  const Value bare = config_of({{"name", "f"}, {"runtime", "Python3.9"}, {"inline_code", "x"}});
  auto plain = resources::plan_change(fn, Value::null(bare.type()), bare, bare);
  CHECK(plain.planned.attribute("tags_all") == Value::map(Type::string(), {}));
  CHECK(plain.planned.attribute("enterprise_project_id").is_unknown());

  // An explicit project wins over the default.
  Value::Entries with_project = bare.entries();
  with_project["enterprise_project_id"] = Value::string("mine");
  const Value own = Value::object(bare.type(), with_project);
  CHECK(resources::plan_change(fn, Value::null(own.type()), own, own, defaults)
            .planned.attribute("enterprise_project_id") == Value::string("mine"));

  // tags not known yet: nor is tags_all.
  Value::Entries later = bare.entries();
  later["tags"] = Value::unknown(Type::map(Type::string()));
  const Value unknown_tags = Value::object(bare.type(), later);
  CHECK(resources::plan_change(fn, Value::null(bare.type()), unknown_tags, unknown_tags, defaults)
            .planned.attribute("tags_all")
            .is_unknown());
}
