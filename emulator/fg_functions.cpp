// Functions: create, configuration, code, max instances, delete, list, and function tags.
#include <algorithm>
#include <set>
#include <tuple>

#include "cloud/crypto.h"
#include "fg_model.h"
#include "fields.h"
#include "platform_rules.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using namespace fg;
using fields::opt_bool;
using fields::opt_int;
using fields::opt_object;
using fields::opt_string;

constexpr int kMaxSubnetsPerProject = 4;
constexpr std::size_t kMaxCodeBytes = 40u << 20;  // local ZIP limit

void check(const std::string& message) {
  if (!message.empty()) bad_request(message);
}

std::string default_filename(const std::string& runtime, const std::string& code_type) {
  if (code_type == "zip" || code_type == "obs") return "index.zip";
  if (code_type == "jar") return "index.jar";
  if (runtime.rfind("Python", 0) == 0) return "index.py";
  if (runtime.rfind("Node.js", 0) == 0) return "index.js";
  if (runtime.rfind("PHP", 0) == 0) return "index.php";
  return "index.zip";
}

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// True when `file` is the 40-hex-digit SHA-1 of the code the function runs now.
bool names_code_by_sha1(const Json& doc, const std::string& file) {
  if (file.size() != 40 || !is_lower_hex(file)) return false;
  std::string deployed;
  return cloud::base64_decode(doc.value("_code", ""), deployed) &&
         cloud::sha1_hex(deployed) == file;
}

// Applies code fields shared by create and PUT /code; bumps the revision when code changed.
void apply_code(Json& doc, const Json& body, bool creating) {
  std::string code_type = opt_string(body, "code_type", 32).value_or(doc.value("code_type", ""));
  static const std::set<std::string> kTypes{"inline", "zip", "jar", "obs", "Custom-Image-Swr"};
  if (code_type.empty()) bad_request("code_type is required");
  if (!kTypes.count(code_type)) {
    bad_request("code_type \"" + code_type +
                "\" is invalid; use inline, zip, jar, obs or Custom-Image-Swr");
  }
  std::string file;
  if (auto func_code = opt_object(body, "func_code")) {
    fields::reject_unknown(*func_code, {"file", "link"}, "func_code");
    if (auto f = opt_string(*func_code, "file", kMaxCodeBytes * 4 / 3 + 4)) file = *f;
  }
  // Terraform's provider keeps only a SHA-1 of the code in its state and sends that back as the
  // file when just the dependency list changed; the service keeps the deployed code then.
  const bool names_deployed_code = !creating && names_code_by_sha1(doc, file);
  if (names_deployed_code) file.clear();
  std::string decoded;
  if (!file.empty() && !cloud::base64_decode(file, decoded)) {
    bad_request("func_code.file must be base64-encoded");
  }
  std::string code_url = opt_string(body, "code_url", 1024).value_or(doc.value("code_url", ""));
  if (code_type == "inline" || code_type == "zip" || code_type == "jar") {
    if (file.empty() && !names_deployed_code && (creating || body.contains("func_code"))) {
      bad_request("func_code.file is required when code_type is " + code_type);
    }
    if (!file.empty() && code_type != "inline" && decoded.rfind("PK", 0) != 0) {
      fail(400, "FSS.1011", "zip: not a valid zip file");
    }
  } else if (code_type == "obs") {
    if (code_url.empty()) bad_request("code_url is required when code_type is obs");
    if (code_url.rfind("https://", 0) != 0 && code_url.rfind("obs://", 0) != 0) {
      bad_request("code_url must be an https:// or obs:// URL of a ZIP file in OBS");
    }
  }
  const std::string runtime = doc.value("runtime", "");
  if (!file.empty() || code_type != doc.value("code_type", "") ||
      code_url != doc.value("code_url", "")) {
    if (!file.empty()) {
      doc["_code"] = file;
      doc["code_size"] = decoded.size();
      doc["digest"] = cloud::sha512_hex(decoded);
    } else if (code_type == "obs") {
      doc["_code"] = "";
      doc["code_size"] = 0;
      doc["digest"] = cloud::sha512_hex(code_url);
    }
    doc["_rev"] = doc.value("_rev", 0) + 1;
  }
  const bool type_changed = code_type != doc.value("code_type", "");
  doc["code_type"] = code_type;
  doc["code_url"] = code_type == "obs" ? code_url : "";
  auto filename = opt_string(body, "code_filename", 128);
  if (filename && !filename->empty()) {
    doc["code_filename"] = *filename;
  } else if (creating || type_changed || doc.value("code_filename", "").empty()) {
    doc["code_filename"] = default_filename(runtime, code_type);
  }
}

