// A test double for the transport tests: a backend with no resources that serves a provider
// configuration schema and answers every resource and data-source RPC with an error
// diagnostic, so the server, handshake and TLS can be tested without the product backend
// (provider/plugin/functiongraph_backend).
#pragma once

#include "plugin/provider_backend.h"

namespace fgform::plugin {

class PlaceholderBackend final : public ProviderBackend {
 public:
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
};

}  // namespace fgform::plugin
