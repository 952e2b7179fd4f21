// Versions (immutable snapshots of latest) and aliases (named pointers with grey-release weights
// or rules).
#include <ctime>

#include "fg_model.h"
#include "fields.h"
#include "platform_rules.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using namespace fg;
using fields::opt_object;
using fields::opt_string;

constexpr long kMaxVersions = 20;
constexpr long kMaxAliases = 10;

bool version_exists(World& world, const FunctionRef& fn, const std::string& version) {
  return version == "latest" || world.store.get(kVersion, fn.key + ":" + version).has_value();
}

std::string generated_version_name() {
  return now_local("v%Y%m%d-%H%M%S");
}

Reply publish_version(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const Json& body = req.raw_body.empty() ? Json::object() : req.json();
  fields::reject_unknown(body, {"version", "description", "digest"}, "the publish-version request");
  std::string version = opt_string(body, "version", 64).value_or("");
  if (version.empty()) version = generated_version_name();
  if (auto msg = rules::check_version_name(version); !msg.empty()) bad_request(msg);
  if (world.store.get(kVersion, fn.key + ":" + version)) {
    fail(409, "FSS.1062", "version " + version + " already exists");
  }
  if (auto digest = opt_string(body, "digest", 256);
      digest && !digest->empty() && *digest != fn.doc.value("digest", "")) {
    bad_request("digest does not match the current code of latest");
  }
  if (world.store.count(kVersion, fn.key) >= kMaxVersions) {
    bad_request("a function can have at most 20 published versions; delete one first");
  }
  if (fn.doc.value("_rev", 0) == fn.doc.value("_published_rev", -1)) {
    fail(400, "FSS.1016",
         "The function code or configuration has not changed since the last "
         "published version");
  }
  Json snapshot = fn.doc;
  snapshot["version"] = version;
  snapshot["func_urn"] = fn.urn.with_qualifier(version);
  snapshot["version_description"] = opt_string(body, "description", 512).value_or("");
  snapshot["last_modified"] = now_rfc3339();
  snapshot.erase("_tags");
  // A new version gets no disk mounts (platform rule); the chosen mount user stays.
  if (snapshot.contains("mount_config")) {
    snapshot["mount_config"]["func_mounts"] = Json::array();
    if (snapshot["mount_config"]["mount_user"] == Json{{"user_id", -1}, {"user_group_id", -1}}) {
      snapshot.erase("mount_config");
    }
  }
  world.store.put(kVersion, fn.key + ":" + version, fn.key, snapshot);
  fn.doc["_published_rev"] = fn.doc.value("_rev", 0);
  save_function(world, fn);
  return ok(public_view(snapshot));
}

Reply list_versions(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  std::vector<Json> all;
  Json latest = public_view(fn.doc);
  latest["version_description"] = "";
  all.push_back(latest);
  for (auto& v : world.store.list(kVersion, fn.key)) all.push_back(public_view(v));
  const long marker = req.query_long("marker", 0, 0, 1L << 30);
  const long maxitems = req.query_long("maxitems", 400, 1, 400);
  const long total = static_cast<long>(all.size());
  Json items = offset_page(all, marker, maxitems);
  return ok(Json{
      {"versions", items}, {"next_marker", next_marker(marker, items, total)}, {"count", total}});
}