void apply_dependencies(World& world, Json& doc, const Json& body) {
  auto list = fields::opt_array(body, "depend_version_list", 20);
  if (!list) list = fields::opt_array(body, "depend_list", 20);
  if (!list) return;
  Json ids = Json::array();
  Json packages = Json::array();  // the answers describe each package in "dependencies"
  for (const auto& id : *list) {
    if (!id.is_string()) bad_request("depend_version_list must contain dependency version IDs");
    auto dep = world.store.get(kDependencyVersion, id.get<std::string>());
    if (!dep) fail(404, "FSS.1056", "Not found the dependency version: " + id.get<std::string>());
    if (dep->value("runtime", "") != doc.value("runtime", "")) {
      bad_request("dependency " + dep->value("name", "") + " is for runtime " +
                  dep->value("runtime", "") + ", not " + doc.value("runtime", ""));
    }
    ids.push_back(id);
    packages.push_back(*dep);
  }
  doc["dependencies"] = packages;
  if (ids != doc.value("depend_version_list", Json::array()))
    doc["_rev"] = doc.value("_rev", 0) + 1;
  doc["depend_version_list"] = ids;
  doc["depend_list"] = ids;
}

const Json kDefaultMountUser{{"user_id", -1}, {"user_group_id", -1}};

// The API reference names the mount user's keys user_id/user_group_id; some clients (the official
// Terraform provider among them) send mount_user_id/mount_user_group_id. Both are taken; answers
// always use the reference's names.
Json mount_user_of(const Json& mount_config) {
  Json user = kDefaultMountUser;
  auto mu = opt_object(mount_config, "mount_user");
  if (!mu) return user;
  fields::reject_unknown(*mu, {"user_id", "user_group_id", "mount_user_id", "mount_user_group_id"},
                         "mount_config.mount_user");
  for (auto [api, alias] :
       {std::pair{"user_id", "mount_user_id"}, std::pair{"user_group_id", "mount_user_group_id"}}) {
    auto v = opt_int(*mu, api, -1, 65534);
    auto other = opt_int(*mu, alias, -1, 65534);
    if (v && other && *v != *other) {
      bad_request(std::string("mount_user.") + api + " and mount_user." + alias +
                  " name the same setting and must agree");
    }
    if (!v) v = other;
    if (v && (*v == 0 || *v == 1000)) {
      fail(400, "FSS.1075", std::string(api) + " must be -1 or from 1 to 65534, not 0 or 1000");
    }
    if (v) user[api] = *v;
  }
  return user;
}

// Rules across fields, checked on the configuration a request leaves behind.
void check_settings(const Json& doc) {
  const std::string runtime = doc.value("runtime", "");
  check(rules::check_gpu(doc.value("gpu_type", ""), doc.value("gpu_memory", 0LL), runtime));
  if (doc.value("pre_stop_timeout", 0) > 0 && doc.value("pre_stop_handler", "").empty())
    bad_request("pre_stop_timeout needs pre_stop_handler");
  if (doc.value("restore_hook_timeout", 0) > 0 && doc.value("restore_hook_handler", "").empty())
    bad_request("restore_hook_timeout needs restore_hook_handler");
  if (doc.value("enable_class_isolation", false) && runtime.rfind("Java", 0) != 0)
    bad_request("enable_class_isolation is available on the Java runtimes only, not " + runtime);
  if (doc.contains("lts_custom_tag") && doc.value("type", "v2") == "v1")
    bad_request("lts_custom_tag is available on FunctionGraph v2 functions only");
  if (!doc.value("domain_names", "").empty() && !doc.contains("func_vpc"))
    bad_request("private DNS (domain_names) needs VPC access (func_vpc)");
}

