// How a function is invoked: functiongraph_reserved_instances (warm instances per version or
// alias) and functiongraph_async_invoke_config (retries and destinations of async calls).
#include "invocation_resources.h"
#include "cloud/urn.h"
#include "json_values.h"
#include "planner.h"

namespace fgform::resources {
namespace {

using cloud::Json;
using value::Diagnostic;
using value::Type;

long long num(const Value& v, const char* name, long long fallback) {
  return is_set(v, name) ? v.attribute(name).as_number().to_int64().value_or(fallback) : fallback;
}

std::optional<cloud::FunctionUrn> parse_function(const Value& v, Diagnostics& d) {
  auto urn = cloud::FunctionUrn::parse(text_or(v, "function_urn"));
  if (!urn) {
    d.add(Diagnostic::error("Invalid function URN",
                            "\"" + text_or(v, "function_urn") + "\" is not a function URN.")
              .at(value::Path::attribute("function_urn")));
  }
  return urn;
}

class ReservedInstancesResource : public Resource {
 public:
  const schema::Schema& schema() const override {
    return builtin_schema("functiongraph_reserved_instances");
  }

  Diagnostics validate(const Value& config) const override {
    Diagnostics d;
    if (config.is_null() || !config.is_known()) return d;
    Value base = config.attribute("reserved_count");
    Value policies = config.attribute("cron_policy");
    if (!base.is_known() || base.is_null() || !policies.is_known() || policies.is_null()) return d;
    std::int64_t i = 0;
    for (const auto& p : policies.elements()) {
      const value::Path at = value::Path::attribute("cron_policy").index(i++);
      Value count = p.attribute("count");
      if (count.is_known() && !count.is_null() && count.as_number() < base.as_number()) {
        d.add(Diagnostic::error("Invalid policy count",
                                "A scheduled count must be at least the base count.")
                  .at(at.attr("count")));
      }
      Value start = p.attribute("start_time");
      Value end = p.attribute("expired_time");
      if (start.is_known() && end.is_known() && !start.is_null() && !end.is_null() &&
          !(start.as_number() < end.as_number())) {
        d.add(Diagnostic::error("Invalid policy period", "expired_time must be after start_time.")
                  .at(at.attr("expired_time")));
      }
    }
    return d;
  }

  Outcome create(Platform& p, const Value& planned) override { return put(p, planned, planned); }
  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    return put(p, planned, prior);
  }

  Outcome read(Platform& p, const Value& current) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto fn = parse_function(current, out.diagnostics);
    if (!fn) return out;
    auto rows = p.functiongraph().list_reserved_instance_configs(fn->unqualified());
    if (!rows)
      return failed_read(current, "reading reserved instances of " + fn->name, rows.error());
    for (const auto& row : *rows) {
      if (is_unconfigured(row)) continue;
      if (cloud::text_of(row, "qualifier_type") == text_or(current, "qualifier_type") &&
          cloud::text_of(row, "qualifier_name") == text_or(current, "qualifier_name")) {
        out.value = state_of(current, row);
      }
    }
    return out;
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto r = p.functiongraph().put_reserved_instances(qualifier_urn(prior),
                                                      {{"count", 0}, {"idle_mode", false}});
    d.append(delete_result(r, "releasing the reserved instances of " + qualifier_urn(prior)));
    return d;
  }

  Outcome import(Platform&, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto urn = cloud::FunctionUrn::parse(id);
    if (!urn || urn->qualifier.empty()) {
      out.diagnostics.add(
          Diagnostic::error("Invalid import ID",
                            "\"" + id + "\" is not a URN qualified with a version or an alias."));
      return out;
    }
    out.value = conform(
        schema().block,
        Value::object({{"id", Value::string(id)},
                       {"function_urn", Value::string(urn->unqualified())},
                       {"qualifier_type", Value::string(urn->is_alias() ? "alias" : "version")},
                       {"qualifier_name",
                        Value::string(urn->is_alias() ? urn->alias_name() : urn->qualifier)}}));
    return out;
  }

 private:
  // The platform lists every qualifier of a function, with min_count 0 and no policies where
  // nothing is reserved: such a row means no reserved instances are configured there.
  static bool is_unconfigured(const Json& row) {
    const Json& tactics = cloud::object_of(row, "tactics_config");
    return cloud::number_of(row, "min_count") == 0 &&
           cloud::array_of(tactics, "cron_configs").empty() &&
           cloud::array_of(tactics, "metric_configs").empty();
  }

