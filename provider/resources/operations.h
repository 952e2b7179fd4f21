// The provider's operations on plain values, with no wire format: the gRPC plugin adapts
// tfplugin messages to these, and the engine calls them in-process. Keeping them here means
// the two fronts validate, plan, apply, read and import in exactly the same way.
#pragma once

#include <memory>
#include <string>
#include <string_view>
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

// Stored JSON attributes of `version` (the text, as tfplugin5's RawState carries it) brought to
// the current schema: attributes the schema no longer has are dropped, new ones start as null.
// Throws nlohmann::json::parse_error when the text is not JSON.
Outcome upgrade_state(const Resource& resource, std::int64_t version,
                      std::string_view attributes_json);

// The operations below never throw. An exception from a resource (a bug, or a platform answer
// of a shape no reader expected) becomes an error diagnostic naming the type and what was being
// done, with the value known to be true (the prior or current object is kept in state).

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

// The diagnostic for an exception that escaped an operation on `subject` (a resource type or
// address) while `doing` ("reading", "applying"...). The exception's own text is shown only for
// kinds known not to quote values (nlohmann's type and range errors, value misuse): others may
// carry configuration or platform data, secrets included.
value::Diagnostic unexpected_exception(const std::string& doing, const std::string& subject,
                                       const std::exception& error);

}  // namespace fgform::resources