// Metadata fields of POST /functions and PUT /config (everything but name and code).
void apply_config(World& world, const std::string& key, Json& doc, const Json& body,
                  bool creating) {
  auto set_string = [&](const char* field, std::size_t max_len) {
    if (auto v = opt_string(body, field, max_len)) doc[field] = *v;
  };
  if (auto runtime = opt_string(body, "runtime", 64)) {
    check(rules::check_runtime(*runtime));
    if (!creating && *runtime != doc.value("runtime", "")) {
      bad_request("runtime cannot be changed (it is " + doc.value("runtime", "") + ")");
    }
    doc["runtime"] = *runtime;
  }
  if (auto memory = opt_int(body, "memory_size", 0, 1 << 20)) {
    check(rules::check_memory(*memory));
    doc["memory_size"] = *memory;
    doc["cpu"] = std::max<long long>(300, *memory * 400 / 256);
  }
  if (auto timeout = opt_int(body, "timeout", 3, 259200)) doc["timeout"] = *timeout;
  if (auto handler = opt_string(body, "handler", 128)) doc["handler"] = *handler;
  set_string("description", 512);
  if (auto user_data = opt_string(body, "user_data", 8192)) {
    check(rules::check_env_json(*user_data));
    doc["user_data"] = *user_data;
  }
  if (auto secret = opt_string(body, "encrypted_user_data", 8192)) {
    check(rules::check_env_json(*secret));
    // The platform never returns encrypted values: only their names, with empty values.
    doc["_encrypted_user_data"] = *secret;
    Json masked = Json::object();
    if (!secret->empty()) {
      const Json names = Json::parse(*secret);
      for (auto it = names.begin(); it != names.end(); ++it) masked[it.key()] = "";
    }
    doc["encrypted_user_data"] = secret->empty() ? "" : masked.dump();
  }
  set_string("xrole", 64);
  set_string("app_xrole", 64);
  if (auto pkg = opt_string(body, "package", 64);
      pkg && !creating && !pkg->empty() && *pkg != doc.value("package", "default")) {
    bad_request("package cannot be changed");
  }
  if (auto type = opt_string(body, "type", 8)) {
    if (*type != "v1" && *type != "v2") bad_request("type must be v1 or v2");
    if (!creating && *type != doc.value("type", "v2")) bad_request("type cannot be changed");
    doc["type"] = *type;
  }
  set_string("enterprise_project_id", 64);
  if (doc.value("enterprise_project_id", "").empty()) doc["enterprise_project_id"] = "0";
  if (auto h = opt_string(body, "initializer_handler", 128)) doc["initializer_handler"] = *h;
  if (auto t = opt_int(body, "initializer_timeout", 0, 300)) doc["initializer_timeout"] = *t;
  set_string("pre_stop_handler", 128);
  if (auto t = opt_int(body, "pre_stop_timeout", 0, 90)) doc["pre_stop_timeout"] = *t;
  set_string("heartbeat_handler", 128);
  set_string("restore_hook_handler", 128);
  if (auto t = opt_int(body, "restore_hook_timeout", 0, 300)) doc["restore_hook_timeout"] = *t;
  if (auto cidrs = opt_string(body, "peering_cidr", 256)) {
    check(rules::check_peering_cidr(*cidrs));
    doc["peering_cidr"] = *cidrs;
  }
  if (auto zones = opt_string(body, "domain_names", 4096)) {
    check(rules::check_domain_names(*zones));
    doc["domain_names"] = *zones;
  }
  set_string("gpu_type", 64);
  if (auto g = opt_int(body, "gpu_memory", 0, 16384)) doc["gpu_memory"] = *g;
  set_string("user_data_encrypt_kms_key_id", 64);
  set_string("code_encrypt_kms_key_id", 64);
  if (auto e = opt_int(body, "ephemeral_storage", 512, 10240)) {
    if (*e != 512 && *e != 10240) bad_request("ephemeral_storage must be 512 or 10240");
    doc["ephemeral_storage"] = *e;
  }
  for (const char* flag : {"enable_dynamic_memory", "is_stateful_function", "enable_auth_in_header",
                           "enable_class_isolation", "enable_lts_log"}) {
    if (auto b = opt_bool(body, flag)) doc[flag] = *b;
  }
  if (auto tags = opt_object(body, "lts_custom_tag")) {
    if (tags->size() > 20) bad_request("lts_custom_tag has more than 20 tags");
    for (auto it = tags->begin(); it != tags->end(); ++it) {
      if (!it->is_string()) bad_request("lts_custom_tag." + it.key() + " must be a string");
      check(rules::check_tag(it.key(), it->get<std::string>()));
    }
    if (tags->empty()) {
      doc.erase("lts_custom_tag");
    } else {
      doc["lts_custom_tag"] = *tags;
    }
  }
  if (auto nc = opt_object(body, "network_controller")) {
    fields::reject_unknown(*nc, {"disable_public_network", "trigger_access_vpcs"},
                           "network_controller");
    Json out{{"disable_public_network", opt_bool(*nc, "disable_public_network").value_or(false)},
             {"trigger_access_vpcs",
              fields::opt_array(*nc, "trigger_access_vpcs", 20).value_or(Json::array())}};
    doc["network_controller"] = out;
  }
  if (auto image = opt_object(body, "custom_image")) {
    fields::reject_unknown(*image,
                           {"enabled", "image", "command", "args", "working_dir", "uid", "gid",
                            "user_id", "user_group_id"},
                           "custom_image");
    // Clients built on the SDK models send the object even for code functions, empty or with
    // enabled=false; the service takes that as "no image" and keeps leaving the field out.
    if (opt_bool(*image, "enabled").value_or(false)) {
      const std::string url = opt_string(*image, "image", 1024).value_or("");
      if (url.rfind("swr.", 0) != 0)
        bad_request("custom_image.image must be an SWR image URL (swr.<region>...)");
      // The image's user and group are uid/gid in the API; user_id/user_group_id are taken
      // as their other spelling, and answers use the API's.
      Json stored = *image;
      for (auto [api, alias] : {std::pair{"uid", "user_id"}, std::pair{"gid", "user_group_id"}}) {
        auto v = opt_string(*image, api, 16);
        auto other = opt_string(*image, alias, 16);
        if (v && other && *v != *other) {
          bad_request(std::string("custom_image.") + api + " and custom_image." + alias +
                      " name the same setting and must agree");
        }
        if (!v) v = other;
        stored.erase(alias);
        if (!v || v->empty()) {
          stored.erase(api);
          continue;
        }
        if (v->size() > 5 ||
            !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
          bad_request(std::string("custom_image.") + api + " must be a numeric ID");
        }
        stored[api] = *v;
      }
      doc["custom_image"] = stored;
    } else if (doc.value("runtime", "") == "Custom Image" ||
               opt_string(body, "code_type", 32).value_or(doc.value("code_type", "")) ==
                   "Custom-Image-Swr") {
      bad_request("custom_image.enabled must be true for a function that runs a container image");
    } else {
      doc.erase("custom_image");
    }
  }
  if (auto log = opt_object(body, "log_config")) {
    fields::reject_unknown(*log, {"group_id", "group_name", "stream_id", "stream_name"},
                           "log_config");
    // The service resolves names in LTS; the emulator has no LTS, so a name is the one last
    // given with that ID ("" when a new ID came without one).
    for (auto [id, name, field] : {std::tuple{"group_id", "group_name", "log_group_id"},
                                   std::tuple{"stream_id", "stream_name", "log_stream_id"}}) {
      auto new_id = opt_string(*log, id, 128);
      auto new_name = opt_string(*log, name, 128);
      if (new_id && !new_id->empty() && *new_id != doc.value(field, "")) {
        doc[field] = *new_id;
        doc["_log"][name] = "";
      }
      if (new_name) doc["_log"][name] = *new_name;
    }
  }
  if (auto strategy = opt_object(body, "strategy_config")) {
    if (auto c = opt_int(*strategy, "concurrent_num", 1, 1000))
      doc["strategy_config"]["concurrent_num"] = *c;
    if (auto c = opt_int(*strategy, "concurrency", -1, 1000))
      doc["strategy_config"]["concurrency"] = *c;
  }

  if (body.contains("func_vpc")) {
    auto vpc = opt_object(body, "func_vpc");
    if (!vpc || vpc->value("vpc_id", "").empty()) {
      doc.erase("func_vpc");
    } else {
      fields::reject_unknown(*vpc,
                             {"vpc_id", "subnet_id", "vpc_name", "subnet_name", "cidr", "gateway",
                              "is_safety", "domain_id"},
                             "func_vpc");
      std::string vpc_id = fields::req_string(*vpc, "vpc_id", 64);
      std::string subnet_id = fields::req_string(*vpc, "subnet_id", 64);
      if (doc.value("xrole", "").empty()) {
        bad_request("VPC access needs an agency (xrole) that grants VPC permissions");
      }
      auto v = world.store.get("vpc", vpc_id);
      auto s = world.store.get("subnet", subnet_id);
      if (!v) bad_request("func_vpc.vpc_id " + vpc_id + " does not exist");
      if (!s || s->value("vpc_id", "") != vpc_id) {
        bad_request("func_vpc.subnet_id " + subnet_id + " is not a subnet of VPC " + vpc_id);
      }
      std::set<std::string> subnets{subnet_id};
      for (const auto& other : world.store.list(kFunction, world.project_id)) {
        if (function_key(other.value("package", ""), other.value("func_name", "")) == key) continue;
        if (other.contains("func_vpc")) subnets.insert(other["func_vpc"].value("subnet_id", ""));
      }
      if (subnets.size() > kMaxSubnetsPerProject) {
        bad_request("all functions of a project together may use at most 4 subnets");
      }
      doc["func_vpc"] = Json{{"vpc_id", vpc_id},
                             {"subnet_id", subnet_id},
                             {"vpc_name", v->value("name", "")},
                             {"subnet_name", s->value("name", "")},
                             {"cidr", s->value("cidr", "")},
                             {"gateway", s->value("gateway_ip", "")}};
    }
  }
  if (auto mc = opt_object(body, "mount_config")) {
    fields::reject_unknown(*mc, {"mount_user", "func_mounts"}, "mount_config");
    Json mounts = Json::array();
    for (const auto& m : fields::opt_array(*mc, "func_mounts", 8).value_or(Json::array())) {
      if (!m.is_object()) bad_request("mount_config.func_mounts items must be objects");
      fields::reject_unknown(
          m, {"mount_type", "mount_resource", "mount_share_path", "local_mount_path", "status"},
          "mount_config.func_mounts");
      std::string type = fields::req_string(m, "mount_type", 16);
      if (type != "sfs" && type != "sfsTurbo" && type != "ecs") {
        bad_request("mount_type \"" + type + "\" is invalid; use sfs, sfsTurbo or ecs");
      }
      std::string local = fields::req_string(m, "local_mount_path", 256);
      if (local.front() != '/') bad_request("local_mount_path must be an absolute path");
      mounts.push_back(Json{{"mount_type", type},
                            {"mount_resource", fields::req_string(m, "mount_resource", 64)},
                            {"mount_share_path", fields::req_string(m, "mount_share_path", 256)},
                            {"local_mount_path", local},
                            {"status", "ACTIVE"}});
    }
    if (!mounts.empty() && !doc.contains("func_vpc")) {
      bad_request("disk mounts need VPC access (func_vpc) to reach the file system");
    }
    // Without mounts or a chosen user the service keeps no mount configuration and leaves the
    // field out of its answers.
    Json user = mount_user_of(*mc);
    if (mounts.empty() && user == kDefaultMountUser) {
      doc.erase("mount_config");
    } else {
      doc["mount_config"] = Json{{"mount_user", user}, {"func_mounts", mounts}};
    }
  }
  check_settings(doc);
}

