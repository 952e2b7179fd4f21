#include "data_sources.h"

#include <algorithm>

#include "cloud/crypto.h"
#include "cloud/urn.h"
#include "json_values.h"
#include "planner.h"

namespace fgform::resources {

Value query_id(const std::string& what) {
  return Value::string(cloud::sha256_hex(what).substr(0, 16));
}

namespace {

using cloud::Json;
using cloud::text_of;
using value::Diagnostic;
using value::Type;

class FunctionData : public DataSource {
 public:
  const schema::Schema& schema() const override {
    return builtin_data_source_schema("functiongraph_function");
  }
  Outcome read(Platform& p, const Value& config) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto pid = p.client().project_id();
    if (!pid) {
      out.diagnostics.add(api_error("finding the project", pid.error()));
      return out;
    }
    const std::string app = text_or(config, "app", "default");
    const cloud::FunctionUrn urn{p.client().credentials().region, *pid, app,
                                 text_or(config, "name"), "latest"};
    auto f = p.functiongraph().get_function_config(urn.str());
    if (!f) {
      out.diagnostics.add(
          f.error().kind == cloud::ErrorKind::kNotFound
              ? Diagnostic::error("Function not found", "No function named \"" +
                                                            text_or(config, "name") +
                                                            "\" exists in app \"" + app + "\".")
              : api_error("reading function " + text_or(config, "name"), f.error()));
      return out;
    }
    if (!f->is_object()) {
      out.diagnostics.add(answer_error("reading function " + text_or(config, "name"),
                                       "the configuration is not a JSON object"));
      return out;
    }
    out.value = Value::object(schema().block.implied_type(),
                              {{"id", string_field(*f, "func_urn")},
                               {"name", config.attribute("name")},
                               {"app", config.attribute("app")},
                               {"urn", Value::string(urn.unqualified())},
                               {"runtime", string_field(*f, "runtime")},
                               {"handler", string_field(*f, "handler")},
                               {"memory_size", number_field(*f, "memory_size")},
                               {"timeout", number_field(*f, "timeout")},
                               {"description", string_field_keep_empty(*f, "description")},
                               {"agency", string_field_keep_empty(*f, "xrole")},
                               {"last_modified", string_field(*f, "last_modified")}});
    return out;
  }
};

class FunctionsData : public DataSource {
 public:
  const schema::Schema& schema() const override {
    return builtin_data_source_schema("functiongraph_functions");
  }
  Outcome read(Platform& p, const Value& config) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto all = p.functiongraph().list_all_functions();
    if (!all) {
      out.diagnostics.add(api_error("listing functions", all.error()));
      return out;
    }
    const auto item_type = schema().block.attribute("functions")->type.element();
    const std::string app = text_or(config, "app");
    const std::string prefix = text_or(config, "name_prefix");
    Value::Elements items;
    // Items of another shape than an object are no functions: left out.
    for (const auto& f : *all) {
      if (!f.is_object()) continue;
      if (!app.empty() && text_of(f, "package") != app) continue;
      if (text_of(f, "func_name").rfind(prefix, 0) != 0) continue;
      auto urn = cloud::FunctionUrn::parse(text_of(f, "func_urn"));
      items.push_back(Value::object(item_type, {{"name", string_field(f, "func_name")},
                                                {"app", string_field(f, "package")},
                                                {"urn", urn ? Value::string(urn->unqualified())
                                                            : Value::null(Type::string())},
                                                {"runtime", string_field(f, "runtime")},
                                                {"memory_size", number_field(f, "memory_size")},
                                                {"timeout", number_field(f, "timeout")}}));
    }
    out.value = Value::object(schema().block.implied_type(),
                              {{"id", query_id("functions|" + app + "|" + prefix)},
                               {"app", config.attribute("app")},
                               {"name_prefix", config.attribute("name_prefix")},
                               {"functions", Value::list(item_type, std::move(items))}});
    return out;
  }
};

