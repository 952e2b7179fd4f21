#include "plugin/functiongraph_backend.h"

#include "resources/operations.h"
#include "resources/planner.h"
#include "schema/registry.h"

namespace fgform::plugin {
namespace {

using value::Value;

bool decoded_ok(const value::Decoded<Value>& d, DiagnosticList* diags) {
  append(d.diagnostics, diags);
  return d.ok();
}

}  // namespace

FunctionGraphBackend::FunctionGraphBackend() : catalog_(resources::Catalog::builtin()) {}

resources::Resource* FunctionGraphBackend::find(const std::string& type_name,
                                                DiagnosticList* diags) const {
  value::Diagnostics d;
  resources::Resource* r = resources::find_resource(type_name, d);
  append(d, diags);
  return r;
}

resources::DataSource* FunctionGraphBackend::find_data_source(const std::string& type_name,
                                                              DiagnosticList* diags) const {
  value::Diagnostics d;
  resources::DataSource* found = resources::find_data_source(type_name, d);
  append(d, diags);
  return found;
}

std::shared_ptr<resources::Platform> FunctionGraphBackend::platform(DiagnosticList* diags) const {
  std::lock_guard lock(mutex_);
  if (!platform_)
    add_error(diags, "Provider not configured",
              "The provider block was not configured before use.");
  return platform_;
}

void FunctionGraphBackend::get_schema(const tfplugin5::GetProviderSchema::Request&,
                                      tfplugin5::GetProviderSchema::Response& response) {
  const auto& registry = schema::Registry::builtin();
  append(registry.diagnostics(), response.mutable_diagnostics());
  // Every RPC works without a GetProviderSchema call first (the schemas are built in), so
  // Terraform may reuse the schema it cached from the first start of this provider in a command
  // instead of asking each later start again (about 9 ms each).
  response.mutable_server_capabilities()->set_get_provider_schema_optional(true);
  to_proto(registry.provider(), response.mutable_provider());
  for (const auto& type_name : catalog_.resource_types()) {
    const auto* r = catalog_.resource(type_name);
    if (!r->schema().available) continue;
    to_proto(r->schema(), &(*response.mutable_resource_schemas())[type_name]);
  }
  for (const auto& type_name : catalog_.data_source_types()) {
    const auto* d = catalog_.data_source(type_name);
    if (!d->schema().available) continue;
    to_proto(d->schema(), &(*response.mutable_data_source_schemas())[type_name]);
  }
}

void FunctionGraphBackend::prepare_provider_config(
    const tfplugin5::PrepareProviderConfig::Request& request,
    tfplugin5::PrepareProviderConfig::Response& response) {
  const auto& block = schema::Registry::builtin().provider().block;
  auto config = from_dynamic(request.config(), block.implied_type());
  if (decoded_ok(config, response.mutable_diagnostics())) {
    append(resources::validate_provider_config(config.value), response.mutable_diagnostics());
  }
  to_dynamic(config.value, block.implied_type(), response.mutable_prepared_config(),
             response.mutable_diagnostics());
}

void FunctionGraphBackend::validate_resource_type_config(
    const tfplugin5::ValidateResourceTypeConfig::Request& request,
    tfplugin5::ValidateResourceTypeConfig::Response& response) {
  auto* r = find(request.type_name(), response.mutable_diagnostics());
  if (!r) return;
  auto config = from_dynamic(request.config(), r->schema().block.implied_type());
  if (!decoded_ok(config, response.mutable_diagnostics())) return;
  append(resources::validate_resource_config(*r, config.value), response.mutable_diagnostics());
}

void FunctionGraphBackend::validate_data_source_config(
    const tfplugin5::ValidateDataSourceConfig::Request& request,
    tfplugin5::ValidateDataSourceConfig::Response& response) {
  auto* d = find_data_source(request.type_name(), response.mutable_diagnostics());
  if (!d) return;
  auto config = from_dynamic(request.config(), d->schema().block.implied_type());
  if (!decoded_ok(config, response.mutable_diagnostics())) return;
  append(resources::validate_data_source_config(*d, config.value), response.mutable_diagnostics());
}

void FunctionGraphBackend::upgrade_resource_state(
    const tfplugin5::UpgradeResourceState::Request& request,
    tfplugin5::UpgradeResourceState::Response& response) {
  auto* r = find(request.type_name(), response.mutable_diagnostics());
  if (!r) return;
  const auto type = r->schema().block.implied_type();
  if (request.raw_state().json().empty()) {
    add_error(response.mutable_diagnostics(), "Unsupported state format",
              "Only JSON state (Terraform 0.12 and later) can be upgraded.");
    return;
  }
  resources::Outcome upgraded;
  try {
    upgraded = resources::upgrade_state(*r, request.version(), request.raw_state().json());
  } catch (const nlohmann::json::exception&) {
    add_error(response.mutable_diagnostics(), "Corrupt state",
              "The stored state of this resource is not valid JSON.");
    return;
  }
  if (!decoded_ok(upgraded, response.mutable_diagnostics())) return;
  to_dynamic(upgraded.value, type, response.mutable_upgraded_state(),
             response.mutable_diagnostics());
}

void FunctionGraphBackend::configure(const tfplugin5::Configure::Request& request,
                                     tfplugin5::Configure::Response& response) {
  const auto& block = schema::Registry::builtin().provider().block;
  auto config = from_dynamic(request.config(), block.implied_type());
  if (!decoded_ok(config, response.mutable_diagnostics())) return;
  auto configured = resources::configure_platform(config.value);
  append(configured.diagnostics, response.mutable_diagnostics());
  if (!configured.ok()) return;
  std::lock_guard lock(mutex_);
  platform_ = std::move(configured.value);
}

void FunctionGraphBackend::read_resource(const tfplugin5::ReadResource::Request& request,
                                         tfplugin5::ReadResource::Response& response) {
  response.set_private_(request.private_());
  auto* diags = response.mutable_diagnostics();
  auto* r = find(request.type_name(), diags);
  if (!r) return;
  const auto type = r->schema().block.implied_type();
  auto current = from_dynamic(request.current_state(), type);
  if (!decoded_ok(current, diags) || current.value.is_null()) {
    to_dynamic(current.value, type, response.mutable_new_state(), diags);
    return;
  }
  auto p = platform(diags);
  if (!p) {
    to_dynamic(current.value, type, response.mutable_new_state(), diags);
    return;
  }
  auto read = resources::read_resource(*p, *r, current.value);
  append(read.diagnostics, diags);
  to_dynamic(read.value, type, response.mutable_new_state(), diags);
}

void FunctionGraphBackend::plan_resource_change(
    const tfplugin5::PlanResourceChange::Request& request,
    tfplugin5::PlanResourceChange::Response& response) {
  response.set_planned_private(request.prior_private());
  auto* diags = response.mutable_diagnostics();
  auto* r = find(request.type_name(), diags);
  if (!r) return;
  const auto type = r->schema().block.implied_type();
  auto prior = from_dynamic(request.prior_state(), type);
  auto proposed = from_dynamic(request.proposed_new_state(), type);
  auto config = from_dynamic(request.config(), type);
  if (!decoded_ok(prior, diags) || !decoded_ok(proposed, diags) || !decoded_ok(config, diags)) {
    to_dynamic(Value::null(type), type, response.mutable_planned_state(), diags);
    return;
  }
  // Terraform configures the provider before planning; its defaults (default_tags, the
  // enterprise project) shape the plan. Validation-only runs plan nothing.
  std::shared_ptr<resources::Platform> configured;
  {
    std::lock_guard lock(mutex_);
    configured = platform_;
  }
  auto plan =
      resources::plan_change(*r, prior.value, proposed.value, config.value,
                             configured ? configured->defaults() : resources::ProviderDefaults{});
  append(plan.diagnostics, diags);
  to_dynamic(plan.planned, type, response.mutable_planned_state(), diags);
  for (const auto& path : plan.requires_replace) to_proto(path, response.add_requires_replace());
}

void FunctionGraphBackend::apply_resource_change(
    const tfplugin5::ApplyResourceChange::Request& request,
    tfplugin5::ApplyResourceChange::Response& response) {
  response.set_private_(request.planned_private());
  auto* diags = response.mutable_diagnostics();
  auto* r = find(request.type_name(), diags);
  if (!r) return;
  const auto type = r->schema().block.implied_type();
  auto prior = from_dynamic(request.prior_state(), type);
  auto planned = from_dynamic(request.planned_state(), type);
  if (!decoded_ok(prior, diags) || !decoded_ok(planned, diags)) {
    to_dynamic(prior.value, type, response.mutable_new_state(), diags);
    return;
  }
  auto p = platform(diags);
  if (!p) {
    to_dynamic(prior.value, type, response.mutable_new_state(), diags);
    return;
  }
  // On failure the value is what exists now (a failed delete keeps the object in state).
  resources::Outcome outcome = resources::apply_resource_change(*p, *r, prior.value, planned.value);
  append(outcome.diagnostics, diags);
  to_dynamic(outcome.value, type, response.mutable_new_state(), diags);
}

void FunctionGraphBackend::import_resource_state(
    const tfplugin5::ImportResourceState::Request& request,
    tfplugin5::ImportResourceState::Response& response) {
  auto* diags = response.mutable_diagnostics();
  auto* r = find(request.type_name(), diags);
  if (!r) return;
  auto p = platform(diags);
  if (!p) return;
  auto imported = resources::import_resource(*p, *r, request.id());
  append(imported.diagnostics, diags);
  if (!imported.ok()) return;
  auto* item = response.add_imported_resources();
  item->set_type_name(request.type_name());  // Terraform looks the schema up by it
  to_dynamic(imported.value, r->schema().block.implied_type(), item->mutable_state(), diags);
}

void FunctionGraphBackend::move_resource_state(const tfplugin5::MoveResourceState::Request&,
                                               tfplugin5::MoveResourceState::Response& response) {
  add_error(response.mutable_diagnostics(), "Moving state between resource types is not supported",
            "The functiongraph provider does not offer move_resource_state.");
}

void FunctionGraphBackend::read_data_source(const tfplugin5::ReadDataSource::Request& request,
                                            tfplugin5::ReadDataSource::Response& response) {
  auto* diags = response.mutable_diagnostics();
  auto* d = find_data_source(request.type_name(), diags);
  if (!d) return;
  const auto type = d->schema().block.implied_type();
  auto config = from_dynamic(request.config(), type);
  if (!decoded_ok(config, diags)) return;
  auto p = platform(diags);
  if (!p) return;
  auto read = resources::read_data_source(*p, *d, config.value);
  append(read.diagnostics, diags);
  to_dynamic(read.value, type, response.mutable_state(), diags);
}

void FunctionGraphBackend::stop(const tfplugin5::Stop::Request&, tfplugin5::Stop::Response&) {
  // Requests in flight finish within the client's retry budget; nothing else to cancel yet.
}

}  // namespace fgform::plugin
