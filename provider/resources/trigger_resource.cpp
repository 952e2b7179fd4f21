// functiongraph_trigger: one typed block per trigger type, mapped to the platform's event_data.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "cloud/urn.h"
#include "json_values.h"
#include "planner.h"
#include "schema/formats.h"
#include "schema/registry.h"
#include "trigger_resource.h"

namespace fgform::resources {
namespace {

using cloud::field_of;
using cloud::Json;
using cloud::object_of;
using cloud::text_of;
using value::Diagnostic;
using value::Path;
using value::Type;

constexpr const char* kBlocks[] = {"timer",
                                   "apig",
                                   "obs",
                                   "smn",
                                   "kafka",
                                   "dis",
                                   "lts",
                                   "cts",
                                   "dds",
                                   "rabbitmq",
                                   "opensource_kafka",
                                   "apic",
                                   "geminidb_mongo",
                                   "dms_queue",
                                   "eventgrid",
                                   "generic"};

// The event_data keys the platform's update call accepts (the official SDK's update model
// holds these four and nothing else); every other key is fixed once the trigger exists.
constexpr const char* kUpdatableEventKeys[] = {"is_serial", "max_fetch_bytes", "polling_interval",
                                               "polling_unit"};

bool updatable_event_key(const std::string& key) {
  return std::find(std::begin(kUpdatableEventKeys), std::end(kUpdatableEventKeys), key) !=
         std::end(kUpdatableEventKeys);
}

// Secrets in event_data: the platform takes them and never answers them (the official provider
// treats keys naming a password the same way).
bool secret_event_key(const std::string& key) {
  std::string lower = key;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("password") != std::string::npos;
}

// Whether `data` holds a value for `key`: an empty string is what a secret the state does not
// know turns into.
bool holds(const Json& data, const std::string& key) {
  auto it = data.find(key);
  return it != data.end() && !it->is_null() && *it != "";
}

long long num(const Value& v, const char* name, long long fallback) {
  return is_set(v, name) ? v.attribute(name).as_number().to_int64().value_or(fallback) : fallback;
}

Json string_array(const Value& set) {
  Json out = Json::array();
  if (set.is_known() && !set.is_null()) {
    for (const auto& e : set.elements()) out.push_back(e.as_string());
  }
  return out;
}

Value string_set(const Json& array) {
  Value::Elements items;
  for (const auto& e : cloud::as_array(array)) {
    if (e.is_string()) items.push_back(Value::string(e.get<std::string>()));
  }
  return Value::set(Type::string(), std::move(items));
}

class TriggerResource : public Resource {
 public:
  const schema::Schema& schema() const override { return builtin_schema("functiongraph_trigger"); }

  Diagnostics validate(const Value& config) const override {
    Diagnostics d;
    if (config.is_null() || !config.is_known()) return d;
    int set = 0;
    for (const char* b : kBlocks) set += is_set(config, b) ? 1 : 0;
    if (set != 1) {
      d.add(Diagnostic::error(
          "One trigger type is needed",
          "Set exactly one of the timer, apig, obs, smn, kafka, dis, lts, cts, dds, rabbitmq, "
          "opensource_kafka, apic, geminidb_mongo, dms_queue, eventgrid or generic blocks (found " +
              std::to_string(set) + ")."));
    }
    // The user guide: SMN and (shared) APIG triggers cannot be disabled, only deleted.
    Value status = config.attribute("status");
    if (status.is_known() && !status.is_null() && status.as_string() == "DISABLED") {
      const bool shared_apig = is_set(config, "apig") &&
                               !is_set(config.attribute("apig"), "instance_id") &&
                               config.attribute("apig").attribute("instance_id").is_known();
      if (is_set(config, "smn") || shared_apig) {
        d.add(Diagnostic::error("This trigger cannot be disabled",
                                "The platform does not disable SMN and API Gateway (shared) "
                                "triggers; remove the trigger instead.")
                  .at(Path::attribute("status")));
      }
    }
    if (is_set(config, "timer")) {
      Value t = config.attribute("timer");
      Value kind = t.attribute("schedule_type");
      Value schedule = t.attribute("schedule");
      if (kind.is_known() && !kind.is_null() && schedule.is_known() && !schedule.is_null()) {
        const std::string msg = kind.as_string() == "Cron"
                                    ? schema::check_cron(schedule.as_string())
                                    : schema::check_rate(schedule.as_string());
        if (!msg.empty())
          d.add(Diagnostic::error("Invalid timer schedule", msg)
                    .at(Path::attribute("timer").attr("schedule")));
      }
    }
    return d;
  }

