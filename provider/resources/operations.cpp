#include "operations.h"

#include "provider_config.h"
#include "schema/registry.h"
#include "schema/validate.h"

namespace fgform::resources {

Value without_unknowns(const Value& v) {
  if (v.is_unknown()) return Value::null(v.type());
  if (v.is_null()) return v;
  switch (v.type().kind()) {
    case value::Type::Kind::kList:
    case value::Type::Kind::kSet:
    case value::Type::Kind::kTuple: {
      Value::Elements items;
      for (const auto& e : v.elements()) items.push_back(without_unknowns(e));
      if (v.type().kind() == value::Type::Kind::kTuple) return Value::tuple(std::move(items));
      return v.type().kind() == value::Type::Kind::kList
                 ? Value::list(v.type().element(), std::move(items))
                 : Value::set(v.type().element(), std::move(items));
    }
    case value::Type::Kind::kMap:
    case value::Type::Kind::kObject: {
      Value::Entries items;
      for (const auto& [k, e] : v.entries()) items.emplace(k, without_unknowns(e));
      return v.type().kind() == value::Type::Kind::kMap
                 ? Value::map(v.type().element(), std::move(items))
                 : Value::object(v.type(), std::move(items));
    }
    default:
      return v;
  }
}

Resource* find_resource(const std::string& type_name, Diagnostics& diagnostics) {
  Resource* r = Catalog::builtin().resource(type_name);
  if (!r || !r->schema().available) {
    diagnostics.add(value::Diagnostic::error(
        "Unsupported resource type",
        "The functiongraph provider has no resource type \"" + type_name + "\"."));
    return nullptr;
  }
  return r;
}

DataSource* find_data_source(const std::string& type_name, Diagnostics& diagnostics) {
  DataSource* d = Catalog::builtin().data_source(type_name);
  if (!d || !d->schema().available) {
    diagnostics.add(value::Diagnostic::error(
        "Unsupported data source",
        "The functiongraph provider has no data source \"" + type_name + "\"."));
    return nullptr;
  }
  return d;
}

Diagnostics validate_resource_config(const Resource& resource, const Value& config) {
  Diagnostics d = schema::validate_config(resource.schema().block, config);
  d.append(resource.validate(config));
  return d;
}

Diagnostics validate_data_source_config(const DataSource& data_source, const Value& config) {
  return schema::validate_config(data_source.schema().block, config);
}

Diagnostics validate_provider_config(const Value& config) {
  return schema::validate_config(schema::Registry::builtin().provider().block, config);
}

value::Decoded<std::shared_ptr<Platform>> configure_platform(const Value& provider_config,
                                                             const cloud::EnvironmentLookup& env) {
  auto settings = provider_settings_from(provider_config, env);
  value::Decoded<std::shared_ptr<Platform>> out{nullptr, settings.diagnostics};
  if (settings.ok()) {
    out.value = std::make_shared<Platform>(std::move(settings.value.client),
                                           std::move(settings.value.defaults));
  }
  return out;
}

Outcome upgrade_state(const Resource& resource, std::int64_t version,
                      const nlohmann::json& attributes) {
  const auto type = resource.schema().block.implied_type();
  if (version > resource.schema().version) {
    Outcome out{Value::null(type), {}};
    out.diagnostics.add(value::Diagnostic::error(
        "State written by a newer provider",
        "The state of this " + resource.schema().type_name + " has schema version " +
            std::to_string(version) + "; this provider knows versions up to " +
            std::to_string(resource.schema().version) + "."));
    return out;
  }
  auto decoded = value::from_json(attributes, type, {.ignore_undefined_attributes = true});
  if (decoded.ok()) decoded.value = conform(resource.schema().block, decoded.value);
  return decoded;
}

Outcome read_resource(Platform& platform, Resource& resource, const Value& current) {
  if (current.is_null()) return {current, {}};
  Outcome read = resource.read(platform, current);
  read.value = without_unknowns(conform(resource.schema().block, read.value));
  return read;
}

std::vector<Outcome> read_resources(Platform& platform, Resource& resource,
                                    const std::vector<Value>& current) {
  std::vector<Value> live;
  for (const auto& c : current)
    if (!c.is_null()) live.push_back(c);
  std::vector<Outcome> answers = resource.read_many(platform, live);
  std::vector<Outcome> out;
  out.reserve(current.size());
  std::size_t next = 0;
  for (const auto& c : current) {
    if (c.is_null() || next >= answers.size()) {
      out.push_back(c.is_null() ? Outcome{c, {}} : read_resource(platform, resource, c));
      continue;
    }
    Outcome read = std::move(answers[next++]);
    read.value = without_unknowns(conform(resource.schema().block, read.value));
    out.push_back(std::move(read));
  }
  return out;
}

Outcome apply_resource_change(Platform& platform, Resource& resource, const Value& prior,
                              const Value& planned) {
  const auto type = resource.schema().block.implied_type();
  if (planned.is_null()) {
    Diagnostics removed = resource.remove(platform, prior);
    return {removed.has_errors() ? prior : Value::null(type), removed};
  }
  Outcome outcome = prior.is_null() ? resource.create(platform, planned)
                                    : resource.update(platform, prior, planned);
  outcome.value = without_unknowns(conform(resource.schema().block, outcome.value));
  return outcome;
}

Outcome import_resource(Platform& platform, Resource& resource, const std::string& id) {
  Outcome imported = resource.import(platform, id);
  if (imported.ok())
    imported.value = without_unknowns(conform(resource.schema().block, imported.value));
  return imported;
}

Outcome read_data_source(Platform& platform, DataSource& data_source, const Value& config) {
  Outcome read = data_source.read(platform, config);
  read.value = without_unknowns(
      conform(data_source.schema().block, read.value.is_null() ? config : read.value));
  return read;
}

}  // namespace fgform::resources