// Weights {"v2": 10} or rules {"v2": {"combine_type","rules":[...]}} for additional versions.
void apply_routing(World& world, const FunctionRef& fn, Json& alias, const Json& body) {
  auto weights = opt_object(body, "additional_version_weights");
  auto strategy = opt_object(body, "additional_version_strategy");
  if (weights && !weights->empty() && strategy && !strategy->empty()) {
    bad_request("use either additional_version_weights or additional_version_strategy, not both");
  }
  const std::string main = alias.value("version", "");
  auto check_extra = [&](const std::string& v) {
    if (v == "latest") bad_request("the additional version cannot be latest");
    if (v == main) bad_request("the additional version must differ from the alias version " + main);
    if (!version_exists(world, fn, v))
      fail(404, "FSS.1052", "Not found the function version: " + v);
  };
  if (body.contains("additional_version_weights")) {
    Json w = weights.value_or(Json::object());
    for (auto& [v, weight] : w.items()) {
      check_extra(v);
      if (!weight.is_number_integer() || weight.get<long long>() < 0 ||
          weight.get<long long>() > 100) {
        bad_request("additional_version_weights." + v + " must be an integer from 0 to 100");
      }
    }
    if (w.empty())
      alias.erase("additional_version_weights");
    else
      alias["additional_version_weights"] = w;
  }
  if (body.contains("additional_version_strategy")) {
    Json s = strategy.value_or(Json::object());
    for (auto& [v, rule_set] : s.items()) {
      check_extra(v);
      if (!rule_set.is_object())
        bad_request("additional_version_strategy." + v + " must be an object");
      std::string combine = rule_set.value("combine_type", "and");
      if (combine != "and" && combine != "or") bad_request("combine_type must be and or or");
      auto rules_list = fields::opt_array(rule_set, "rules", 10);
      if (!rules_list || rules_list->empty())
        bad_request("additional_version_strategy." + v + ".rules is required");
      for (const auto& rule : *rules_list) {
        std::string type = rule.is_object() ? rule.value("rule_type", "") : "";
        std::string op = rule.is_object() ? rule.value("op", "") : "";
        if (type != "Header" && type != "header" && type != "Cookie" && type != "cookie") {
          bad_request("rule_type must be Header or Cookie");
        }
        if (op != "=" && op != "in") bad_request("op must be = or in");
        if (rule.value("param", "").empty()) bad_request("each rule needs a param (header name)");
      }
    }
    if (s.empty())
      alias.erase("additional_version_strategy");
    else
      alias["additional_version_strategy"] = s;
  }
}

Reply create_alias(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const Json& body = req.json();
  fields::reject_unknown(body,
                         {"name", "version", "description", "additional_version_weights",
                          "additional_version_strategy"},
                         "the create-alias request");
  const std::string name = fields::req_string(body, "name", 128);
  if (auto msg = rules::check_alias_name(name); !msg.empty()) bad_request(msg);
  const std::string version = fields::req_string(body, "version", 64);
  if (world.store.get(kAlias, fn.key + "!" + name))
    fail(409, "FSS.1063", "alias " + name + " already exists");
  if (world.store.count(kAlias, fn.key) >= kMaxAliases) {
    bad_request("a function can have at most 10 aliases");
  }
  if (!version_exists(world, fn, version))
    fail(404, "FSS.1052", "Not found the function version: " + version);
  Json alias{{"name", name},
             {"version", version},
             {"description", opt_string(body, "description", 512).value_or("")},
             {"last_modified", now_rfc3339()},
             {"alias_urn", fn.urn.with_qualifier("!" + name)}};
  apply_routing(world, fn, alias, body);
  world.store.put(kAlias, fn.key + "!" + name, fn.key, alias);
  return ok(alias);
}

Json load_alias(World& world, const FunctionRef& fn, const std::string& name) {
  auto alias = world.store.get(kAlias, fn.key + "!" + name);
  if (!alias) fail(404, "FSS.1053", "Not found the function alias: " + name);
  return *alias;
}

Reply get_alias(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  return ok(load_alias(world, fn, req.param("alias_name")));
}

Reply update_alias(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  Json alias = load_alias(world, fn, req.param("alias_name"));
  const Json& body = req.json();
  fields::reject_unknown(body,
                         {"name", "version", "description", "additional_version_weights",
                          "additional_version_strategy"},
                         "the update-alias request");
  if (auto v = opt_string(body, "version", 64)) {
    if (!version_exists(world, fn, *v))
      fail(404, "FSS.1052", "Not found the function version: " + *v);
    alias["version"] = *v;
  }
  if (auto d = opt_string(body, "description", 512)) alias["description"] = *d;
  apply_routing(world, fn, alias, body);
  alias["last_modified"] = now_rfc3339();
  world.store.put(kAlias, fn.key + "!" + alias.value("name", ""), fn.key, alias);
  return ok(alias);
}