// The triggers of one function (or of one of its versions or aliases), or without a function
// URN those of the whole project (the paged all-triggers listing), filtered here as the official
// data source does: neither list call takes filters.
class FunctionTriggersData : public DataSource {
 public:
  const schema::Schema& schema() const override {
    return builtin_data_source_schema("functiongraph_function_triggers");
  }
  Outcome read(Platform& p, const Value& config) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const std::string urn = text_or(config, "function_urn");
    auto all =
        urn.empty() ? p.functiongraph().list_all_triggers() : p.functiongraph().list_triggers(urn);
    if (!all) {
      out.diagnostics.add(api_error(
          urn.empty() ? "listing the triggers of the project" : "listing the triggers of " + urn,
          all.error()));
      return out;
    }
    // The per-function list may leave out the function each trigger belongs to: it is the
    // queried one, qualified as the project-wide list qualifies it (latest when unqualified).
    std::string queried_urn;
    if (auto u = cloud::FunctionUrn::parse(urn)) queried_urn = u->bound();
    const std::string id = text_or(config, "trigger_id");
    const std::string type = text_or(config, "type");
    const std::string status = text_or(config, "status");
    const auto item_type = schema().block.attribute("triggers")->type.element();
    Value::Elements items;
    for (const auto& t : *all) {
      if (!t.is_object()) continue;  // not a trigger: an item of another shape
      if (!id.empty() && text_of(t, "trigger_id") != id) continue;
      if (!type.empty() && text_of(t, "trigger_type_code") != type) continue;
      if (!status.empty() && text_of(t, "trigger_status") != status) continue;
      const Json& data = cloud::object_of(t, "event_data");
      Value function_urn = string_field(t, "func_urn");
      if (function_urn.is_null() && !queried_urn.empty()) function_urn = Value::string(queried_urn);
      items.push_back(
          Value::object(item_type, {{"id", string_field(t, "trigger_id")},
                                    {"type", string_field(t, "trigger_type_code")},
                                    {"status", string_field(t, "trigger_status")},
                                    {"event_data", Value::string(data.dump())},
                                    {"function_urn", std::move(function_urn)},
                                    {"created_at", string_field(t, "created_time")},
                                    {"updated_at", string_field(t, "last_updated_time")}}));
    }
    out.value =
        Value::object(schema().block.implied_type(),
                      {{"id", query_id("triggers|" + urn + "|" + id + "|" + type + "|" + status)},
                       {"function_urn", config.attribute("function_urn")},
                       {"trigger_id", config.attribute("trigger_id")},
                       {"type", config.attribute("type")},
                       {"status", config.attribute("status")},
                       {"triggers", Value::list(item_type, std::move(items))}});
    return out;
  }
};

class DependenciesData : public DataSource {
 public:
  const schema::Schema& schema() const override {
    return builtin_data_source_schema("functiongraph_dependencies");
  }
  Outcome read(Platform& p, const Value& config) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const std::string name = text_or(config, "name");
    const std::string runtime = text_or(config, "runtime");
    auto all = p.functiongraph().list_dependencies(name);
    if (!all) {
      out.diagnostics.add(api_error("listing dependencies", all.error()));
      return out;
    }
    const auto item_type = schema().block.attribute("dependencies")->type.element();
    Value::Elements items;
    for (const auto& d : *all) {
      if (!d.is_object()) continue;  // not a dependency: an item of another shape
      if (!runtime.empty() && text_of(d, "runtime") != runtime) continue;
      items.push_back(
          Value::object(item_type, {{"version_id", string_field(d, "id")},
                                    {"dependency_id", string_field(d, "dep_id")},
                                    {"name", string_field(d, "name")},
                                    {"runtime", string_field(d, "runtime")},
                                    {"version_number", number_field(d, "version")},
                                    {"description", string_field_keep_empty(d, "description")},
                                    {"etag", string_field(d, "etag")},
                                    {"size", number_field(d, "size")}}));
    }
    out.value = Value::object(schema().block.implied_type(),
                              {{"id", query_id("dependencies|" + name + "|" + runtime)},
                               {"name", config.attribute("name")},
                               {"runtime", config.attribute("runtime")},
                               {"dependencies", Value::list(item_type, std::move(items))}});
    return out;
  }
};

class AgencyData : public DataSource {
 public:
  const schema::Schema& schema() const override {
    return builtin_data_source_schema("functiongraph_agency");
  }
  Outcome read(Platform& p, const Value& config) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const std::string name = text_or(config, "name");
    auto found = p.iam().list_agencies(name);
    if (!found) {
      out.diagnostics.add(api_error("looking up agency " + name, found.error()));
      return out;
    }
    // Items of another shape than an object are no agencies.
    auto agency = std::find_if(found->begin(), found->end(),
                               [](const Json& item) { return item.is_object(); });
    if (agency == found->end()) {
      out.diagnostics.add(Diagnostic::error(
          "Agency not found", "No agency named \"" + name + "\" exists in the account."));
      return out;
    }
    const Json& a = *agency;
    const std::string trust = text_of(a, "trust_domain_name");
    const bool service = trust.rfind("op_svc_", 0) == 0;
    out.value = Value::object(
        schema().block.implied_type(),
        {{"id", string_field(a, "id")},
         {"name", config.attribute("name")},
         {"delegated_service_name", service ? Value::string(trust) : Value::string("")},
         {"delegated_domain_name", service ? Value::string("") : Value::string(trust)},
         {"description", string_field_keep_empty(a, "description")},
         {"duration", string_field(a, "duration")}});
    return out;
  }
};

}  // namespace

std::vector<std::unique_ptr<DataSource>> make_data_sources() {
  std::vector<std::unique_ptr<DataSource>> out;
  out.push_back(std::make_unique<FunctionData>());
  out.push_back(std::make_unique<FunctionsData>());
  out.push_back(std::make_unique<DependenciesData>());
  out.push_back(std::make_unique<AgencyData>());
  out.push_back(std::make_unique<FunctionTriggersData>());
  for (auto& d : make_project_data_sources()) out.push_back(std::move(d));
  return out;
}

}  // namespace fgform::resources
