#include "operations.h"

#include <stdexcept>

#include "provider_config.h"
#include "schema/registry.h"
#include "schema/validate.h"
#include "value/json_text_codec.h"

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
                      std::string_view attributes_json) {
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
  // Straight from the text: a plan decodes every instance's attributes, and a tree in between
  // cost about as much again as the decode (bench/RESULTS.md).
  auto decoded =
      value::from_json_text(attributes_json, type, {.ignore_undefined_attributes = true});
  if (decoded.ok()) decoded.value = conform(resource.schema().block, decoded.value);
  return decoded;
}

value::Diagnostic unexpected_exception(const std::string& doing, const std::string& subject,
                                       const std::exception& error) {
  std::string cause = "an internal error";
  if (dynamic_cast<const nlohmann::json::parse_error*>(&error) == nullptr &&
      (dynamic_cast<const nlohmann::json::exception*>(&error) != nullptr ||
       dynamic_cast<const std::logic_error*>(&error) != nullptr))
    cause = std::string("an internal error (") + error.what() + ")";
  return value::Diagnostic::error(
      "Unexpected error " + doing + " " + subject,
      "The provider stopped " + doing + " " + subject + " on " + cause +
          ". Most likely the platform answered in a shape the provider does not expect; this is "
          "a bug in the provider, which should be reported.");
}

namespace {

// The last line of defence around a resource's own code: see operations.h.
template <typename Operation>
Outcome guarded(const std::string& doing, const std::string& subject, const Value& keep,
                Operation&& operation) {
  try {
    return operation();
  } catch (const std::exception& e) {
    Outcome out{keep, {}};
    out.diagnostics.add(unexpected_exception(doing, subject, e));
    return out;
  }
}

}  // namespace

Outcome read_resource(Platform& platform, Resource& resource, const Value& current) {
  if (current.is_null()) return {current, {}};
  return guarded("reading", resource.schema().type_name, current, [&] {
    Outcome read = resource.read(platform, current);
    read.value = without_unknowns(conform(resource.schema().block, read.value));
    return read;
  });
}

std::vector<Outcome> read_resources(Platform& platform, Resource& resource,
                                    const std::vector<Value>& current) {
  std::vector<Value> live;
  for (const auto& c : current)
    if (!c.is_null()) live.push_back(c);
  std::vector<Outcome> answers;
  try {
    answers = resource.read_many(platform, live);
  } catch (const std::exception& e) {
    // Every object is kept as it was, each with the error.
    std::vector<Outcome> kept;
    for (const auto& c : current) {
      kept.push_back({c, {}});
      if (!c.is_null())
        kept.back().diagnostics.add(
            unexpected_exception("reading", resource.schema().type_name, e));
    }
    return kept;
  }
  std::vector<Outcome> out;
  out.reserve(current.size());
  std::size_t next = 0;
  for (const auto& c : current) {
    if (c.is_null() || next >= answers.size()) {
      out.push_back(c.is_null() ? Outcome{c, {}} : read_resource(platform, resource, c));
      continue;
    }
    Outcome read = std::move(answers[next++]);
    // An answer the resource found unchanged is the object asked about (the comparison is
    // O(1) then: they share their payload), conformed already.
    if (!(read.value == c)) {
      read.value = without_unknowns(conform(resource.schema().block, read.value));
      // Most objects are as they were: the caller then holds one object, not two equal ones.
      if (read.value == c) read.value = c;
    }
    out.push_back(std::move(read));
  }
  return out;
}

Outcome apply_resource_change(Platform& platform, Resource& resource, const Value& prior,
                              const Value& planned) {
  const auto type = resource.schema().block.implied_type();
  // On an exception the prior object is what is known to exist (null for a create).
  return guarded("applying", resource.schema().type_name, prior, [&]() -> Outcome {
    if (planned.is_null()) {
      Diagnostics removed = resource.remove(platform, prior);
      return {removed.has_errors() ? prior : Value::null(type), removed};
    }
    Outcome outcome = prior.is_null() ? resource.create(platform, planned)
                                      : resource.update(platform, prior, planned);
    outcome.value = without_unknowns(conform(resource.schema().block, outcome.value));
    return outcome;
  });
}

Outcome import_resource(Platform& platform, Resource& resource, const std::string& id) {
  const Value nothing = Value::null(resource.schema().block.implied_type());
  return guarded("importing", resource.schema().type_name, nothing, [&] {
    Outcome imported = resource.import(platform, id);
    if (imported.ok())
      imported.value = without_unknowns(conform(resource.schema().block, imported.value));
    return imported;
  });
}

Outcome read_data_source(Platform& platform, DataSource& data_source, const Value& config) {
  return guarded("reading", data_source.schema().type_name, config, [&] {
    Outcome read = data_source.read(platform, config);
    read.value = without_unknowns(
        conform(data_source.schema().block, read.value.is_null() ? config : read.value));
    return read;
  });
}

}  // namespace fgform::resources
