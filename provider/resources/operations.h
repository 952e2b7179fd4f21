// The provider's operations on plain values, with no wire format: the gRPC plugin adapts
// tfplugin messages to these, and the engine calls them in-process. Keeping them here means
// the two fronts validate, plan, apply, read and import in exactly the same way.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/credentials.h"
#include "planner.h"
#include "resource.h"

namespace fgform::resources {

// Results handed back to Terraform (or stored in state) must be wholly known: what an answer
// lacks becomes null.
Value without_unknowns(const Value& v);

// A resource or data source type this provider offers, or an "Unsupported ..." diagnostic.
Resource* find_resource(const std::string& type_name, Diagnostics& diagnostics);
DataSource* find_data_source(const std::string& type_name, Diagnostics& diagnostics);

// Schema rules plus the resource's own checks.
Diagnostics validate_resource_config(const Resource& resource, const Value& config);
Diagnostics validate_data_source_config(const DataSource& data_source, const Value& config);
Diagnostics validate_provider_config(const Value& config);

// The provider block turned into a platform client.
value::Decoded<std::shared_ptr<Platform>> configure_platform(
    const Value& provider_config, const cloud::EnvironmentLookup& env = cloud::process_environment);

// Stored JSON attributes of `version` brought to the current schema: attributes the schema no
// longer has are dropped, new ones start as null.
Outcome upgrade_state(const Resource& resource, std::int64_t version,
                      const nlohmann::json& attributes);

// The current object as the platform has it (null when it is gone), shaped by the schema.
Outcome read_resource(Platform& platform, Resource& resource, const Value& current);
// The same for several objects of one type at once (a batched refresh), in order.
std::vector<Outcome> read_resources(Platform& platform, Resource& resource,
                                    const std::vector<Value>& current);

// Creates (prior null), updates, or deletes (planned null). On failure the value is what exists
// now, so nothing created is forgotten and nothing still there is dropped.
Outcome apply_resource_change(Platform& platform, Resource& resource, const Value& prior,
                              const Value& planned);

Outcome import_resource(Platform& platform, Resource& resource, const std::string& id);

Outcome read_data_source(Platform& platform, DataSource& data_source, const Value& config);

}  // namespace fgform::resources
