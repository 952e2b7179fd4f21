#include "resource.h"

#include <map>
#include <mutex>

#include "agency_resource.h"
#include "async_status_log_resource.h"
#include "data_sources.h"
#include "dependency_resource.h"
#include "event_resource.h"
#include "function_resource.h"
#include "invocation_resources.h"
#include "json_values.h"
#include "network_resources.h"
#include "schema/registry.h"
#include "schema/validate.h"
#include "trigger_resource.h"
#include "version_alias_resources.h"

namespace fgform::resources {

Diagnostics Resource::validate(const Value&) const {
  return {};
}

void Resource::customize_plan(const Value&, const Value&, Value&) const {}

std::vector<value::Path> Resource::replace_paths(const Value&, const Value&) const {
  return {};
}

const Catalog& Catalog::builtin() {
  static const Catalog catalog = [] {
    Catalog c;
    c.resources_.push_back(make_vpc_resource());
    c.resources_.push_back(make_subnet_resource());
    c.resources_.push_back(make_function_resource());
    c.resources_.push_back(make_agency_resource());
    c.resources_.push_back(make_version_resource());
    c.resources_.push_back(make_alias_resource());
    c.resources_.push_back(make_trigger_resource());
    c.resources_.push_back(make_reserved_instances_resource());
    c.resources_.push_back(make_async_invoke_config_resource());
    c.resources_.push_back(make_dependency_resource());
    c.resources_.push_back(make_function_event_resource());
    c.resources_.push_back(make_async_status_log_resource());
    for (auto& d : make_data_sources()) c.data_sources_.push_back(std::move(d));
    return c;
  }();
  return catalog;
}

Resource* Catalog::resource(const std::string& type_name) const {
  for (const auto& r : resources_) {
    if (r->schema().type_name == type_name) return r.get();
  }
  return nullptr;
}

DataSource* Catalog::data_source(const std::string& type_name) const {
  for (const auto& d : data_sources_) {
    if (d->schema().type_name == type_name) return d.get();
  }
  return nullptr;
}

std::vector<std::string> Catalog::data_source_types() const {
  std::vector<std::string> out;
  for (const auto& d : data_sources_) out.push_back(d->schema().type_name);
  return out;
}

std::vector<std::string> Catalog::resource_types() const {
  std::vector<std::string> out;
  for (const auto& r : resources_) out.push_back(r->schema().type_name);
  return out;
}

namespace {

const schema::Schema& placeholder_schema(schema::SchemaKind kind, const std::string& type_name) {
  static std::mutex mutex;
  static std::map<std::pair<schema::SchemaKind, std::string>, schema::Schema> missing;
  std::lock_guard lock(mutex);
  schema::Schema& placeholder = missing[{kind, type_name}];
  placeholder.kind = kind;
  placeholder.type_name = type_name;
  placeholder.available = false;
  return placeholder;
}

}  // namespace

const schema::Schema& builtin_schema(const std::string& type_name) {
  if (const auto* s = schema::Registry::builtin().resource(type_name)) return *s;
  return placeholder_schema(schema::SchemaKind::kResource, type_name);
}

const schema::Schema& builtin_data_source_schema(const std::string& type_name) {
  if (const auto* s = schema::Registry::builtin().data_source(type_name)) return *s;
  return placeholder_schema(schema::SchemaKind::kDataSource, type_name);
}

std::vector<Outcome> Resource::read_many(Platform& platform, const std::vector<Value>& current) {
  std::vector<Outcome> out;
  out.reserve(current.size());
  for (const auto& c : current) out.push_back(read(platform, c));
  return out;
}

std::optional<std::string> Resource::natural_id(Platform&, const Value&) {
  return std::nullopt;
}

Outcome failed_read(const Value& current, const std::string& doing, const cloud::ApiError& error) {
  Outcome out{Value::null(current.type()), {}};
  if (error.kind == cloud::ErrorKind::kNotFound) return out;
  out.value = current;
  out.diagnostics.add(api_error(doing, error));
  return out;
}

Outcome unusable_read(const Value& current, const std::string& doing, const std::string& problem) {
  Outcome out{current, {}};
  out.diagnostics.add(answer_error(doing, problem));
  return out;
}

value::Diagnostic api_error(const std::string& doing, const cloud::ApiError& error) {
  std::string summary = "Error " + doing;
  std::string detail = error.message();
  if (error.kind == cloud::ErrorKind::kOutcomeUnknown) {
    detail +=
        " Check whether the object exists before trying again: if it does, import it (`terraform "
        "import`, `fgform import`) so it is not created twice. fgform adopts functions, versions "
        "and aliases by name on its next plan.";
  }
  return value::Diagnostic::error(std::move(summary), std::move(detail));
}

}  // namespace fgform::resources