  // generic.event_data is one JSON string: only a change outside the updatable keys replaces.
  std::vector<Path> replace_paths(const Value& prior, const Value& planned) const override {
    if (!is_set(prior, "generic") || !is_set(planned, "generic")) return {};
    const Value before = prior.attribute("generic").attribute("event_data");
    const Value after = planned.attribute("generic").attribute("event_data");
    if (!before.is_known() || !after.is_known() || before.is_null() || after.is_null() ||
        before == after)
      return {};
    // Compared over the keys the plan sets: those are the ones read back and managed (a key
    // dropped from the configuration stays on the platform, unmanaged, as after an import).
    const Json was = Json::parse(before.as_string(), nullptr, false);
    const Json will = Json::parse(after.as_string(), nullptr, false);
    bool fixed_changed = !was.is_object() || !will.is_object();
    for (auto it = will.begin(); !fixed_changed && it != will.end(); ++it) {
      if (updatable_event_key(it.key())) continue;
      // A secret the state does not hold (after an import) is sent for the platform to check.
      if (secret_event_key(it.key()) && !holds(was, it.key())) continue;
      fixed_changed = !was.contains(it.key()) || was[it.key()] != it.value();
    }
    if (!fixed_changed) return {};
    return {Path::attribute("generic").attr("event_data")};
  }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto [type, data] = trigger_event_of(planned);
    Json body{{"trigger_type_code", type}, {"event_data", data}};
    if (is_set(planned, "status")) body["trigger_status"] = text_or(planned, "status");
    auto r = p.functiongraph().create_trigger(text_or(planned, "function_urn"), body);
    if (!r) {
      out.diagnostics.add(api_error("creating the " + type + " trigger", r.error()));
      return out;
    }
    // Without its ID the trigger cannot be read, updated or deleted again.
    if (text_of(*r, "trigger_id").empty()) {
      out.diagnostics.add(created_without_id("creating the " + type + " trigger",
                                             "\"trigger_id\" text",
                                             "<function URN>/<type>/<trigger ID>"));
      return out;
    }
    out.value = trigger_state_of(schema(), planned, *r);
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto r = p.functiongraph().get_trigger(text_or(current, "function_urn"),
                                           text_or(current, "type"), text_or(current, "id"));
    if (!r) {
      // A trigger of a deleted function answers 500 FSS.0500: gone as well.
      const bool gone = r.error().kind == cloud::ErrorKind::kNotFound ||
                        (r.error().http_status == 500 && r.error().error_code == "FSS.0500");
      if (!gone) {
        out.value = current;
        out.diagnostics.add(api_error("reading trigger " + text_or(current, "id"), r.error()));
      }
      return out;
    }
    if (!r->is_object())
      return unusable_read(current, "reading trigger " + text_or(current, "id"),
                           "the trigger is not a JSON object");
    out.value = trigger_state_of(schema(), current, *r);
    return out;
  }

