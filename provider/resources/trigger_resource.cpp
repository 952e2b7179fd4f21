// functiongraph_trigger: one typed block per trigger type, mapped to the platform's event_data.
#include <set>

#include "cloud/urn.h"
#include "json_values.h"
#include "planner.h"
#include "schema/formats.h"
#include "schema/registry.h"
#include "trigger_resource.h"

namespace fgform::resources {
namespace {

using cloud::Json;
using value::Diagnostic;
using value::Path;
using value::Type;

constexpr const char* kBlocks[] = {"timer", "apig", "obs", "smn", "kafka", "dis", "lts"};

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
  for (const auto& e : array) {
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
          "Set exactly one of the timer, apig, obs, smn, kafka, dis or lts blocks (found " +
              std::to_string(set) + ")."));
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

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto [type, data] = event_of(planned);
    Json body{{"trigger_type_code", type}, {"event_data", data}};
    if (is_set(planned, "status")) body["trigger_status"] = text_or(planned, "status");
    auto r = p.functiongraph().create_trigger(text_or(planned, "function_urn"), body);
    if (!r) {
      out.diagnostics.add(api_error("creating the " + type + " trigger", r.error()));
      return out;
    }
    out.value = state_of(planned, *r);
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
    out.value = state_of(current, *r);
    return out;
  }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    Json body{{"trigger_status", text_or(planned, "status", text_or(prior, "status"))},
              {"event_data", event_of(planned).second}};
    auto r = p.functiongraph().update_trigger(text_or(prior, "function_urn"),
                                              text_or(prior, "type"), text_or(prior, "id"), body);
    if (!r) {
      out.diagnostics.add(api_error("updating trigger " + text_or(prior, "id"), r.error()));
      return out;
    }
    out.value = state_of(planned, *r);
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

  Outcome import(Platform&, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const std::size_t last = id.rfind('/');
    const std::size_t middle =
        last == std::string::npos ? std::string::npos : id.rfind('/', last - 1);
    if (middle == std::string::npos || !cloud::FunctionUrn::parse(id.substr(0, middle))) {
      out.diagnostics.add(
          Diagnostic::error("Invalid import ID",
                            "\"" + id + "\" is not <function URN>/<trigger type>/<trigger ID>."));
      return out;
    }
    out.value =
        conform(schema().block,
                Value::object({{"function_urn", Value::string(id.substr(0, middle))},
                               {"type", Value::string(id.substr(middle + 1, last - middle - 1))},
                               {"id", Value::string(id.substr(last + 1))}}));
    return out;
  }

 private:
  // The platform's type code and event_data for the configured block.
  static std::pair<std::string, Json> event_of(const Value& v) {
    if (is_set(v, "timer")) {
      Value t = v.attribute("timer");
      Json d{{"name", text_or(t, "name")},
             {"schedule_type", text_or(t, "schedule_type")},
             {"schedule", text_or(t, "schedule")}};
      if (is_set(t, "user_event")) d["user_event"] = text_or(t, "user_event");
      return {"TIMER", d};
    }
    if (is_set(v, "apig")) {
      Value a = v.attribute("apig");
      const std::string name = text_or(a, "api_name");
      Json d{{"group_id", text_or(a, "group_id")},
             {"name", name},
             {"env_name", text_or(a, "env_name", "RELEASE")},
             {"auth", text_or(a, "auth", "IAM")},
             {"protocol", text_or(a, "protocol", "HTTPS")},
             {"req_method", text_or(a, "request_method", "ANY")},
             {"path", text_or(a, "path", "/" + name)},
             {"match_mode", "SWA"},
             {"backend_type", "FUNCTION"},
             {"type", 1},
             {"func_info", {{"timeout", num(a, "timeout", 5000)}}}};
      if (is_set(a, "instance_id")) d["instance_id"] = text_or(a, "instance_id");
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
      Json d{{"stream_name", text_or(s, "stream_name")},
             {"sharditerator_type", text_or(s, "starting_position", "TRIM_HORIZON")},
             {"max_fetch_bytes", num(s, "max_fetch_bytes", 1048576)},
             {"polling_interval", num(s, "pull_period", 30000)},
             {"polling_unit", "ms"},
             {"is_serial",
              is_set(s, "serial") && !s.attribute("serial").as_bool() ? "false" : "true"}};
      return {"DIS", d};
    }
    Value l = v.attribute("lts");
    return {"LTS", Json{{"log_group_id", text_or(l, "log_group_id")},
                        {"log_topic_id", text_or(l, "log_topic_id")}}};
  }

  Value state_of(const Value& known, const Json& t) const {
    const auto& block = schema().block;
    const std::string type = t.value("trigger_type_code", text_or(known, "type"));
    const Json d = t.value("event_data", Json::object());
    Value::Entries e{{"id", string_field(t, "trigger_id")},
                     {"function_urn", known.attribute("function_urn")},
                     {"status", string_field(t, "trigger_status")},
                     {"type", Value::string(type)},
                     {"created_at", string_field(t, "created_time")},
                     {"updated_at", string_field(t, "last_updated_time")}};
    auto obj = [&](const char* name, Value::Entries attrs) {
      e[name] = Value::object(block.block(name)->block.implied_type(), std::move(attrs));
    };
    auto optional_text = [&](const Value& k, const char* api, const char* attribute) {
      Value v = string_field(d, api);
      return v.is_null() && is_set(k, attribute) ? string_field_keep_empty(d, api) : v;
    };
    if (type == "TIMER") {
      Value k = is_set(known, "timer") ? known.attribute("timer")
                                       : Value::null(block.block("timer")->block.implied_type());
      obj("timer", {{"name", string_field(d, "name")},
                    {"schedule_type", string_field(d, "schedule_type")},
                    {"schedule", string_field(d, "schedule")},
                    {"user_event", optional_text(k, "user_event", "user_event")}});
    } else if (type == "APIG" || type == "DEDICATEDGATEWAY") {
      obj("apig", {{"group_id", string_field(d, "group_id")},
                   {"api_name", string_field(d, "name")},
                   {"env_name", string_field(d, "env_name")},
                   {"auth", string_field(d, "auth")},
                   {"protocol", string_field(d, "protocol")},
                   {"request_method", string_field(d, "req_method")},
                   {"path", string_field(d, "path")},
                   {"timeout", number_field(d.value("func_info", Json::object()), "timeout")},
                   {"instance_id", string_field(d, "instance_id")}});
    } else if (type == "OBS") {
      Value k = is_set(known, "obs") ? known.attribute("obs")
                                     : Value::null(block.block("obs")->block.implied_type());
      obj("obs", {{"bucket", string_field(d, "bucket")},
                  {"events", string_set(d.value("events", Json::array()))},
                  {"prefix", optional_text(k, "prefix", "prefix")},
                  {"suffix", optional_text(k, "suffix", "suffix")},
                  {"event_notification_name", string_field(d, "name")}});
    } else if (type == "SMN") {
      obj("smn", {{"topic_urn", string_field(d, "topic_urn")}});
    } else if (type == "KAFKA") {
      Value k = is_set(known, "kafka") ? known.attribute("kafka")
                                       : Value::null(block.block("kafka")->block.implied_type());
      // The password is write-only on the platform: keep what was configured.
      obj("kafka",
          {{"instance_id", string_field(d, "instance_id")},
           {"topic_ids", string_set(d.value("topic_ids", Json::array()))},
           {"batch_size", number_field(d, "batch_size")},
           {"user_name", string_field(d, "kafka_user")},
           {"password", k.is_null() ? Value::null(Type::string()) : k.attribute("password")}});
    } else if (type == "DIS") {
      obj("dis", {{"stream_name", string_field(d, "stream_name")},
                  {"starting_position", string_field(d, "sharditerator_type")},
                  {"max_fetch_bytes", number_field(d, "max_fetch_bytes")},
                  {"pull_period", number_field(d, "polling_interval")},
                  {"serial", Value::boolean(d.value("is_serial", "true") != "false")}});
    } else if (type == "LTS") {
      obj("lts", {{"log_group_id", string_field(d, "log_group_id")},
                  {"log_topic_id", string_field(d, "log_topic_id")}});
    }
    return Value::object(block.implied_type(), std::move(e));
  }
};

}  // namespace

std::unique_ptr<Resource> make_trigger_resource() {
  return std::make_unique<TriggerResource>();
}

}  // namespace fgform::resources