void check_handler(const Json& doc) {
  const bool image = doc.value("runtime", "") == "Custom Image" ||
                     doc.value("code_type", "") == "Custom-Image-Swr";
  if (!image && doc.value("handler", "").empty()) bad_request("handler is required");
}

Json new_function(World& world, const std::string& name, const std::string& package) {
  const std::string func_id = new_uuid();
  const std::string urn =
      cloud::FunctionUrn{world.region, world.project_id, package, name, ""}.unqualified();
  return Json{{"func_id", func_id},
              {"resource_id", func_id + ":" + name},
              {"func_urn", urn + ":latest"},
              {"func_name", name},
              {"domain_id", world.domain_id},
              {"namespace", world.project_id},
              {"project_name", world.region},
              {"package", package},
              {"runtime", ""},
              {"timeout", 3},
              {"handler", ""},
              {"memory_size", 128},
              {"cpu", 300},
              {"gpu_memory", 0},
              {"gpu_type", ""},
              {"code_type", ""},
              {"code_url", ""},
              {"code_filename", ""},
              {"code_size", 0},
              {"user_data", ""},
              {"encrypted_user_data", ""},
              {"digest", ""},
              {"version", "latest"},
              {"image_name", "latest-" + now_plain().substr(2, 2) + cloud::random_hex(5)},
              {"xrole", ""},
              {"app_xrole", ""},
              {"description", ""},
              {"last_modified", now_rfc3339()},
              {"ephemeral_storage", 512},
              {"domain_names", ""},
              {"peering_cidr", ""},
              {"depend_list", Json::array()},
              {"depend_version_list", Json::array()},
              {"strategy_config", {{"concurrency", 400}, {"concurrent_num", 1}}},
              {"dependencies", Json::array()},
              {"initializer_handler", ""},
              {"initializer_timeout", 0},
              {"pre_stop_handler", ""},
              {"pre_stop_timeout", 0},
              {"enterprise_project_id", "0"},
              {"long_time", false},
              {"log_group_id", new_uuid()},
              {"log_stream_id", new_uuid()},
              // The group and stream the service creates: the group's name starts with
              // functiongraph, the stream's with the function's name.
              {"_log",
               {{"group_name", "functiongraph.log.group." + world.project_id.substr(0, 8)},
                {"stream_name", name + "-" + cloud::random_hex(5)}}},
              {"type", "v2"},
              {"enable_dynamic_memory", false},
              {"is_stateful_function", false},
              {"is_bridge_function", false},
              {"enable_auth_in_header", false},
              {"enable_class_isolation", false},
              {"reserved_instance_idle_mode", false},
              {"heartbeat_handler", ""},
              {"restore_hook_handler", ""},
              {"restore_hook_timeout", 0},
              {"enable_lts_log", true},
              {"user_data_encrypt_kms_key_id", ""},
              {"code_encrypt_kms_key_id", ""},
              {"_rev", 0},
              {"_published_rev", -1},
              {"_tags", Json::object()}};
}