Reply delete_alias(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string name = req.param("alias_name");
  load_alias(world, fn, name);
  for (const auto& t : world.store.list(kTrigger, fn.key)) {
    if (t.value("_qualifier", "") == "!" + name) {
      fail(409, "FSS.1066", "alias " + name + " has triggers bound to it; delete them first");
    }
  }
  world.store.erase(kAlias, fn.key + "!" + name);
  world.store.erase(kReserved, fn.key + "|!" + name);
  return no_content();
}

Reply list_aliases(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  Json out = Json::array();
  for (auto& a : world.store.list(kAlias, fn.key)) out.push_back(std::move(a));
  return ok(out);
}

// The snapshot (snapshot-based cold start) switch, kept on the version as "_snapshot". The API
// reference: enabling works on published (non-latest) versions of Java functions only.
// Assumptions: disabling where nothing can be enabled is a no-op 204, an alias is refused like
// latest, and the state of what was never enabled is "disable".
Reply set_snapshot(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string action = req.param("action");
  if (action != "enable" && action != "disable")
    bad_request("action \"" + action + "\" is invalid; use enable or disable");
  const std::string qualifier = qualifier_of(fn.urn);
  require_qualifier(world, fn, qualifier);
  const bool version = qualifier != "latest" && qualifier.front() != '!';
  auto doc = version ? world.store.get(kVersion, fn.key + ":" + qualifier) : std::nullopt;
  const std::string runtime = doc ? doc->value("runtime", "") : fn.doc.value("runtime", "");
  if (action == "enable") {
    if (!version)
      bad_request("the snapshot can be enabled on a published version only, not on " +
                  (qualifier == "latest" ? std::string("latest") : "alias " + qualifier.substr(1)));
    if (runtime.rfind("Java", 0) != 0)
      bad_request("the snapshot is available on the Java runtimes only, not " + runtime);
  }
  if (doc) {
    (*doc)["_snapshot"] = action;
    world.store.put(kVersion, fn.key + ":" + qualifier, fn.key, *doc);
  }
  return no_content();
}

Reply get_snapshot_state(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string action = req.param("action");
  if (action != "state" && action != "enableSnapshot")
    bad_request("action \"" + action + "\" is invalid; use state or enableSnapshot");
  const std::string qualifier = qualifier_of(fn.urn);
  require_qualifier(world, fn, qualifier);
  auto doc = world.store.get(kVersion, fn.key + ":" + qualifier);
  return ok(Json{{"state", doc ? doc->value("_snapshot", "disable") : "disable"}});
}

}  // namespace

void add_version_alias_routes(Router& r) {
  const auto F = Family::kFunctionGraph;
  r.add("POST", "/v2/{project_id}/fgs/functions/{function_urn}/versions", F, publish_version);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/versions", F, list_versions);
  r.add("POST", "/v2/{project_id}/fgs/functions/{function_urn}/snapshots/{action}", F,
        set_snapshot);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/snapshots/{action}", F,
        get_snapshot_state);
  r.add("POST", "/v2/{project_id}/fgs/functions/{function_urn}/aliases", F, create_alias);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/aliases", F, list_aliases);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/aliases/{alias_name}", F, get_alias);
  r.add("PUT", "/v2/{project_id}/fgs/functions/{function_urn}/aliases/{alias_name}", F,
        update_alias);
  r.add("DELETE", "/v2/{project_id}/fgs/functions/{function_urn}/aliases/{alias_name}", F,
        delete_alias);
}

}  // namespace fgform::emulator
