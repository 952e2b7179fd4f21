// The provider's real backend: schemas from schemas/*.json, values decoded from the wire, and
// every resource operation delegated to provider/resources. Replaces the placeholder.
#pragma once

#include <memory>
#include <mutex>

#include "plugin/provider_backend.h"
#include "plugin/wire_conversions.h"
#include "resources/resource.h"

namespace fgform::plugin {

class FunctionGraphBackend final : public ProviderBackend {
 public:
  FunctionGraphBackend();

  void get_schema(const tfplugin5::GetProviderSchema::Request& request,
                  tfplugin5::GetProviderSchema::Response& response) override;
  void prepare_provider_config(const tfplugin5::PrepareProviderConfig::Request& request,
                               tfplugin5::PrepareProviderConfig::Response& response) override;
  void validate_resource_type_config(
      const tfplugin5::ValidateResourceTypeConfig::Request& request,
      tfplugin5::ValidateResourceTypeConfig::Response& response) override;
  void validate_data_source_config(
      const tfplugin5::ValidateDataSourceConfig::Request& request,
      tfplugin5::ValidateDataSourceConfig::Response& response) override;
  void upgrade_resource_state(const tfplugin5::UpgradeResourceState::Request& request,
                              tfplugin5::UpgradeResourceState::Response& response) override;
  void configure(const tfplugin5::Configure::Request& request,
                 tfplugin5::Configure::Response& response) override;
  void read_resource(const tfplugin5::ReadResource::Request& request,
                     tfplugin5::ReadResource::Response& response) override;
  void plan_resource_change(const tfplugin5::PlanResourceChange::Request& request,
                            tfplugin5::PlanResourceChange::Response& response) override;
  void apply_resource_change(const tfplugin5::ApplyResourceChange::Request& request,
                             tfplugin5::ApplyResourceChange::Response& response) override;
  void import_resource_state(const tfplugin5::ImportResourceState::Request& request,
                             tfplugin5::ImportResourceState::Response& response) override;
  void move_resource_state(const tfplugin5::MoveResourceState::Request& request,
                           tfplugin5::MoveResourceState::Response& response) override;
  void read_data_source(const tfplugin5::ReadDataSource::Request& request,
                        tfplugin5::ReadDataSource::Response& response) override;
  void stop(const tfplugin5::Stop::Request& request, tfplugin5::Stop::Response& response) override;

 private:
  // The resource module for a type the provider offers, or nullptr (with a diagnostic added).
  resources::Resource* find(const std::string& type_name, DiagnosticList* diags) const;
  resources::DataSource* find_data_source(const std::string& type_name,
                                          DiagnosticList* diags) const;
  std::shared_ptr<resources::Platform> platform(DiagnosticList* diags) const;

  const resources::Catalog& catalog_;
  mutable std::mutex mutex_;
  std::shared_ptr<resources::Platform> platform_;
};

}  // namespace fgform::plugin
