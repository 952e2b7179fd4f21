// Reserved-instance policies (one per version or alias) and asynchronous-invocation settings.
#include "fg_model.h"
#include "fields.h"
#include "platform_rules.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using namespace fg;
using fields::opt_int;
using fields::opt_string;

Json validate_tactics(const Json& tactics, long long base_count) {
  fields::reject_unknown(tactics, {"cron_configs", "metric_configs"}, "tactics_config");
  Json out{{"cron_configs", Json::array()}, {"metric_configs", Json::array()}};
  for (const auto& c : fields::opt_array(tactics, "cron_configs", 20).value_or(Json::array())) {
    if (!c.is_object()) bad_request("cron_configs items must be objects");
    fields::reject_unknown(c, {"name", "cron", "count", "start_time", "expired_time"},
                           "cron_configs");
    std::string name = fields::req_string(c, "name", 60);
    std::string cron = fields::req_string(c, "cron", 256);
    if (auto msg = rules::check_cron(cron); !msg.empty())
      bad_request("cron_configs " + name + ": " + msg);
    long long count = fields::req_int(c, "count", 0, 1000);
    if (count < base_count)
      bad_request("cron_configs " + name + ": count must be at least the base count");
    long long start = fields::req_int(c, "start_time", 0, 1LL << 40);
    long long expired = fields::req_int(c, "expired_time", 0, 1LL << 40);
    if (expired <= start)
      bad_request("cron_configs " + name + ": expired_time must be after start_time");
    out["cron_configs"].push_back(Json{{"name", name},
                                       {"cron", cron},
                                       {"count", count},
                                       {"start_time", start},
                                       {"expired_time", expired}});
  }
  for (const auto& m : fields::opt_array(tactics, "metric_configs", 20).value_or(Json::array())) {
    if (!m.is_object()) bad_request("metric_configs items must be objects");
    fields::reject_unknown(m, {"name", "type", "threshold", "min"}, "metric_configs");
    std::string type = fields::req_string(m, "type", 32);
    if (type != "Concurrency") bad_request("metric_configs type must be Concurrency");
    out["metric_configs"].push_back(Json{{"name", fields::req_string(m, "name", 60)},
                                         {"type", type},
                                         {"threshold", fields::req_int(m, "threshold", 1, 99)},
                                         {"min", fields::req_int(m, "min", 0, 1000)}});
  }
  return out;
}

Json reserved_row(const cloud::FunctionUrn& urn, const std::string& qualifier, long long count,
                  bool idle, Json tactics) {
  const bool alias = qualifier.front() == '!';
  return Json{{"function_urn", urn.with_qualifier(qualifier)},
              {"qualifier_type", alias ? "alias" : "version"},
              {"qualifier_name", alias ? qualifier.substr(1) : qualifier},
              {"min_count", count},
              {"idle_mode", idle},
              {"tactics_config", std::move(tactics)}};
}

Reply put_reserved(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string qualifier = qualifier_of(fn.urn);
  require_qualifier(world, fn, qualifier);
  const Json& body = req.json();
  fields::reject_unknown(body, {"count", "idle_mode", "tactics_config"},
                         "the reserved-instances request");
  const long long count = fields::req_int(body, "count", 0, 1000);
  const bool idle = fields::opt_bool(body, "idle_mode").value_or(false);
  Json tactics =
      validate_tactics(fields::opt_object(body, "tactics_config").value_or(Json::object()), count);
  const std::string key = fn.key + "|" + qualifier;
  const bool empty_policy =
      count == 0 && tactics["cron_configs"].empty() && tactics["metric_configs"].empty();
  if (empty_policy) {
    world.store.erase(kReserved, key);
  } else {
    world.store.put(kReserved, key, fn.key, reserved_row(fn.urn, qualifier, count, idle, tactics));
  }
  return ok(Json{{"count", count}, {"idle_mode", idle}, {"tactics_config", tactics}});
}

// The service answers one row per qualifier of the function (latest, each version, each alias),
// with min_count 0 where no reserved instances are configured.
void append_every_qualifier(World& world, const FunctionRef& fn, std::vector<Json>& rows) {
  std::vector<std::string> qualifiers{"latest"};
  for (const auto& v : world.store.list(kVersion, fn.key))
    qualifiers.push_back(v.value("version", ""));
  for (const auto& a : world.store.list(kAlias, fn.key))
    qualifiers.push_back("!" + a.value("name", ""));
  for (const auto& q : qualifiers) {
    if (auto row = world.store.get(kReserved, fn.key + "|" + q)) {
      rows.push_back(std::move(*row));
    } else {
      rows.push_back(
          reserved_row(fn.urn, q, 0, false,
                       Json{{"cron_configs", Json::array()}, {"metric_configs", Json::array()}}));
    }
  }
}

// Only the configured rows: what the older count list shows.
std::vector<Json> configured_rows(Request& req, World& world, const char* filter_param) {
  const std::string filter = req.query_value(filter_param);
  if (filter.empty()) return world.store.list_all(kReserved);
  // Any qualifier form of the URN selects the rows of every qualifier of that function.
  FunctionRef fn = load_function(world, filter);
  return world.store.list(kReserved, fn.key);
}

std::vector<Json> qualifier_rows(Request& req, World& world) {
  std::vector<Json> rows;
  const std::string filter = req.query_value("function_urn");
  if (!filter.empty()) {
    append_every_qualifier(world, load_function(world, filter), rows);
    return rows;
  }
  for (const auto& f : world.store.list(kFunction, world.project_id)) {
    append_every_qualifier(world, load_function(world, f.value("func_urn", "")), rows);
  }
  return rows;
}