  // A batched refresh (issue 12): one listing of every trigger of the project, 500 a page,
  // instead of a GET per trigger. A trigger the listing lacks, or lists without what a read
  // takes, is read on its own as before, which also tells "gone" from an error: nothing is
  // detected differently.
  std::vector<Outcome> read_many(Platform& p, const std::vector<Value>& current) override {
    if (current.size() < 2) return Resource::read_many(p, current);
    std::set<std::string> wanted;
    for (const auto& c : current) wanted.insert(text_or(c, "id"));
    auto listed = p.functiongraph().list_all_triggers();
    if (!listed) return Resource::read_many(p, current);
    std::map<std::string, Json> by_id;
    for (auto& t : *listed) {
      const std::string id = text_of(t, "trigger_id");
      if (!id.empty() && wanted.count(id)) by_id[id] = std::move(t);
    }
    std::vector<Outcome> out;
    out.reserve(current.size());
    for (const auto& c : current) {
      auto it = by_id.find(text_or(c, "id"));
      if (it == by_id.end() || !complete_listing(it->second, text_or(c, "function_urn"))) {
        out.push_back(read(p, c));
        continue;
      }
      out.push_back({trigger_state_of(schema(), c, it->second), {}});
    }
    return out;
  }

  bool reads_in_batches() const override { return true; }

  // Whether a listed trigger carries what a read takes, bound to the function the state names.
  static bool complete_listing(const Json& t, const std::string& function_urn) {
    for (const char* key : {"trigger_type_code", "trigger_status", "func_urn"}) {
      const Json* f = field_of(t, key);
      if (!f || !f->is_string()) return false;
    }
    if (const Json* data = field_of(t, "event_data"); !data || !data->is_object()) return false;
    // A trigger on an unqualified URN is bound to latest.
    auto bound_to = [](std::string_view urn) -> std::optional<std::string> {
      auto u = cloud::FunctionUrn::parse(urn);
      if (!u) return std::nullopt;
      return u->bound();
    };
    auto listed = bound_to(text_of(t, "func_urn"));
    return listed && listed == bound_to(function_urn);
  }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    // Only what the update call accepts: the status, and the updatable event_data keys of
    // this type (the plan replaces the trigger for any other change). A secret the state did
    // not hold (an import) goes too: the platform takes unchanged keys back and refuses a
    // different value, so a wrong password fails here instead of being recorded unchecked.
    Json body{{"trigger_status", text_or(planned, "status", text_or(prior, "status"))}};
    Json updatable = Json::object();
    const Json data = trigger_event_of(planned).data;
    for (const char* key : kUpdatableEventKeys) {
      if (data.contains(key)) updatable[key] = data[key];
    }
    const Json before = trigger_event_of(prior).data;
    for (const auto& [key, value] : data.items()) {
      if (secret_event_key(key) && holds(data, key) && !holds(before, key)) updatable[key] = value;
    }
    if (!updatable.empty()) body["event_data"] = updatable;
    auto r = p.functiongraph().update_trigger(text_or(prior, "function_urn"),
                                              text_or(prior, "type"), text_or(prior, "id"), body);
    if (!r) {
      out.diagnostics.add(api_error("updating trigger " + text_or(prior, "id"), r.error()));
      return out;
    }
    if (!r->is_object()) {  // an answer without the trigger: read it back instead
      auto back = read(p, planned);
      out.diagnostics.append(back.diagnostics);
      if (!back.value.is_null()) out.value = back.value;
      return out;
    }
    out.value = trigger_state_of(schema(), planned, *r);
    return out;
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto r = p.functiongraph().delete_trigger(text_or(prior, "function_urn"),
                                              text_or(prior, "type"), text_or(prior, "id"));
    if (!r && r.error().kind != cloud::ErrorKind::kNotFound && r.error().http_status != 500) {
      d.add(api_error("deleting trigger " + text_or(prior, "id"), r.error()));
    }
    return d;
  }