  static std::string qualifier_urn(const Value& v) {
    auto fn = cloud::FunctionUrn::parse(text_or(v, "function_urn"));
    if (!fn) return text_or(v, "function_urn");
    const std::string name = text_or(v, "qualifier_name");
    return fn->with_qualifier(text_or(v, "qualifier_type") == "alias" ? "!" + name : name);
  }

  Outcome put(Platform& p, const Value& planned, const Value& fallback) {
    Outcome out{fallback, {}};
    Json cron = Json::array();
    for (const auto& c : planned.attribute("cron_policy").elements()) {
      cron.push_back({{"name", text_or(c, "name")},
                      {"cron", text_or(c, "cron")},
                      {"count", num(c, "count", 0)},
                      {"start_time", num(c, "start_time", 0)},
                      {"expired_time", num(c, "expired_time", 0)}});
    }
    Json metric = Json::array();
    for (const auto& m : planned.attribute("metric_policy").elements()) {
      metric.push_back({{"name", text_or(m, "name")},
                        {"type", "Concurrency"},
                        {"threshold", num(m, "threshold", 50)},
                        {"min", num(m, "min", 0)}});
    }
    Json body{
        {"count", num(planned, "reserved_count", 0)},
        {"idle_mode", is_set(planned, "idle_mode") && planned.attribute("idle_mode").as_bool()},
        {"tactics_config", {{"cron_configs", cron}, {"metric_configs", metric}}}};
    auto r = p.functiongraph().put_reserved_instances(qualifier_urn(planned), body);
    if (!r) {
      out.diagnostics.add(
          api_error("reserving instances for " + qualifier_urn(planned), r.error()));
      return out;
    }
    auto read_back = read(p, planned);
    out.diagnostics.append(read_back.diagnostics);
    out.value = read_back.value.is_null() ? planned : read_back.value;
    return out;
  }

  Value state_of(const Value& known, const Json& row) const {
    const auto& block = schema().block;
    const Json& tactics = cloud::object_of(row, "tactics_config");
    const auto cron_type = block.block("cron_policy")->block.implied_type();
    const auto metric_type = block.block("metric_policy")->block.implied_type();
    Value::Elements cron;
    for (const auto& c : cloud::array_of(tactics, "cron_configs")) {
      if (!c.is_object()) continue;  // not a policy: an item of another shape
      cron.push_back(Value::object(cron_type, {{"name", string_field(c, "name")},
                                               {"cron", string_field(c, "cron")},
                                               {"count", number_field(c, "count")},
                                               {"start_time", number_field(c, "start_time")},
                                               {"expired_time", number_field(c, "expired_time")}}));
    }
    Value::Elements metric;
    for (const auto& m : cloud::array_of(tactics, "metric_configs")) {
      if (!m.is_object()) continue;  // not a policy: an item of another shape
      metric.push_back(Value::object(metric_type, {{"name", string_field(m, "name")},
                                                   {"threshold", number_field(m, "threshold")},
                                                   {"min", number_field(m, "min")}}));
    }
    return Value::object(
        block.implied_type(),
        {{"id", string_field(row, "function_urn").is_null() ? known.attribute("id")
                                                            : string_field(row, "function_urn")},
         {"function_urn", known.attribute("function_urn")},
         {"qualifier_type", string_field(row, "qualifier_type")},
         {"qualifier_name", string_field(row, "qualifier_name")},
         {"reserved_count", number_field(row, "min_count")},
         {"idle_mode", bool_field(row, "idle_mode")},
         {"cron_policy", Value::list(cron_type, std::move(cron))},
         {"metric_policy", Value::list(metric_type, std::move(metric))}});
  }
};

class AsyncInvokeConfigResource : public Resource {
 public:
  const schema::Schema& schema() const override {
    return builtin_schema("functiongraph_async_invoke_config");
  }