Json page_info(long marker, long size, long total) {
  return Json{{"next_marker", std::min(total, marker + size)},
              {"previous_marker", marker},
              {"current_count", size}};
}

Reply list_reserved_configs(Request& req, World& world) {
  std::vector<Json> rows = qualifier_rows(req, world);
  const long marker = req.query_long("marker", 0, 0, 1L << 30);
  const long limit = req.query_long("limit", 100, 1, 500);
  const long total = static_cast<long>(rows.size());
  Json items = offset_page(rows, marker, limit);
  return ok(Json{{"reserved_instances", items},
                 {"page_info", page_info(marker, static_cast<long>(items.size()), total)},
                 {"count", total}});
}

// The older list: {"reservedinstances":[{"func_urn","count"}]}, filtered by "urn".
Reply list_reserved_legacy(Request& req, World& world) {
  std::vector<Json> rows = configured_rows(req, world, "urn");
  const long marker = req.query_long("marker", 0, 0, 1L << 30);
  const long limit = req.query_long("limit", 100, 1, 500);
  const long total = static_cast<long>(rows.size());
  Json items = offset_page(rows, marker, limit);
  for (auto& row : items)
    row = Json{{"func_urn", row["function_urn"]}, {"count", row["min_count"]}};
  return ok(Json{{"reservedinstances", items},
                 {"page_info", page_info(marker, static_cast<long>(items.size()), total)},
                 {"count", total}});
}

Json validate_destination(const Json& d, const char* which) {
  fields::reject_unknown(d, {"destination", "param"}, which);
  std::string dest = fields::req_string(d, "destination", 32);
  if (dest != "OBS" && dest != "SMN" && dest != "DIS" && dest != "FunctionGraph") {
    bad_request(std::string(which) + ".destination must be OBS, SMN, DIS or FunctionGraph");
  }
  std::string param = fields::req_string(d, "param", 4096);
  auto parsed = Json::parse(param, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    bad_request(std::string(which) + ".param must be a JSON object encoded as a string");
  }
  static const std::map<std::string, const char*> kRequired{{"OBS", "bucket"},
                                                            {"SMN", "topic_urn"},
                                                            {"DIS", "stream_name"},
                                                            {"FunctionGraph", "func_urn"}};
  if (!parsed.contains(kRequired.at(dest))) {
    bad_request(std::string(which) + ".param needs " + kRequired.at(dest) + " for " + dest);
  }
  return Json{{"destination", dest}, {"param", param}};
}

Reply put_async(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string qualifier = qualifier_of(fn.urn);
  require_qualifier(world, fn, qualifier);
  const Json& body = req.json();
  fields::reject_unknown(body,
                         {"max_async_event_age_in_seconds", "max_async_retry_attempts",
                          "destination_config", "enable_async_status_log", "log_group_id",
                          "log_stream_id", "log_group_name", "log_stream_name"},
                         "the async-invoke-config request");
  const std::string key = fn.key + "|" + qualifier;
  auto existing = world.store.get(kAsync, key);
  Json cfg{{"func_urn", fn.urn.with_qualifier(qualifier)},
           {"max_async_event_age_in_seconds",
            fields::req_int(body, "max_async_event_age_in_seconds", 1, 86400)},
           {"max_async_retry_attempts", fields::req_int(body, "max_async_retry_attempts", 0, 3)},
           {"enable_async_status_log",
            fields::opt_bool(body, "enable_async_status_log").value_or(false)},
           {"created_time", existing ? (*existing)["created_time"] : Json(now_rfc3339())},
           {"last_modified", now_plain()}};
  if (auto dc = fields::opt_object(body, "destination_config")) {
    fields::reject_unknown(*dc, {"on_success", "on_failure"}, "destination_config");
    Json out = Json::object();
    for (const char* which : {"on_success", "on_failure"}) {
      if (auto d = fields::opt_object(*dc, which)) out[which] = validate_destination(*d, which);
    }
    if (!out.empty()) cfg["destination_config"] = out;
  }
  world.store.put(kAsync, key, fn.key, cfg);
  return ok(cfg);
}

Json load_async(Request& req, World& world, std::string* key_out) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string key = fn.key + "|" + qualifier_of(fn.urn);
  auto cfg = world.store.get(kAsync, key);
  if (!cfg) fail(404, "FSS.0404", "the function has no asynchronous invocation configuration");
  if (key_out) *key_out = key;
  return *cfg;
}

Reply get_async(Request& req, World& world) {
  return ok(load_async(req, world, nullptr));
}

Reply delete_async(Request& req, World& world) {
  std::string key;
  load_async(req, world, &key);
  world.store.erase(kAsync, key);
  return no_content();
}

}  // namespace

void add_reserved_async_routes(Router& r) {
  const auto F = Family::kFunctionGraph;
  r.add("PUT", "/v2/{project_id}/fgs/functions/{function_urn}/reservedinstances", F, put_reserved);
  r.add("GET", "/v2/{project_id}/fgs/functions/reservedinstanceconfigs", F, list_reserved_configs);
  r.add("GET", "/v2/{project_id}/fgs/functions/reservedinstances", F, list_reserved_legacy);
  r.add("PUT", "/v2/{project_id}/fgs/functions/{function_urn}/async-invoke-config", F, put_async);
  r.add("GET", "/v2/{project_id}/fgs/functions/{function_urn}/async-invoke-config", F, get_async);
  r.add("DELETE", "/v2/{project_id}/fgs/functions/{function_urn}/async-invoke-config", F,
        delete_async);
}

}  // namespace fgform::emulator