  Outcome import(Platform&, const std::string& whole_id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    // `.../generic` at the end: into the generic block even when the type has a typed one.
    const std::string kGeneric = "/generic";
    const bool generic =
        whole_id.size() > kGeneric.size() &&
        whole_id.compare(whole_id.size() - kGeneric.size(), kGeneric.size(), kGeneric) == 0;
    const std::string id =
        generic ? whole_id.substr(0, whole_id.size() - kGeneric.size()) : whole_id;
    const std::size_t last = id.rfind('/');
    const std::size_t middle =
        last == std::string::npos ? std::string::npos : id.rfind('/', last - 1);
    if (middle == std::string::npos || !cloud::FunctionUrn::parse(id.substr(0, middle))) {
      out.diagnostics.add(Diagnostic::error(
          "Invalid import ID", "\"" + whole_id +
                                   "\" is not <function URN>/<trigger type>/<trigger ID>, "
                                   "optionally followed by /generic."));
      return out;
    }
    const std::string type = id.substr(middle + 1, last - middle - 1);
    Value::Entries e{{"function_urn", Value::string(id.substr(0, middle))},
                     {"type", Value::string(type)},
                     {"id", Value::string(id.substr(last + 1))}};
    if (generic) {
      const schema::Block& inner = schema().block.block("generic")->block;
      e["generic"] = Value::object(
          inner.implied_type(),
          {{"type", Value::string(type)}, {"event_data", Value::null(Type::string())}});
    }
    out.value = conform(schema().block, Value::object(std::move(e)));
    return out;
  }
};

}  // namespace

namespace {

// The block named `name` of `v`, or a null of the block's type when it is not set.
Value block_or_null(const schema::Schema& schema, const Value& v, const char* name) {
  return is_set(v, name) ? v.attribute(name)
                         : Value::null(schema.block.block(name)->block.implied_type());
}

// Reads one block's attributes back from event_data. What the platform answers wins, so drift
// shows; what it does not answer (write-only secrets, keys EventGrid drops) comes from `known`.
class EventReader {
 public:
  EventReader(const Json& data, Value known) : d_(data), k_(std::move(known)) {}

  Value text(const char* key) const { return string_field(d_, key); }
  Value number(const char* key) const { return number_field(d_, key); }
  Value strings(const char* key) const { return string_set(cloud::array_of(d_, key)); }
  // The platform writes flags as booleans or as "true"/"false".
  Value flag(const char* key) const {
    const Json* f = field_of(d_, key);
    if (f && f->is_boolean()) return Value::boolean(f->get<bool>());
    if (f && f->is_string()) return Value::boolean(f->get<std::string>() == "true");
    return Value::null(Type::boolean());
  }
  // The known value of `attribute`, for keys the platform never returns.
  Value kept(const char* attribute) const { return k_.attribute(attribute); }
  // `read` when the answer has `key`, else the known value.
  Value answered_or_kept(const char* key, const char* attribute, Value read) const {
    return field_of(d_, key) ? std::move(read) : kept(attribute);
  }

 private:
  const Json& d_;
  Value k_;
};

// Type codes a typed block reads back; any other code is read into `generic`.
bool typed_trigger_type(const std::string& type) {
  static const std::set<std::string> kTyped{"TIMER",    "APIG",     "DEDICATEDGATEWAY",
                                            "APIC",     "OBS",      "SMN",
                                            "KAFKA",    "DIS",      "LTS",
                                            "CTS",      "DDS",      "GAUSSMONGO",
                                            "DMS",      "RABBITMQ", "OPENSOURCEKAFKA",
                                            "EVENTGRID"};
  return kTyped.contains(type);
}

// The generic block as read back: only the event_data keys the configuration sets (the
// platform adds its own, such as an APIG trigger's invoke_url), a key it does not answer kept
// as configured (secrets), and the configured text itself when the JSON is the same, so
// formatting never shows as a change. Without a configuration (import), all of event_data.
Value generic_state_of(const schema::Block& block, const Value& known, const std::string& type,
                       const Json& data) {
  const schema::Block& inner = block.block("generic")->block;
  Value known_data = known.is_null() || !known.is_known() ? Value::null(Type::string())
                                                          : known.attribute("event_data");
  std::string text = data.dump();
  if (known_data.is_known() && !known_data.is_null()) {
    const Json configured = Json::parse(known_data.as_string(), nullptr, false);
    if (configured.is_object()) {
      Json seen = Json::object();
      for (const auto& [key, value] : configured.items()) {
        const Json* answered = field_of(data, key);
        seen[key] = answered ? *answered : value;
      }
      text = seen == configured ? known_data.as_string() : seen.dump();
    }
  }
  return Value::object(inner.implied_type(),
                       {{"type", Value::string(type)}, {"event_data", Value::string(text)}});
}

}  // namespace

