// functiongraph_async_status_log: a per-project switch with no arguments. Enabling is idempotent
// on the platform, and there is no call to disable it, so destroying only forgets it (with a
// warning), as Terraform providers do for singletons they cannot remove.
#include "async_status_log_resource.h"

#include "json_values.h"
#include "planner.h"

namespace fgform::resources {
namespace {

using cloud::Json;
using value::Diagnostic;

class AsyncStatusLogResource : public Resource {
 public:
  const schema::Schema& schema() const override {
    return builtin_schema("functiongraph_async_status_log");
  }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(planned.type()), {}};
    auto pid = p.client().project_id();
    if (!pid) {
      out.diagnostics.add(api_error("finding the project", pid.error()));
      return out;
    }
    auto enabled = p.functiongraph().enable_async_status_log();
    if (!enabled) {
      out.diagnostics.add(api_error("enabling asynchronous status logs", enabled.error()));
      return out;
    }
    auto detail = p.functiongraph().get_async_status_log();
    if (!detail || !configured(*detail)) {
      // Enabled, so keep it in the state; the next refresh fills in the log group.
      out.value = conform(schema().block, Value::object({{"id", Value::string(*pid)}}));
      out.diagnostics.add(
          detail ? Diagnostic::error("Error reading asynchronous status logs",
                                     "The platform enabled them but names no log group yet.")
                 : api_error("reading asynchronous status logs", detail.error()));
      return out;
    }
    out.value = state_of(*pid, *detail);
    return out;
  }

  // Not configured (a 404, or an answer without a log group) means gone.
  Outcome read(Platform& p, const Value& current) override {
    auto detail = p.functiongraph().get_async_status_log();
    if (!detail) return failed_read(current, "reading asynchronous status logs", detail.error());
    if (!configured(*detail)) return Outcome{Value::null(current.type()), {}};
    return Outcome{state_of(text_or(current, "id"), *detail), {}};
  }

  // Every attribute is computed: nothing can change in place.
  Outcome update(Platform& p, const Value&, const Value& planned) override {
    return read(p, planned);
  }

  Diagnostics remove(Platform&, const Value& prior) override {
    Diagnostics d;
    d.add(Diagnostic::warning(
        "Asynchronous status logs stay enabled",
        "FunctionGraph has no call to disable them, so functiongraph_async_status_log was only "
        "removed from the state. The LTS log group " +
            text_or(prior, "group_name", "(unknown)") +
            " and its stream stay until deleted in LTS."));
    return d;
  }

  Outcome import(Platform& p, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto pid = p.client().project_id();
    if (!pid) {
      out.diagnostics.add(api_error("finding the project", pid.error()));
      return out;
    }
    if (id != *pid) {
      out.diagnostics.add(Diagnostic::error(
          "Invalid import ID",
          "\"" + id + "\" is not the project ID; import it as \"" + *pid + "\"."));
      return out;
    }
    out.value = conform(schema().block, Value::object({{"id", Value::string(id)}}));
    return out;
  }

  // One per project: a create cut short is found again by the project ID.
  std::optional<std::string> natural_id(Platform& p, const Value&) override {
    auto pid = p.client().project_id();
    return pid ? std::optional<std::string>(*pid) : std::nullopt;
  }

 private:
  static bool configured(const Json& detail) { return !cloud::text_of(detail, "group_id").empty(); }

  Value state_of(const std::string& id, const Json& detail) const {
    return Value::object(schema().block.implied_type(),
                         {{"id", Value::string(id)},
                          {"group_id", string_field(detail, "group_id")},
                          {"group_name", string_field(detail, "group_name")},
                          {"stream_id", string_field(detail, "stream_id")},
                          {"stream_name", string_field(detail, "stream_name")}});
  }
};

}  // namespace

std::unique_ptr<Resource> make_async_status_log_resource() {
  return std::make_unique<AsyncStatusLogResource>();
}

}  // namespace fgform::resources