#define FG_FUNCTION_FIELDS                                                                         \
  "func_name", "package", "runtime", "timeout", "handler", "memory_size", "code_type", "code_url", \
      "code_filename", "func_code", "description", "type", "user_data", "encrypted_user_data",     \
      "xrole", "app_xrole", "enterprise_project_id", "custom_image", "gpu_memory", "gpu_type",     \
      "pre_stop_handler", "pre_stop_timeout", "log_config", "enable_dynamic_memory",               \
      "is_stateful_function", "network_controller", "lts_custom_tag", "enable_lts_log",            \
      "user_data_encrypt_kms_key_id", "code_encrypt_kms_key_id", "initializer_handler",            \
      "initializer_timeout", "depend_list", "depend_version_list", "func_vpc", "mount_config",     \
      "strategy_config", "ephemeral_storage", "enable_auth_in_header", "enable_class_isolation",   \
      "heartbeat_handler", "restore_hook_handler", "restore_hook_timeout", "domain_names",         \
      "peering_cidr", "extend_config", "allow_ephemeral_storage", "tags", "dependencies",          \
      "concurrency", "concurrent_num", "enable_cloud_debug", "is_return_stream", "func_id"

Reply create_function(Request& req, World& world) {
  const Json& body = req.json();
  fields::reject_unknown(body, {FG_FUNCTION_FIELDS}, "the create-function request");
  const std::string name = fields::req_string(body, "func_name", 128);
  check(rules::check_function_name(name));
  const std::string package = opt_string(body, "package", 64).value_or("default");
  if (package.empty()) bad_request("package must not be empty");
  const std::string key = function_key(package, name);
  if (world.store.get(kFunction, key))
    fail(409, "FSS.1061", "function " + name + " already exists");
  for (const char* required : {"runtime", "memory_size", "timeout", "code_type"}) {
    if (!body.contains(required) || body[required].is_null())
      bad_request(std::string(required) + " is required");
  }
  Json doc = new_function(world, name, package);
  apply_config(world, key, doc, body, true);
  apply_code(doc, body, true);
  apply_dependencies(world, doc, body);
  check_handler(doc);
  world.store.put(kFunction, key, world.project_id, doc);
  return ok(public_view(doc));
}

Reply get_config(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string q = qualifier_of(fn.urn);
  if (q != "latest") {
    require_qualifier(world, fn, q);
    if (q.front() != '!') return ok(public_view(*world.store.get(kVersion, fn.key + ":" + q)));
  }
  return ok(public_view(fn.doc));
}