TriggerEvent trigger_event_of(const Value& v) {
  if (is_set(v, "timer")) {
    Value t = v.attribute("timer");
    Json d{{"name", text_or(t, "name")},
           {"schedule_type", text_or(t, "schedule_type")},
           {"schedule", text_or(t, "schedule")}};
    if (is_set(t, "user_event")) d["user_event"] = text_or(t, "user_event");
    return {"TIMER", d};
  }
  for (const char* gateway : {"apig", "apic"}) {
    if (!is_set(v, gateway)) continue;
    const bool apic = std::string(gateway) == "apic";
    Value a = v.attribute(gateway);
    const std::string name = text_or(a, "api_name");
    Json d{{"group_id", text_or(a, "group_id")},
           {"name", name},
           {"env_name", text_or(a, "env_name", "RELEASE")},
           {"auth", text_or(a, "auth", apic ? "APP" : "IAM")},
           {"protocol", text_or(a, "protocol", "HTTPS")},
           {"req_method", text_or(a, "request_method", "ANY")},
           {"path", text_or(a, "path", "/" + name)},
           {"match_mode", "SWA"},
           {"backend_type", "FUNCTION"},
           {"type", 1},
           {"func_info", {{"timeout", num(a, "timeout", 5000)}}}};
    if (is_set(a, "instance_id")) d["instance_id"] = text_or(a, "instance_id");
    if (apic) {
      if (is_set(a, "roma_app_id")) d["roma_app_id"] = text_or(a, "roma_app_id");
      return {"APIC", d};
    }
    return {is_set(a, "instance_id") ? "DEDICATEDGATEWAY" : "APIG", d};
  }
  if (is_set(v, "obs")) {
    Value o = v.attribute("obs");
    Json d{{"bucket", text_or(o, "bucket")},
           {"events", string_array(o.attribute("events"))},
           {"name", text_or(o, "event_notification_name")},
           {"prefix", text_or(o, "prefix")},
           {"suffix", text_or(o, "suffix")}};
    return {"OBS", d};
  }
  if (is_set(v, "smn"))
    return {"SMN", Json{{"topic_urn", text_or(v.attribute("smn"), "topic_urn")}}};
  if (is_set(v, "kafka")) {
    Value k = v.attribute("kafka");
    Json d{{"instance_id", text_or(k, "instance_id")},
           {"topic_ids", string_array(k.attribute("topic_ids"))},
           {"batch_size", num(k, "batch_size", 100)}};
    if (is_set(k, "user_name")) d["kafka_user"] = text_or(k, "user_name");
    if (is_set(k, "password")) d["kafka_password"] = text_or(k, "password");
    return {"KAFKA", d};
  }
  if (is_set(v, "dis")) {
    Value s = v.attribute("dis");
    Json d{
        {"stream_name", text_or(s, "stream_name")},
        {"sharditerator_type", text_or(s, "starting_position", "TRIM_HORIZON")},
        {"max_fetch_bytes", num(s, "max_fetch_bytes", 1048576)},
        {"polling_interval", num(s, "pull_period", 30000)},
        {"polling_unit", "ms"},
        {"is_serial", is_set(s, "serial") && !s.attribute("serial").as_bool() ? "false" : "true"}};
    return {"DIS", d};
  }
  if (is_set(v, "lts")) {
    Value l = v.attribute("lts");
    return {"LTS", Json{{"log_group_id", text_or(l, "log_group_id")},
                        {"log_topic_id", text_or(l, "log_topic_id")}}};
  }
  if (is_set(v, "cts")) {
    Value c = v.attribute("cts");
    return {"CTS", Json{{"name", text_or(c, "name")},
                        {"operations", string_array(c.attribute("operations"))}}};
  }
  for (const char* mongo : {"dds", "geminidb_mongo"}) {
    if (!is_set(v, mongo)) continue;
    Value m = v.attribute(mongo);
    return {std::string(mongo) == "dds" ? "DDS" : "GAUSSMONGO",
            Json{{"instance_id", text_or(m, "instance_id")},
                 {"db_name", text_or(m, "db_name")},
                 {"collection_name", text_or(m, "collection_name")},
                 {"db_user", text_or(m, "db_user", "rwuser")},
                 {"db_password", text_or(m, "db_password")},
                 {"batch_size", num(m, "batch_size", 100)}}};
  }
  if (is_set(v, "rabbitmq")) {
    Value r = v.attribute("rabbitmq");
    Json d{{"connect_address", text_or(r, "connect_address")},
           {"exchange_name", text_or(r, "exchange_name")},
           {"vhost", text_or(r, "vhost", "/")},
           {"ssl_enable", is_set(r, "ssl_enable") && r.attribute("ssl_enable").as_bool()},
           {"batch_size", num(r, "batch_size", 100)}};
    if (is_set(r, "user_name")) d["access_user"] = text_or(r, "user_name");
    if (is_set(r, "password")) d["access_password"] = text_or(r, "password");
    return {"RABBITMQ", d};
  }
  if (is_set(v, "opensource_kafka")) {
    Value k = v.attribute("opensource_kafka");
    Json d{{"kafka_connect_address", text_or(k, "connect_address")},
           {"topic_ids", string_array(k.attribute("topic_ids"))},
           {"batch_size", num(k, "batch_size", 100)},
           {"kafka_ssl_enable", is_set(k, "ssl_enable") && k.attribute("ssl_enable").as_bool()}};
    if (is_set(k, "user_name")) d["kafka_user"] = text_or(k, "user_name");
    if (is_set(k, "password")) d["kafka_password"] = text_or(k, "password");
    return {"OPENSOURCEKAFKA", d};
  }
  if (is_set(v, "dms_queue")) {
    Value q = v.attribute("dms_queue");
    return {"DMS", Json{{"queue_id", text_or(q, "queue_id")},
                        {"consumer_group_id", text_or(q, "consumer_group_id")},
                        {"polling_interval", num(q, "polling_interval", 30)},
                        {"batch_size", num(q, "batch_size", 10)}}};
  }
  if (is_set(v, "generic")) {
    Value g = v.attribute("generic");
    Json d = Json::parse(text_or(g, "event_data", "{}"), nullptr, false);
    return {text_or(g, "type"), d.is_object() ? d : Json::object()};
  }
  Value g = v.attribute("eventgrid");
  Json d{{"channel_id", text_or(g, "channel_id")},
         {"source_name", text_or(g, "source_name")},
         {"trigger_name", text_or(g, "trigger_name")}};
  for (const auto& [attribute, key] :
       {std::pair{"channel_name", "channel_name"}, std::pair{"agency", "agency"},
        std::pair{"bucket", "bucket"}}) {
    if (is_set(g, attribute)) d[key] = text_or(g, attribute);
  }
  if (is_set(g, "event_types")) d["event_types"] = string_array(g.attribute("event_types"));
  // The platform spells this one key with a capital K.
  if (is_set(g, "key_encode")) d["Key_encode"] = g.attribute("key_encode").as_bool();
  return {"EVENTGRID", d};
}

