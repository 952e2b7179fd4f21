// Triggers: bound to a function, a version or an alias; event_data is echoed back verbatim.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "fg_model.h"
#include "fields.h"
#include "platform_rules.h"
#include "routes.h"

namespace fgform::emulator {
namespace {

using namespace fg;
using fields::opt_string;

// Trigger-type-specific not-found codes.
std::string not_found_code(const std::string& type) {
  static const std::map<std::string, std::string> codes{{"SMN", "FSS.1132"},
                                                        {"OBS", "FSS.1136"},
                                                        {"APIG", "FSS.1138"},
                                                        {"TIMER", "FSS.1140"},
                                                        {"KAFKA", "FSS.1174"}};
  auto it = codes.find(type);
  return it == codes.end() ? "FSS.1131" : it->second;
}

void validate_event_data(const std::string& type, const Json& data) {
  auto need = [&](const char* key) {
    if (!data.contains(key) || (data[key].is_string() && data[key].get<std::string>().empty())) {
      bad_request("event_data." + std::string(key) + " is required for " + type + " triggers");
    }
  };
  auto need_list = [&](const char* key) {
    need(key);
    if (!data[key].is_array() || data[key].empty())
      bad_request("event_data." + std::string(key) + " must be a non-empty list for " + type +
                  " triggers");
  };
  // Absent means the platform default; present must be a whole number in 1..max.
  auto batch_size = [&](long long max) {
    if (!data.contains("batch_size")) return;
    const Json& b = data["batch_size"];
    if (!b.is_number_integer() || b.get<long long>() < 1 || b.get<long long>() > max)
      bad_request("event_data.batch_size must be 1-" + std::to_string(max) + " for " + type +
                  " triggers");
  };
  if (type == "TIMER") {
    need("name");
    need("schedule_type");
    need("schedule");
    std::string name = data.value("name", "");
    if (name.size() > 64 || !std::isalpha(static_cast<unsigned char>(name[0]))) {
      bad_request("event_data.name must be 1-64 characters starting with a letter");
    }
    std::string kind = data.value("schedule_type", "");
    std::string schedule = data.value("schedule", "");
    std::string msg;
    if (kind == "Rate")
      msg = rules::check_rate(schedule);
    else if (kind == "Cron")
      msg = rules::check_cron(schedule);
    else
      msg = "event_data.schedule_type must be Rate or Cron";
    if (!msg.empty()) bad_request(msg);
    if (data.value("user_event", "").size() > 2048)
      bad_request("event_data.user_event exceeds 2048 characters");
  } else if (type == "APIG" || type == "DEDICATEDGATEWAY" || type == "APIC") {
    need("group_id");
    need("name");
    // Dedicated gateways and API Connect live in an instance of their own.
    if (type != "APIG") need("instance_id");
    std::string protocol = data.value("protocol", "HTTPS");
    if (protocol != "HTTP" && protocol != "HTTPS")
      bad_request("event_data.protocol must be HTTP or HTTPS");
    std::string auth = data.value("auth", "IAM");
    if (auth != "IAM" && auth != "APP" && auth != "NONE")
      bad_request("event_data.auth must be IAM, APP or NONE");
  } else if (type == "OBS") {
    need("bucket");
    need("events");
  } else if (type == "SMN") {
    need("topic_urn");
  } else if (type == "KAFKA") {
    need("topic_ids");
    batch_size(1000);
  } else if (type == "OPENSOURCEKAFKA") {
    need("kafka_connect_address");
    need_list("topic_ids");
    batch_size(1000);
  } else if (type == "DIS") {
    need("stream_name");
    if (data.contains("max_fetch_bytes")) {
      const Json& b = data["max_fetch_bytes"];
      if (!b.is_number_integer() || b.get<long long>() < 1024 || b.get<long long>() > 4194304)
        bad_request("event_data.max_fetch_bytes must be 1024-4194304 for DIS triggers");
    }
    const std::string unit = data.value("polling_unit", "ms");
    if (unit != "ms" && unit != "s") bad_request("event_data.polling_unit must be ms or s");
    if (data.contains("is_serial") && !data["is_serial"].is_boolean() &&
        data["is_serial"] != "true" && data["is_serial"] != "false")
      bad_request("event_data.is_serial must be true or false");
  } else if (type == "LTS") {
    need("log_group_id");
    need("log_topic_id");
  } else if (type == "CTS") {
    need("name");
    need_list("operations");
    for (const auto& op : data["operations"]) {
      // <service type>:<resource type>:<trace name>, as the console builds them.
      const std::string text = op.is_string() ? op.get<std::string>() : "";
      const auto first = text.find(':');
      const auto second = first == std::string::npos ? first : text.find(':', first + 1);
      if (second == std::string::npos || first == 0 || second == first + 1 ||
          second + 1 == text.size() || text.find(':', second + 1) != std::string::npos) {
        bad_request("event_data.operations: \"" + text +
                    "\" is not <service type>:<resource type>:<trace name>");
      }
    }
  } else if (type == "DDS" || type == "GAUSSMONGO") {
    need("instance_id");
    need("db_name");
    need("collection_name");
    need("db_password");
    const std::string db = data.value("db_name", "");
    if (db == "admin" || db == "local" || db == "config")
      bad_request("event_data.db_name " + db + " is a reserved database name");
    batch_size(10000);
  } else if (type == "DMS") {
    need("queue_id");
    need("consumer_group_id");
    batch_size(10);
    if (data.contains("polling_interval")) {
      const Json& p = data["polling_interval"];
      if (!p.is_number_integer() || p.get<long long>() < 1 || p.get<long long>() > 60)
        bad_request("event_data.polling_interval must be 1-60 (seconds) for DMS triggers");
    }
  } else if (type == "RABBITMQ") {
    need("connect_address");
    need("exchange_name");
    batch_size(1000);
  } else if (type == "EVENTGRID") {
    need("channel_id");
    need("source_name");
    need("trigger_name");
  }
}

// The user guide: "SMN, APIG triggers cannot be disabled and can only be deleted."
void check_status(const std::string& type, const std::string& status) {
  if (status != "ACTIVE" && status != "DISABLED")
    bad_request("trigger_status must be ACTIVE or DISABLED");
  if (status == "DISABLED" && (type == "SMN" || type == "APIG"))
    bad_request(type + " triggers cannot be disabled; delete the trigger instead");
}

std::string default_status(const std::string& type) {
  // Database and Kafka triggers start disabled on the real service (the user guide says so
  // for open-source Kafka as well).
  return (type == "DDS" || type == "KAFKA" || type == "GAUSSMONGO" || type == "OPENSOURCEKAFKA")
             ? "DISABLED"
             : "ACTIVE";
}

// Keys naming a password: the platform takes them and never answers them.
bool secret_key(const std::string& key) {
  std::string lower = key;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("password") != std::string::npos;
}

// The trigger as the API answers it: without internal fields and without its secrets.
Json view(const Json& t) {
  Json out = public_view(t);
  if (out.contains("event_data") && out["event_data"].is_object()) {
    Json& data = out["event_data"];
    for (auto it = data.begin(); it != data.end();) {
      if (secret_key(it.key()))
        it = data.erase(it);
      else
        ++it;
    }
  }
  return out;
}

Reply create_trigger(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string qualifier = qualifier_of(fn.urn);
  require_qualifier(world, fn, qualifier);
  const Json& body = req.json();
  fields::reject_unknown(body,
                         {"trigger_type_code", "trigger_status", "event_type_code", "event_data"},
                         "the create-trigger request");
  const std::string type = fields::req_string(body, "trigger_type_code", 32);
  const auto& types = rules::trigger_types();
  if (std::find(types.begin(), types.end(), type) == types.end()) {
    std::string all;
    for (const auto& t : types) all += (all.empty() ? "" : ", ") + t;
    bad_request("trigger_type_code \"" + type + "\" is invalid; use one of " + all);
  }
  auto data = fields::opt_object(body, "event_data");
  if (!data) bad_request("event_data is required");
  validate_event_data(type, *data);
  std::string status = opt_string(body, "trigger_status", 16).value_or(default_status(type));
  check_status(type, status);
  if (type == "TIMER") {
    for (const auto& t : world.store.list(kTrigger, fn.key)) {
      if (t.value("trigger_type_code", "") == "TIMER" &&
          t["event_data"].value("name", "") == (*data)["name"]) {
        fail(409, "FSS.1064",
             "a timer trigger named " + data->value("name", "") + " already exists");
      }
    }
  }
  const std::string now = now_rfc3339();
  const std::string id = new_uuid();
  Json trigger{
      {"trigger_id", id},
      {"trigger_type_code", type},
      {"trigger_status", status},
      {"event_type_code", opt_string(body, "event_type_code", 64).value_or("MessageCreated")},
      {"event_data", *data},
      {"last_updated_time", now},
      {"created_time", now},
      {"_qualifier", qualifier},
      {"_func_urn", fn.urn.with_qualifier(qualifier)}};
  world.store.put(kTrigger, id, fn.key, trigger);
  return ok(view(trigger), 201);
}

// 500 FSS.0500 when the function is gone (what the real service answers), 404 when the
// trigger is.
Json load_trigger(World& world, Request& req, FunctionRef* fn_out = nullptr) {
  FunctionRef fn = [&] {
    try {
      return load_function(world, req.param("function_urn"));
    } catch (const ApiFailure& f) {
      if (f.status == 404) fail(500, "FSS.0500", "Error getting associated function");
      throw;
    }
  }();
  auto t = world.store.get(kTrigger, req.param("trigger_id"));
  const std::string type = req.param("trigger_type_code");
  if (!t || t->value("trigger_type_code", "") != type ||
      t->value("_func_urn", "").rfind(fn.urn.unqualified(), 0) != 0) {
    fail(404, not_found_code(type), "Not found the trigger: " + req.param("trigger_id"));
  }
  if (fn_out) *fn_out = std::move(fn);
  return *t;
}

Reply get_trigger(Request& req, World& world) {
  return ok(view(load_trigger(world, req)));
}

Reply update_trigger(Request& req, World& world) {
  FunctionRef fn;
  Json t = load_trigger(world, req, &fn);
  const Json& body = req.json();
  fields::reject_unknown(body, {"trigger_status", "event_data"}, "the update-trigger request");
  if (auto status = opt_string(body, "trigger_status", 16)) {
    check_status(t.value("trigger_type_code", ""), *status);
    t["trigger_status"] = *status;
  }
  if (auto data = fields::opt_object(body, "event_data")) {
    // The update call takes only the polling settings (the official SDK's update model holds
    // these four keys). Other keys may be sent back unchanged, as whole-object clients do, but
    // changing one is refused: the trigger must be deleted and created again.
    static const std::set<std::string> kUpdatable{"is_serial", "max_fetch_bytes",
                                                  "polling_interval", "polling_unit"};
    const std::string type = t.value("trigger_type_code", "");
    Json merged = t["event_data"];
    for (const auto& [key, value] : data->items()) {
      if (!kUpdatable.contains(key)) {
        if (secret_key(key) && merged.contains(key) && merged[key] != value) {
          // Never echoed: a client may send a secret back only to have it checked.
          bad_request("event_data." + key + " differs from the " + type +
                      " trigger's; it cannot be updated: delete the trigger and create it again");
        }
        if (!merged.contains(key) || merged[key] != value)
          bad_request("event_data." + key + " of a " + type +
                      " trigger cannot be updated; delete the trigger and create it again");
        continue;
      }
      if (!merged.contains(key))
        bad_request("event_data." + key + " does not apply to " + type + " triggers");
      merged[key] = value;
    }
    validate_event_data(type, merged);
    t["event_data"] = merged;
  }
  t["last_updated_time"] = now_rfc3339();
  world.store.put(kTrigger, t.value("trigger_id", ""), fn.key, t);
  return ok(view(t));
}

Reply delete_trigger(Request& req, World& world) {
  Json t = load_trigger(world, req);
  world.store.erase(kTrigger, t.value("trigger_id", ""));
  return no_content();
}

Reply list_triggers(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  const std::string qualifier = qualifier_of(fn.urn);
  Json out = Json::array();
  for (const auto& t : world.store.list(kTrigger, fn.key)) {
    if (t.value("_qualifier", "") == qualifier) out.push_back(view(t));
  }
  return ok(out);
}

// Every trigger of the project, of every function and qualifier: {triggers, next_marker, count}
// with func_urn on each item (the official provider's all-triggers data source reads these).
// An emulator serves one project, so every stored trigger is the project's.
Reply list_project_triggers(Request& req, World& world) {
  const long marker = req.query_long("marker", 0, 0, 1L << 30);
  const long maxitems = req.query_long("maxitems", 500, 1, 500);
  const long total = world.store.count_all(kTrigger);
  Json items = Json::array();
  for (const auto& t : world.store.list_all_page(kTrigger, marker, maxitems)) {
    Json item = view(t);
    item["func_urn"] = t.value("_func_urn", "");
    items.push_back(std::move(item));
  }
  return ok(Json{
      {"triggers", items}, {"next_marker", next_marker(marker, items, total)}, {"count", total}});
}

Reply delete_all_triggers(Request& req, World& world) {
  FunctionRef fn = load_function(world, req.param("function_urn"));
  world.store.erase_children(kTrigger, fn.key);
  return no_content();
}

}  // namespace

void add_trigger_routes(Router& r) {
  const auto F = Family::kFunctionGraph;
  const std::string one =
      "/v2/{project_id}/fgs/triggers/{function_urn}/{trigger_type_code}/{trigger_id}";
  r.add("POST", "/v2/{project_id}/fgs/triggers/{function_urn}", F, create_trigger);
  r.add("GET", "/v2/{project_id}/fgs/triggers", F, list_project_triggers);
  r.add("GET", "/v2/{project_id}/fgs/triggers/{function_urn}", F, list_triggers);
  r.add("DELETE", "/v2/{project_id}/fgs/triggers/{function_urn}", F, delete_all_triggers);
  r.add("GET", one, F, get_trigger);
  r.add("PUT", one, F, update_trigger);
  r.add("DELETE", one, F, delete_trigger);
}

}  // namespace fgform::emulator