// --strict-put: the settings an update-config body can carry, back to a new function's
// defaults when the body leaves them out. The identity, the code and the tags stay.
void reset_omitted_settings(World& world, FunctionRef& fn, const Json& body) {
  const Json fresh = new_function(world, fn.urn.name, fn.doc.value("package", "default"));
  // strategy_config.concurrency is the max-instance setting, which has its own API.
  const Json max_instances = fn.doc.contains("strategy_config")
                                 ? fn.doc["strategy_config"].value("concurrency", Json(400))
                                 : Json(400);
  static const char* const kSettings[] = {"description",
                                          "user_data",
                                          "xrole",
                                          "app_xrole",
                                          "enterprise_project_id",
                                          "initializer_handler",
                                          "initializer_timeout",
                                          "pre_stop_handler",
                                          "pre_stop_timeout",
                                          "heartbeat_handler",
                                          "restore_hook_handler",
                                          "restore_hook_timeout",
                                          "peering_cidr",
                                          "domain_names",
                                          "gpu_type",
                                          "gpu_memory",
                                          "user_data_encrypt_kms_key_id",
                                          "code_encrypt_kms_key_id",
                                          "ephemeral_storage",
                                          "enable_dynamic_memory",
                                          "is_stateful_function",
                                          "enable_auth_in_header",
                                          "enable_class_isolation",
                                          "enable_lts_log",
                                          "lts_custom_tag",
                                          "network_controller",
                                          "custom_image",
                                          "strategy_config",
                                          "func_vpc",
                                          "mount_config"};
  for (const char* field : kSettings) {
    if (body.contains(field)) continue;
    if (fresh.contains(field)) {
      fn.doc[field] = fresh[field];
    } else {
      fn.doc.erase(field);
    }
  }
  fn.doc["strategy_config"]["concurrency"] = max_instances;
  if (!body.contains("encrypted_user_data")) {
    fn.doc["encrypted_user_data"] = fresh["encrypted_user_data"];
    fn.doc.erase("_encrypted_user_data");
  }
  if (!body.contains("log_config")) {
    for (const char* field : {"log_group_id", "log_stream_id", "_log"}) {
      if (fresh.contains(field)) {
        fn.doc[field] = fresh[field];
      } else {
        fn.doc.erase(field);
      }
    }
  }
}

// The log settings belong to the function, whichever version or alias the URN names.
Reply get_lts_log_detail(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  if (const std::string q = qualifier_of(fn.urn); q != "latest") require_qualifier(world, fn, q);
  const Json log = fn.doc.value("_log", Json::object());
  return ok(Json{{"group_id", fn.doc.value("log_group_id", "")},
                 {"group_name", log.value("group_name", "")},
                 {"stream_id", fn.doc.value("log_stream_id", "")},
                 {"stream_name", log.value("stream_name", "")}});
}

Reply put_config(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  if (qualifier_of(fn.urn) != "latest") bad_request("only the latest version can be configured");
  const Json& body = req.json();
  fields::reject_unknown(body, {FG_FUNCTION_FIELDS}, "the update-function-config request");
  if (auto name = opt_string(body, "func_name", 128); name && *name != fn.urn.name) {
    bad_request("func_name cannot be changed");
  }
  Json before = fn.doc;
  if (world.strict_put) reset_omitted_settings(world, fn, body);
  apply_config(world, fn.key, fn.doc, body, false);
  check_handler(fn.doc);
  before.erase("_rev");
  Json after = fn.doc;
  after.erase("_rev");
  if (before != after) {
    fn.doc["_rev"] = fn.doc.value("_rev", 0) + 1;
    fn.doc["last_modified"] = now_rfc3339();
  }
  save_function(world, fn);
  return ok(public_view(fn.doc));
}

Json code_view(const Json& doc) {
  return Json{{"func_urn", doc["func_urn"]},
              {"func_name", doc["func_name"]},
              {"domain_id", doc["domain_id"]},
              {"runtime", doc["runtime"]},
              {"code_type", doc["code_type"]},
              {"code_url", doc["code_url"]},
              {"code_filename", doc["code_filename"]},
              {"code_size", doc["code_size"]},
              {"digest", doc["digest"]},
              {"last_modified", doc["last_modified"]},
              {"func_code", {{"file", doc.value("_code", "")}, {"link", ""}}},
              {"depend_list", doc["depend_list"]},
              {"depend_version_list", doc["depend_version_list"]},
              {"dependencies", doc.value("dependencies", Json::array())},
              {"strategy_config", doc["strategy_config"]}};
}

Reply get_code(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string q = qualifier_of(fn.urn);
  if (q != "latest" && q.front() != '!') {
    require_qualifier(world, fn, q);
    return ok(code_view(*world.store.get(kVersion, fn.key + ":" + q)));
  }
  return ok(code_view(fn.doc));
}

Reply put_code(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  if (qualifier_of(fn.urn) != "latest")
    bad_request("only the latest version's code can be changed");
  const Json& body = req.json();
  fields::reject_unknown(body,
                         {"code_type", "code_url", "code_filename", "func_code", "depend_list",
                          "depend_version_list", "code_encrypt_kms_key_id", "func_name"},
                         "the update-function-code request");
  apply_code(fn.doc, body, false);
  apply_dependencies(world, fn.doc, body);
  fn.doc["last_modified"] = now_rfc3339();
  save_function(world, fn);
  return ok(code_view(fn.doc));
}