Value trigger_state_of(const schema::Schema& schema, const Value& known, const Json& t) {
  const auto& block = schema.block;
  const std::string type = text_of(t, "trigger_type_code", text_or(known, "type"));
  const Json& d = object_of(t, "event_data");
  // The ID the answer gives, else the known one (an update's answer may leave it out).
  Value id = string_field(t, "trigger_id");
  if (id.is_null()) id = known.attribute("id");
  Value::Entries e{{"id", id},
                   {"function_urn", known.attribute("function_urn")},
                   {"status", string_field(t, "trigger_status")},
                   {"type", Value::string(type)},
                   {"created_at", string_field(t, "created_time")},
                   {"updated_at", string_field(t, "last_updated_time")}};
  auto obj = [&](const char* name, Value::Entries attrs) {
    e[name] = Value::object(block.block(name)->block.implied_type(), std::move(attrs));
  };
  auto reader = [&](const char* name) {
    return EventReader(d, block_or_null(schema, known, name));
  };
  // Optional text the platform answers as "" when unset: "" is kept only if it was configured.
  auto optional_text = [&](const EventReader& r, const char* api, const char* attribute) {
    Value v = string_field(d, api);
    return v.is_null() && !r.kept(attribute).is_null() ? string_field_keep_empty(d, api) : v;
  };
  if (is_set(known, "generic") || !typed_trigger_type(type)) {
    e["generic"] = generic_state_of(block, block_or_null(schema, known, "generic"), type, d);
  } else if (type == "TIMER") {
    auto r = reader("timer");
    obj("timer", {{"name", r.text("name")},
                  {"schedule_type", r.text("schedule_type")},
                  {"schedule", r.text("schedule")},
                  {"user_event", optional_text(r, "user_event", "user_event")}});
  } else if (type == "APIG" || type == "DEDICATEDGATEWAY") {
    auto r = reader("apig");
    obj("apig", {{"group_id", r.text("group_id")},
                 {"api_name", r.text("name")},
                 {"env_name", r.text("env_name")},
                 {"auth", r.text("auth")},
                 {"protocol", r.text("protocol")},
                 {"request_method", r.text("req_method")},
                 {"path", r.text("path")},
                 {"timeout", number_field(object_of(d, "func_info"), "timeout")},
                 {"instance_id", r.text("instance_id")}});
  } else if (type == "OBS") {
    auto r = reader("obs");
    obj("obs", {{"bucket", r.text("bucket")},
                {"events", r.strings("events")},
                {"prefix", optional_text(r, "prefix", "prefix")},
                {"suffix", optional_text(r, "suffix", "suffix")},
                {"event_notification_name", r.text("name")}});
  } else if (type == "SMN") {
    obj("smn", {{"topic_urn", string_field(d, "topic_urn")}});
  } else if (type == "KAFKA") {
    auto r = reader("kafka");
    obj("kafka", {{"instance_id", r.text("instance_id")},
                  {"topic_ids", r.strings("topic_ids")},
                  {"batch_size", r.number("batch_size")},
                  {"user_name", r.text("kafka_user")},
                  {"password", r.kept("password")}});  // write-only on the platform
  } else if (type == "DIS") {
    obj("dis", {{"stream_name", string_field(d, "stream_name")},
                {"starting_position", string_field(d, "sharditerator_type")},
                {"max_fetch_bytes", number_field(d, "max_fetch_bytes")},
                {"pull_period", number_field(d, "polling_interval")},
                {"serial", Value::boolean(text_of(d, "is_serial", "true") != "false")}});
  } else if (type == "LTS") {
    obj("lts", {{"log_group_id", string_field(d, "log_group_id")},
                {"log_topic_id", string_field(d, "log_topic_id")}});
  } else if (type == "CTS") {
    auto r = reader("cts");
    obj("cts", {{"name", r.text("name")}, {"operations", r.strings("operations")}});
  } else if (type == "APIC") {
    obj("apic", {{"instance_id", string_field(d, "instance_id")},
                 {"group_id", string_field(d, "group_id")},
                 {"api_name", string_field(d, "name")},
                 {"roma_app_id", string_field(d, "roma_app_id")},
                 {"env_name", string_field(d, "env_name")},
                 {"auth", string_field(d, "auth")},
                 {"protocol", string_field(d, "protocol")},
                 {"request_method", string_field(d, "req_method")},
                 {"path", string_field(d, "path")},
                 {"timeout", number_field(object_of(d, "func_info"), "timeout")}});
  } else if (type == "DMS") {
    obj("dms_queue", {{"queue_id", string_field(d, "queue_id")},
                      {"consumer_group_id", string_field(d, "consumer_group_id")},
                      {"polling_interval", number_field(d, "polling_interval")},
                      {"batch_size", number_field(d, "batch_size")}});
  } else if (type == "DDS" || type == "GAUSSMONGO") {
    const char* name = type == "DDS" ? "dds" : "geminidb_mongo";
    auto r = reader(name);
    obj(name, {{"instance_id", r.text("instance_id")},
               {"db_name", r.text("db_name")},
               {"collection_name", r.text("collection_name")},
               {"db_user", r.text("db_user")},
               {"db_password", r.kept("db_password")},  // write-only on the platform
               {"batch_size", r.number("batch_size")}});
  } else if (type == "RABBITMQ") {
    auto r = reader("rabbitmq");
    obj("rabbitmq",
        {{"connect_address", r.text("connect_address")},
         {"exchange_name", r.text("exchange_name")},
         {"vhost", r.text("vhost")},
         {"user_name", r.text("access_user")},
         {"password", r.kept("password")},  // write-only on the platform
         {"ssl_enable", r.answered_or_kept("ssl_enable", "ssl_enable", r.flag("ssl_enable"))},
         {"batch_size", r.number("batch_size")}});
  } else if (type == "OPENSOURCEKAFKA") {
    auto r = reader("opensource_kafka");
    obj("opensource_kafka", {{"connect_address", r.text("kafka_connect_address")},
                             {"topic_ids", r.strings("topic_ids")},
                             {"batch_size", r.number("batch_size")},
                             {"user_name", r.text("kafka_user")},
                             {"password", r.kept("password")},  // write-only on the platform
                             {"ssl_enable", r.answered_or_kept("kafka_ssl_enable", "ssl_enable",
                                                               r.flag("kafka_ssl_enable"))}});
  } else if (type == "EVENTGRID") {
    // EventGrid answers only part of what was sent (the platform's own documentation says
    // so), so every key it leaves out keeps its known value instead of showing as a change.
    auto r = reader("eventgrid");
    obj("eventgrid",
        {{"channel_id", r.answered_or_kept("channel_id", "channel_id", r.text("channel_id"))},
         {"channel_name",
          r.answered_or_kept("channel_name", "channel_name", r.text("channel_name"))},
         {"source_name", r.answered_or_kept("source_name", "source_name", r.text("source_name"))},
         {"trigger_name",
          r.answered_or_kept("trigger_name", "trigger_name", r.text("trigger_name"))},
         {"agency", r.answered_or_kept("agency", "agency", r.text("agency"))},
         {"bucket", r.answered_or_kept("bucket", "bucket", r.text("bucket"))},
         {"event_types",
          r.answered_or_kept("event_types", "event_types", r.strings("event_types"))},
         {"key_encode", r.answered_or_kept("Key_encode", "key_encode", r.flag("Key_encode"))}});
  }
  return Value::object(block.implied_type(), std::move(e));
}

std::unique_ptr<Resource> make_trigger_resource() {
  return std::make_unique<TriggerResource>();
}

}  // namespace fgform::resources