  Outcome create(Platform& p, const Value& planned) override {
    return put(p, planned, Value::null(planned.type()));
  }
  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    return put(p, planned, prior);
  }

  Outcome read(Platform& p, const Value& current) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto r = p.functiongraph().get_async_invoke_config(text_or(current, "function_urn"));
    if (!r)
      return failed_read(
          current, "reading the async settings of " + text_or(current, "function_urn"), r.error());
    if (!r->is_object())
      return unusable_read(current,
                           "reading the async settings of " + text_or(current, "function_urn"),
                           "the settings are not a JSON object");
    out.value = state_of(current, *r);
    return out;
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto r = p.functiongraph().delete_async_invoke_config(text_or(prior, "function_urn"));
    d.append(delete_result(r, "deleting the async settings of " + text_or(prior, "function_urn")));
    return d;
  }

  Outcome import(Platform&, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    if (!cloud::FunctionUrn::parse(id)) {
      out.diagnostics.add(
          Diagnostic::error("Invalid import ID", "\"" + id + "\" is not a function URN."));
      return out;
    }
    out.value =
        conform(schema().block,
                Value::object({{"id", Value::string(id)}, {"function_urn", Value::string(id)}}));
    return out;
  }

 private:
  Outcome put(Platform& p, const Value& planned, const Value& prior) {
    Outcome out{prior, {}};
    Json body{
        {"max_async_event_age_in_seconds", num(planned, "max_async_event_age_in_seconds", 3600)},
        {"max_async_retry_attempts", num(planned, "max_async_retry_attempts", 0)},
        {"enable_async_status_log", is_set(planned, "enable_async_status_log") &&
                                        planned.attribute("enable_async_status_log").as_bool()}};
    Json destinations = Json::object();
    for (const char* which : {"on_success", "on_failure"}) {
      if (!is_set(planned, which)) continue;
      Value d = planned.attribute(which);
      destinations[which] = {{"destination", text_or(d, "destination")},
                             {"param", text_or(d, "param")}};
    }
    if (!destinations.empty()) body["destination_config"] = destinations;
    auto r = p.functiongraph().put_async_invoke_config(text_or(planned, "function_urn"), body);
    if (!r) {
      out.diagnostics.add(api_error(
          "setting the async settings of " + text_or(planned, "function_urn"), r.error()));
      return out;
    }
    if (!r->is_object()) {  // an answer without the settings: read them back instead
      auto back = read(p, planned);
      out.diagnostics.append(back.diagnostics);
      out.value = back.value.is_null() ? planned : back.value;
      return out;
    }
    out.value = state_of(planned, *r);
    return out;
  }

  Value state_of(const Value& known, const Json& c) const {
    const auto& block = schema().block;
    Value::Entries e{
        {"id", known.attribute("function_urn")},
        {"function_urn", known.attribute("function_urn")},
        {"max_async_event_age_in_seconds", number_field(c, "max_async_event_age_in_seconds")},
        {"max_async_retry_attempts", number_field(c, "max_async_retry_attempts")},
        {"enable_async_status_log", bool_field(c, "enable_async_status_log")},
        {"created_at", string_field(c, "created_time")},
        {"updated_at", string_field(c, "last_modified")}};
    const Json& destinations = cloud::object_of(c, "destination_config");
    for (const char* which : {"on_success", "on_failure"}) {
      const auto type = block.block(which)->block.implied_type();
      const Json* destination = cloud::field_of(destinations, which);
      if (!destination) {
        e[which] = Value::null(type);
        continue;
      }
      // Keep the configured JSON text when it means the same as the platform's.
      Value param = string_field(*destination, "param");
      if (is_set(known, which)) {
        const std::string mine = text_or(known.attribute(which), "param");
        auto a = Json::parse(mine, nullptr, false);
        auto b = Json::parse(param.is_null() ? "" : param.as_string(), nullptr, false);
        if (!a.is_discarded() && a == b) param = Value::string(mine);
      }
      e[which] = Value::object(
          type, {{"destination", string_field(*destination, "destination")}, {"param", param}});
    }
    return Value::object(block.implied_type(), std::move(e));
  }
};

}  // namespace

std::unique_ptr<Resource> make_reserved_instances_resource() {
  return std::make_unique<ReservedInstancesResource>();
}
std::unique_ptr<Resource> make_async_invoke_config_resource() {
  return std::make_unique<AsyncInvokeConfigResource>();
}

}  // namespace fgform::resources