Reply put_max_instances(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const Json& body = req.json();
  fields::reject_unknown(body, {"max_instance_num"}, "the max-instance request");
  fn.doc["strategy_config"]["concurrency"] = fields::req_int(body, "max_instance_num", -1, 1000);
  save_function(world, fn);
  return ok(public_view(fn.doc));
}

// Deleting a version removes its aliases; whatever was bound to the version or to one of those
// aliases (triggers, the reserved-instance policy, the async-invocation config) goes with them,
// as everything bound to a function goes when the function is deleted.
void delete_version_and_aliases(World& world, const FunctionRef& fn, const std::string& version) {
  std::vector<std::string> qualifiers{version};
  for (const auto& alias : world.store.list(kAlias, fn.key)) {
    if (alias.value("version", "") != version) continue;
    qualifiers.push_back("!" + alias.value("name", ""));
    world.store.erase(kAlias, fn.key + "!" + alias.value("name", ""));
  }
  world.store.erase(kVersion, fn.key + ":" + version);
  for (const auto& trigger : world.store.list(kTrigger, fn.key)) {
    const std::string bound_to = trigger.value("_qualifier", "");
    if (std::find(qualifiers.begin(), qualifiers.end(), bound_to) != qualifiers.end()) {
      world.store.erase(kTrigger, trigger.value("trigger_id", ""));
    }
  }
  for (const auto& qualifier : qualifiers) {
    world.store.erase(kReserved, fn.key + "|" + qualifier);
    world.store.erase(kAsync, fn.key + "|" + qualifier);
  }
}

Reply delete_function(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string q = qualifier_of(fn.urn);
  if (q.front() == '!') bad_request("delete an alias through the aliases API");
  if (q != "latest") {
    require_qualifier(world, fn, q);
    delete_version_and_aliases(world, fn, q);
    return no_content();
  }
  for (const char* kind : {kVersion, kAlias, kTrigger, kReserved, kAsync, kEvent}) {
    world.store.erase_children(kind, fn.key);
  }
  world.store.erase(kFunction, fn.key);
  return no_content();
}

Reply list_functions(Request& req, World& world) {
  const long marker = req.query_long("marker", 0, 0, 1L << 30);
  const long maxitems = req.query_long("maxitems", 400, 1, 400);
  const std::string package = req.query_value("package_name");
  const std::string name = req.query_value("func_name");
  if (package.empty() && name.empty()) {
    // Unfiltered: read only the page (a list of 10,000 functions is 25 pages).
    const long total = world.store.count(kFunction, world.project_id);
    Json items = Json::array();
    for (auto& f : world.store.list_page(kFunction, world.project_id, marker, maxitems))
      items.push_back(public_view(f));
    return ok(Json{{"functions", items},
                   {"next_marker", next_marker(marker, items, total)},
                   {"count", total}});
  }
  std::vector<Json> matching;
  for (auto& f : world.store.list(kFunction, world.project_id)) {
    if (!package.empty() && f.value("package", "") != package) continue;
    if (!name.empty() && f.value("func_name", "").find(name) == std::string::npos) continue;
    matching.push_back(std::move(f));
  }
  for (auto& f : matching) f = public_view(f);
  const long total = static_cast<long>(matching.size());
  Json items = offset_page(matching, marker, maxitems);
  return ok(Json{
      {"functions", items}, {"next_marker", next_marker(marker, items, total)}, {"count", total}});
}

Json tags_array(const Json& tags) {
  Json out = Json::array();
  for (auto& [k, v] : tags.items()) out.push_back(Json{{"key", k}, {"value", v}});
  return out;
}

std::vector<std::pair<std::string, std::string>> tags_of_body(const Json& body) {
  fields::reject_unknown(body, {"tags", "action", "sys_tags"}, "the tags request");
  auto tags = fields::opt_array(body, "tags", 20);
  if (!tags) bad_request("tags is required");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : *tags) {
    if (!t.is_object()) bad_request("tags items must be {\"key\",\"value\"} objects");
    fields::reject_unknown(t, {"key", "value"}, "tags");
    std::string key = fields::req_string(t, "key", 128);
    std::string value = opt_string(t, "value", 255).value_or("");
    out.emplace_back(key, value);
  }
  return out;
}

Reply create_tags(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("resource_id"));
  Json& tags = fn.doc["_tags"];
  for (const auto& [key, value] : tags_of_body(req.json())) {
    check(rules::check_tag(key, value));
    tags[key] = value;
  }
  if (tags.size() > 20) bad_request("a function can carry at most 20 tags");
  save_function(world, fn);
  return no_content();
}

Reply delete_tags(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("resource_id"));
  for (const auto& kv : tags_of_body(req.json())) fn.doc["_tags"].erase(kv.first);
  save_function(world, fn);
  return no_content();
}

