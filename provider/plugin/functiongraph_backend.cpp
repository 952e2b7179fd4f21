#include "plugin/functiongraph_backend.h"

#include "resources/operations.h"
#include "resources/planner.h"
#include "resources/provider_config.h"
#include "schema/registry.h"
#include "schema/validate.h"

namespace fgform::plugin {
namespace {

using value::Value;

using resources::without_unknowns;

bool decoded_ok(const value::Decoded<Value>& d, DiagnosticList* diags) {
  append(d.diagnostics, diags);
  return d.ok();
}

}  // namespace

FunctionGraphBackend::FunctionGraphBackend() : catalog_(resources::Catalog::builtin()) {}

resources::Resource* FunctionGraphBackend::find(const std::string& type_name,
                                                DiagnosticList* diags) const {
  resources::Resource* r = catalog_.resource(type_name);
  if (!r || !r->schema().available) {
    add_error(diags, "Unsupported resource type",
              "The functiongraph provider has no resource type \"" + type_name + "\".");
    return nullptr;
  }
  return r;
}

resources::DataSource* FunctionGraphBackend::find_data_source(const std::string& type_name,
                                                              DiagnosticList* diags) const {
  resources::DataSource* d = catalog_.data_source(type_name);
  if (!d || !d->schema().available) {
    add_error(diags, "Unsupported data source",
              "The functiongraph provider has no data source \"" + type_name + "\".");
    return nullptr;
  }
  return d;
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
    append(schema::validate_config(block, config.value), response.mutable_diagnostics());
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
  append(schema::validate_config(r->schema().block, config.value), response.mutable_diagnostics());
  append(r->validate(config.value), response.mutable_diagnostics());
}

void FunctionGraphBackend::validate_data_source_config(
    const tfplugin5::ValidateDataSourceConfig::Request& request,
    tfplugin5::ValidateDataSourceConfig::Response& response) {
  auto* d = find_data_source(request.type_name(), response.mutable_diagnostics());
  if (!d) return;
  auto config = from_dynamic(request.config(), d->schema().block.implied_type());
  if (!decoded_ok(config, response.mutable_diagnostics())) return;
  append(schema::validate_config(d->schema().block, config.value), response.mutable_diagnostics());
}

void FunctionGraphBackend::upgrade_resource_state(
    const tfplugin5::UpgradeResourceState::Request& request,
    tfplugin5::UpgradeResourceState::Response& response) {
  auto* r = find(request.type_name(), response.mutable_diagnostics());
  if (!r) return;
  const auto type = r->schema().block.implied_type();
  if (request.version() > r->schema().version) {
    add_error(response.mutable_diagnostics(), "State written by a newer provider",
              "The state of this " + request.type_name() + " has schema version " +
                  std::to_string(request.version()) + "; this provider knows versions up to " +
                  std::to_string(r->schema().version) + ".");
    return;
  }
  if (request.raw_state().json().empty()) {
    add_error(response.mutable_diagnostics(), "Unsupported state format",
              "Only JSON state (Terraform 0.12 and later) can be upgraded.");
    return;
  }
  auto j = nlohmann::json::parse(request.raw_state().json(), nullptr, false);
  if (j.is_discarded()) {
    add_error(response.mutable_diagnostics(), "Corrupt state",
              "The stored state of this resource is not valid JSON.");
    return;
  }
  // Attributes the schema no longer has are dropped; new ones start as null.
  auto decoded = value::from_json(j, type, {.ignore_undefined_attributes = true});
  if (!decoded_ok(decoded, response.mutable_diagnostics())) return;
  to_dynamic(resources::conform(r->schema().block, decoded.value), type,
             response.mutable_upgraded_state(), response.mutable_diagnostics());
}

void FunctionGraphBackend::configure(const tfplugin5::Configure::Request& request,
                                     tfplugin5::Configure::Response& response) {
  const auto& block = schema::Registry::builtin().provider().block;
  auto config = from_dynamic(request.config(), block.implied_type());
  if (!decoded_ok(config, response.mutable_diagnostics())) return;
  auto client_config = resources::client_config_from(config.value);
  append(client_config.diagnostics, response.mutable_diagnostics());
  if (!client_config.ok()) return;
  std::lock_guard lock(mutex_);
  platform_ = std::make_shared<resources::Platform>(std::move(client_config.value));
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
  auto read = r->read(*p, current.value);
  append(read.diagnostics, diags);
  to_dynamic(without_unknowns(resources::conform(r->schema().block, read.value)), type,
             response.mutable_new_state(), diags);
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
  auto plan = resources::plan_change(*r, prior.value, proposed.value, config.value);
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
  if (planned.value.is_null()) {
    value::Diagnostics removed = r->remove(*p, prior.value);
    append(removed, diags);
    // On failure the object still exists: keep it in state.
    to_dynamic(removed.has_errors() ? prior.value : Value::null(type), type,
               response.mutable_new_state(), diags);
    return;
  }
  resources::Outcome outcome = prior.value.is_null() ? r->create(*p, planned.value)
                                                     : r->update(*p, prior.value, planned.value);
  append(outcome.diagnostics, diags);
  to_dynamic(without_unknowns(resources::conform(r->schema().block, outcome.value)), type,
             response.mutable_new_state(), diags);
}

void FunctionGraphBackend::import_resource_state(
    const tfplugin5::ImportResourceState::Request& request,
    tfplugin5::ImportResourceState::Response& response) {
  auto* diags = response.mutable_diagnostics();
  auto* r = find(request.type_name(), diags);
  if (!r) return;
  auto p = platform(diags);
  if (!p) return;
  auto imported = r->import(*p, request.id());
  append(imported.diagnostics, diags);
  if (!imported.ok()) return;
  auto* item = response.add_imported_resources();
  item->set_type_name(request.type_name());  // Terraform looks the schema up by it
  to_dynamic(without_unknowns(resources::conform(r->schema().block, imported.value)),
             r->schema().block.implied_type(), item->mutable_state(), diags);
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
  auto read = d->read(*p, config.value);
  append(read.diagnostics, diags);
  to_dynamic(without_unknowns(resources::conform(d->schema().block,
                                                 read.value.is_null() ? config.value : read.value)),
             type, response.mutable_state(), diags);
}

void FunctionGraphBackend::stop(const tfplugin5::Stop::Request&, tfplugin5::Stop::Response&) {
  // Requests in flight finish within the client's retry budget; nothing else to cancel yet.
}

}  // namespace fgform::plugin