Reply get_tags(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("resource_id"));
  return ok(Json{
      {"tags", tags_array(fn.doc["_tags"])},
      {"sys_tags", Json::array({Json{{"key", "_sys_enterprise_project_id"},
                                     {"value", fn.doc.value("enterprise_project_id", "0")}}})}});
}

// POST /v2/{project_id}/functions/resource-instances/filter: the functions with their tags, by
// tag filters (TMS style; the official provider's fgs_resources_filter). Each tag filter keeps the
// functions that have the key with one of its values (any value when `values` is empty); every
// filter must hold. `matches` filters by resource_name (a substring). "count" answers only the
// total. Paged by limit (1..1000, default 1000) and offset.
Reply filter_functions(Request& req, World& world) {
  const Json body = req.json();
  fields::reject_unknown(body, {"action", "limit", "offset", "tags", "matches", "sys_tags"},
                         "the filter request");
  const std::string action = fields::req_string(body, "action", 16);
  if (action != "filter" && action != "count") bad_request("action must be filter or count");
  const long long limit = fields::opt_int(body, "limit", 1, 1000).value_or(1000);
  const long long offset = fields::opt_int(body, "offset", 0, 1LL << 30).value_or(0);
  const Json tag_filters = fields::opt_array(body, "tags", 20).value_or(Json::array());
  const Json matches = fields::opt_array(body, "matches", 5).value_or(Json::array());
  for (const auto& t : tag_filters) {
    if (!t.is_object()) bad_request("tags items must be {\"key\",\"values\"} objects");
    fields::reject_unknown(t, {"key", "values"}, "tags");
    fields::req_string(t, "key", 128);
  }
  for (const auto& m : matches) {
    if (!m.is_object()) bad_request("matches items must be {\"key\",\"value\"} objects");
    fields::reject_unknown(m, {"key", "value"}, "matches");
    if (fields::req_string(m, "key", 32) != "resource_name")
      bad_request("matches key must be resource_name");
  }
  auto selected = [&](const Json& f) {
    const Json tags = f.value("_tags", Json::object());
    for (const auto& t : tag_filters) {
      const std::string key = t.value("key", "");
      const Json values = t.value("values", Json::array());
      if (!tags.contains(key)) return false;
      if (values.is_array() && !values.empty() &&
          std::find(values.begin(), values.end(), tags[key]) == values.end())
        return false;
    }
    for (const auto& m : matches) {
      if (f.value("func_name", "").find(m.value("value", "")) == std::string::npos) return false;
    }
    return true;
  };
  // Unfiltered, only the page is read: a page costs its own size, not the whole listing.
  long long total = 0;
  std::vector<Json> page;
  if (tag_filters.empty() && matches.empty()) {
    total = world.store.count(kFunction, world.project_id);
    if (action == "filter")
      page = world.store.list_page_fields(
          kFunction, world.project_id, static_cast<long>(offset), static_cast<long>(limit),
          {"resource_id", "func_name", "_tags", "enterprise_project_id"});
  } else {
    std::vector<Json> found;
    for (auto& f : world.store.list(kFunction, world.project_id))
      if (selected(f)) found.push_back(std::move(f));
    total = static_cast<long long>(found.size());
    for (long long i = offset; i < total && i < offset + limit; ++i)
      page.push_back(std::move(found[static_cast<std::size_t>(i)]));
  }
  if (action == "count") return ok(Json{{"total_count", total}});
  Json resources = Json::array();
  for (const Json& f : page) {
    resources.push_back(
        Json{{"resource_id", f.value("resource_id", "")},
             {"resource_name", f.value("func_name", "")},
             {"resource_detail", nullptr},
             {"tags", tags_array(f.value("_tags", Json::object()))},
             {"sys_tags", Json::array({Json{{"key", "_sys_enterprise_project_id"},
                                            {"value", f.value("enterprise_project_id", "0")}}})}});
  }
  return ok(Json{{"resources", resources}, {"total_count", total}});
}

}  // namespace

void add_function_routes(Router& r) {
  const auto F = Family::kFunctionGraph;
  r.add("POST", "/v2/{project_id}/fgs/functions", F, create_function);
  r.add("GET", "/v2/{project_id}/fgs/functions", F, list_functions);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/config", F, get_config);
  r.add("PUT", "/v2/{project_id}/fgs/functions/{function_urn}/config", F, put_config);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/code", F, get_code);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/lts-log-detail", F,
        get_lts_log_detail);
  r.add("PUT", "/v2/{project_id}/fgs/functions/{function_urn}/code", F, put_code);
  r.add("PUT", "/v2/{project_id}/fgs/functions/{function_urn}/config-max-instance", F,
        put_max_instances);
  r.add("DELETE", "/v2/{project_id}/fgs/functions/{function_urn}", F, delete_function);
  r.add("POST", "/v2/{project_id}/functions/{resource_id}/tags/create", F, create_tags);
  r.add("DELETE", "/v2/{project_id}/functions/{resource_id}/tags/delete", F, delete_tags);
  r.add("GET", "/v2/{project_id}/functions/{resource_id}/tags", F, get_tags);
  r.add("POST", "/v2/{project_id}/functions/resource-instances/filter", F, filter_functions);
}

}  // namespace fgform::emulator
